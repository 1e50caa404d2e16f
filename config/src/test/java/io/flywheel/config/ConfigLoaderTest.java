package io.flywheel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir Path home;

    @Test
    void localDefaultsAreTheDocumentedOnes() {
        FlywheelConfig c = ConfigLoader.load(Optional.empty(), Map.of(), Map.of(), home);

        assertThat(c.kafka().bootstrapServers()).isEqualTo("127.0.0.1:19092");
        assertThat(c.postgres().jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:15432/flywheel");
        assertThat(c.postgres().user()).isEqualTo("flywheel");
        assertThat(c.postgres().password().reveal()).isEqualTo("flywheel");
        assertThat(c.dataDir()).isEqualTo(home.resolve("data"));
        assertThat(c.listenAddress()).isEqualTo("127.0.0.1");
        assertThat(c.kafka().brokerLibDir()).isEqualTo(home.resolve("kafka-broker/target/lib"));
    }

    @Test
    void environmentBeatsFileAndOverridesBeatEnvironment() throws Exception {
        Path file = home.resolve("flywheel.properties");
        Files.writeString(file, "postgres.port=25432\nkafka.broker.port=29092\ndata.dir=/srv/fw\n");
        Map<String, String> env =
                Map.of("FLYWHEEL_POSTGRES_PORT", "35432", "FLYWHEEL_POSTGRES_PASSWORD", "s3cret");

        FlywheelConfig c =
                ConfigLoader.load(
                        Optional.of(file), env, Map.of("kafka.broker.port", "39092"), home);

        assertThat(c.postgres().port()).isEqualTo(35432);
        assertThat(c.kafka().brokerPort()).isEqualTo(39092);
        assertThat(c.kafka().bootstrapServers()).isEqualTo("127.0.0.1:39092");
        assertThat(c.dataDir()).isEqualTo(Path.of("/srv/fw"));
        assertThat(c.postgres().password().reveal()).isEqualTo("s3cret");
    }

    @Test
    void accountsAndWebhooksHaveDefaultsSecretsFromTheEnvironmentAndCheckedBackoff() {
        FlywheelConfig c =
                ConfigLoader.load(
                        Optional.empty(),
                        Map.of(
                                "FLYWHEEL_ACCOUNTS_INSTAGRAM_APP_SECRET", "igsecret",
                                "FLYWHEEL_WEBHOOKS_MAX_ATTEMPTS", "3"),
                        Map.of(),
                        home);
        assertThat(c.accounts().tiktokPkceChallenge()).isEqualTo("hex");
        assertThat(c.accounts().connectTimeoutS()).isEqualTo(300);
        assertThat(c.accounts().instagramAppSecret().reveal()).isEqualTo("igsecret");
        assertThat(c.describe()).containsEntry("accounts.instagram.app.secret", "****");
        assertThat(c.describe().toString()).doesNotContain("igsecret");
        assertThat(c.webhooks().maxAttempts()).isEqualTo(3);
        assertThat(c.webhooks().backoffInitialMs()).isEqualTo(10_000);
        assertThat(c.describe()).containsEntry("webhooks.backoff.max.ms", "3600000");
        assertThat(c.webhooks().allowPrivateAddresses()).isFalse();
        assertThat(c.publish().evidenceRequired()).isTrue();
        assertThat(c.describe()).containsEntry("publish.evidence.required", "true");
        assertThat(
                        ConfigLoader.load(
                                        Optional.empty(),
                                        Map.of("FLYWHEEL_PUBLISH_EVIDENCE_REQUIRED", "false"),
                                        Map.of(),
                                        home)
                                .publish()
                                .evidenceRequired())
                .isFalse();
        assertThat(c.describe()).containsEntry("webhooks.allow.private.addresses", "false");
        assertThat(
                        ConfigLoader.load(
                                        Optional.empty(),
                                        Map.of("FLYWHEEL_WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", "true"),
                                        Map.of(),
                                        home)
                                .webhooks()
                                .allowPrivateAddresses())
                .isTrue();
        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        Optional.empty(),
                                        Map.of(),
                                        Map.of(
                                                "webhooks.backoff.initial.ms", "5000",
                                                "webhooks.backoff.max.ms", "1000"),
                                        home))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("webhooks.backoff.max.ms (1000)");
        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        Optional.empty(),
                                        Map.of(),
                                        Map.of("accounts.tiktok.pkce.challenge", "plain"),
                                        home))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("accounts.tiktok.pkce.challenge");
    }

    @Test
    void describeMasksTheSecret() {
        FlywheelConfig c =
                ConfigLoader.load(
                        Optional.empty(),
                        Map.of("FLYWHEEL_POSTGRES_PASSWORD", "hunter2"),
                        Map.of(),
                        home);

        assertThat(c.describe()).containsEntry("postgres.password", "****");
        assertThat(c.describe().toString()).doesNotContain("hunter2");
        assertThat(c.postgres().toString()).doesNotContain("hunter2");
        assertThat(c.postgres().libpqUrl()).doesNotContain("hunter2");
    }

    @Test
    void storageIsTheDataDirectoryByDefaultAndAnS3BucketWithCredentialsFromTheEnvironment() {
        FlywheelConfig local = ConfigLoader.load(Optional.empty(), Map.of(), Map.of(), home);
        assertThat(local.storage().s3()).isFalse();

        FlywheelConfig s3 =
                ConfigLoader.load(
                        Optional.empty(),
                        Map.of(
                                "FLYWHEEL_STORAGE_S3_ACCESS_KEY", "AKID",
                                "FLYWHEEL_STORAGE_S3_SECRET_KEY", "topsecret"),
                        Map.of(
                                "storage.url", "s3://flywheel-lake/team-a/",
                                "storage.s3.endpoint", "http://127.0.0.1:9000"),
                        home);
        assertThat(s3.storage().bucket()).isEqualTo("flywheel-lake");
        assertThat(s3.storage().prefix()).isEqualTo("team-a");
        assertThat(s3.storage().url("s3a", "lake/gold"))
                .isEqualTo("s3a://flywheel-lake/team-a/lake/gold");
        assertThat(s3.describe()).containsEntry("storage.s3.secret.key", "****");
        assertThat(s3.describe().toString()).doesNotContain("topsecret");

        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        Optional.empty(),
                                        Map.of(),
                                        Map.of("storage.url", "s3://flywheel-lake"),
                                        home))
                .hasMessageContaining("FLYWHEEL_STORAGE_S3_ACCESS_KEY");
        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        Optional.empty(),
                                        Map.of(),
                                        Map.of("storage.url", "/tmp/elsewhere"),
                                        home))
                .hasMessageContaining("s3://bucket[/prefix]");
    }

    @Test
    void theClusterProfileNamesThreeBrokersTheLocalBucketAndTheStandaloneMaster() {
        FlywheelConfig c =
                ConfigLoader.load(Optional.empty(), Map.of(), Map.of("profile", "cluster"), home);

        assertThat(c.cluster().enabled()).isTrue();
        assertThat(c.kafka().bootstrapServers())
                .isEqualTo("127.0.0.1:19192,127.0.0.1:19193,127.0.0.1:19194");
        assertThat(c.kafka().replicationFactor()).isEqualTo((short) 3);
        assertThat(c.batch().sparkMaster()).isEqualTo("spark://127.0.0.1:17077");
        assertThat(c.storage().url()).isEqualTo("s3://flywheel");
        assertThat(c.storage().s3Endpoint()).isEqualTo("http://127.0.0.1:18090");
        assertThat(c.cluster().flinkTaskManagers()).isEqualTo(2);
        assertThat(c.cluster().renderWorkers()).isEqualTo(2);

        // What the user sets still wins over the profile's defaults.
        FlywheelConfig own =
                ConfigLoader.load(
                        Optional.empty(),
                        Map.of("FLYWHEEL_PROFILE", "cluster"),
                        Map.of("batch.spark.master", "spark://spark.internal:7077"),
                        home);
        assertThat(own.batch().sparkMaster()).isEqualTo("spark://spark.internal:7077");

        FlywheelConfig embedded = ConfigLoader.load(Optional.empty(), Map.of(), Map.of(), home);
        assertThat(embedded.cluster().enabled()).isFalse();
        assertThat(embedded.batch().sparkMaster()).isEqualTo("local[2]");
        assertThat(embedded.storage().s3()).isFalse();
        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        Optional.empty(),
                                        Map.of(),
                                        Map.of("profile", "cluster", "cluster.kafka.ports", "1,2"),
                                        home))
                .hasMessageContaining("as many ports");
    }

    @Test
    void unknownKeysAndBadValuesAreClearErrors() throws Exception {
        Path file = home.resolve("typo.properties");
        Files.writeString(file, "postgres.prot=1\n");

        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Map.of(), Map.of(), home))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown config key 'postgres.prot'");
        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        Optional.empty(),
                                        Map.of("FLYWHEEL_KAFKA_BROKER_PORT", "ninety"),
                                        Map.of(),
                                        home))
                .hasMessageContaining("kafka.broker.port must be a whole number, not 'ninety'");
        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        Optional.empty(),
                                        Map.of(),
                                        Map.of("postgres.port", "70000"),
                                        home))
                .hasMessageContaining("port number");
    }

    @Test
    void metricsPortsHaveDistinctLocalDefaultsAndCanBeSetFromTheEnvironment() {
        FlywheelConfig c = ConfigLoader.load(Optional.empty(), Map.of(), Map.of(), home);
        assertThat(c.metrics()).isEqualTo(new MetricsSettings(18084, 18085, 18086, 18087));
        assertThat(c.describe()).containsEntry("metrics.streaming.port", "18087");

        FlywheelConfig set =
                ConfigLoader.load(
                        Optional.empty(),
                        Map.of("FLYWHEEL_METRICS_RENDER_PORT", "29001"),
                        Map.of("metrics.audience.port", "29003"),
                        home);
        assertThat(set.metrics().renderPort()).isEqualTo(29001);
        assertThat(set.metrics().audiencePort()).isEqualTo(29003);
        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        Optional.empty(),
                                        Map.of(),
                                        Map.of("metrics.publisher.port", "70000"),
                                        home))
                .hasMessageContaining("metrics.publisher.port must be a port number");
    }

    @Test
    void dataPathsCannotEscapeTheDataDirectory() {
        FlywheelConfig c = ConfigLoader.load(Optional.empty(), Map.of(), Map.of(), home);

        assertThat(c.dataPath("kafka", "logs")).isEqualTo(home.resolve("data/kafka/logs"));
        assertThatThrownBy(() -> c.dataPath("..", "etc"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("escapes the data directory");
    }

    @Test
    void streamingSettingsHaveLocalDefaultsAndStayInTheDataDirectory() {
        FlywheelConfig c =
                ConfigLoader.load(
                        Optional.empty(),
                        Map.of("FLYWHEEL_STREAMING_BUDGET_DAILY_MICRO_USD", "1234"),
                        Map.of("streaming.state.backend", "RocksDB"),
                        home);

        assertThat(c.streaming().dailyBudgetMicroUsd()).isEqualTo(1234);
        assertThat(c.streaming().stateBackend()).isEqualTo("rocksdb");
        assertThat(c.streaming().checkpointDir()).isEqualTo(home.resolve("data/flink/checkpoints"));
        assertThat(c.streaming().allowedLateness()).hasSeconds(60);
        assertThat(c.describe()).containsEntry("streaming.budget.daily.micro.usd", "1234");
        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        Optional.empty(),
                                        Map.of(),
                                        Map.of("streaming.checkpoint.dir", "../../etc"),
                                        home))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("must be inside the data directory");
        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        Optional.empty(),
                                        Map.of(),
                                        Map.of("streaming.state.backend", "memory"),
                                        home))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void trendSettingsHaveTheDocumentedDefaultsAndClearErrors() {
        TrendSettings d =
                ConfigLoader.load(Optional.empty(), Map.of(), Map.of(), home).streaming().trend();
        assertThat(d)
                .isEqualTo(
                        new TrendSettings(
                                java.time.Duration.ofMinutes(10),
                                java.time.Duration.ofMinutes(1),
                                3.5,
                                2,
                                20,
                                0.02,
                                20));
        assertThat(d.slides()).isEqualTo(10);
        FlywheelConfig c =
                ConfigLoader.load(
                        Optional.empty(),
                        Map.of("FLYWHEEL_STREAMING_TREND_Z_THRESHOLD", "4.5"),
                        Map.of("streaming.trend.window", "15m", "api.trend.lookback", "2h"),
                        home);
        assertThat(c.streaming().trend().zThreshold()).isEqualTo(4.5);
        assertThat(c.streaming().trend().slides()).isEqualTo(15);
        assertThat(c.api().trendLookBack()).hasMinutes(120);
        assertThat(c.describe())
                .containsEntry("streaming.trend.window", "15m")
                .containsEntry("streaming.trend.z.threshold", "4.5")
                .containsEntry("api.trend.lookback", "2h");
        assertThat(
                        ConfigLoader.load(Optional.empty(), Map.of(), Map.of(), home)
                                .api()
                                .trendLookBack())
                .hasMinutes(30);

        Map<String, String> bad =
                Map.of(
                        "streaming.trend.window", "90s",
                        "streaming.trend.z.threshold", "-1",
                        "streaming.trend.baseline.weight", "1.5",
                        "streaming.trend.consecutive", "0",
                        "streaming.trend.min.views", "-3",
                        "streaming.trend.slide", "soon",
                        "api.trend.lookback", "90s");
        Map<String, String> message =
                Map.of(
                        "streaming.trend.window",
                                "streaming.trend.window must be a whole number of slides (1m), not"
                                        + " 90s",
                        "streaming.trend.z.threshold",
                                "streaming.trend.z.threshold must be a positive number, not -1",
                        "streaming.trend.baseline.weight",
                                "streaming.trend.baseline.weight must be above 0 and at most 1, not"
                                        + " 1.5",
                        "streaming.trend.consecutive",
                                "streaming.trend.consecutive must be positive, not 0",
                        "streaming.trend.min.views",
                                "streaming.trend.min.views must not be negative, not -3",
                        "streaming.trend.slide",
                                "streaming.trend.slide must be a duration like 500ms",
                        "api.trend.lookback", "api.trend.lookback must be whole minutes");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            assertThatThrownBy(
                            () ->
                                    ConfigLoader.load(
                                            Optional.empty(),
                                            Map.of(),
                                            Map.of(e.getKey(), e.getValue()),
                                            home))
                    .as(e.getKey())
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(message.get(e.getKey()));
        }
    }

    @Test
    void batchSettingsLiveInTheDataDirectoryAndAreChecked() {
        FlywheelConfig c =
                ConfigLoader.load(
                        Optional.empty(),
                        Map.of("FLYWHEEL_BATCH_HORIZON_HOURS", "48"),
                        Map.of("batch.objective", "views"),
                        home);

        assertThat(c.batch().lakeDir()).isEqualTo(home.resolve("data/lake"));
        assertThat(c.batch().modelDir()).isEqualTo(home.resolve("data/models"));
        assertThat(c.batch().horizonHours()).isEqualTo(48);
        assertThat(c.batch().objective()).isEqualTo("views");
        assertThat(c.batch().sparkMaster()).isEqualTo("local[2]");
        assertThat(c.describe()).containsEntry("batch.ensemble.size", "5");
        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        Optional.empty(),
                                        Map.of(),
                                        Map.of("batch.lake.dir", "../outside"),
                                        home))
                .hasMessageContaining("batch.lake.dir must be inside the data directory");
        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        Optional.empty(),
                                        Map.of(),
                                        Map.of("batch.objective", "vibes"),
                                        home))
                .hasMessageContaining("batch.objective must be one of");
        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        Optional.empty(),
                                        Map.of(),
                                        Map.of("batch.exploration.share", "1.5"),
                                        home))
                .hasMessageContaining("between 0 and 1");
    }

    @Test
    void aPlannedCampaignExploresUntilItsLastCyclesThenCommits() {
        BatchSettings d = ConfigLoader.load(Optional.empty(), Map.of(), Map.of(), home).batch();
        assertThat(d.explorationCommit()).isEqualTo(0.15);
        // 20 cycles: 3 commit; the demo's 3 cycles: round(0.45) = none
        assertThat(d.explorationShare(1, 20)).isEqualTo(0.7);
        assertThat(d.explorationShare(17, 20)).isEqualTo(0.7);
        assertThat(d.explorationShare(18, 20)).isZero();
        assertThat(d.explorationShare(20, 20)).isZero();
        assertThat(d.explorationShare(3, 3)).isEqualTo(0.7);
        assertThatThrownBy(() -> d.explorationShare(21, 20))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1..20");

        BatchSettings half =
                ConfigLoader.load(
                                Optional.empty(),
                                Map.of("FLYWHEEL_BATCH_EXPLORATION_COMMIT", "0.5"),
                                Map.of(),
                                home)
                        .batch();
        assertThat(half.explorationShare(10, 20)).isEqualTo(0.7);
        assertThat(half.explorationShare(11, 20)).isZero();
        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        Optional.empty(),
                                        Map.of(),
                                        Map.of("batch.exploration.commit", "1"),
                                        home))
                .hasMessageContaining("batch.exploration.commit must be in [0, 1)");
    }

    @Test
    void renderSettingsHaveOfflineDefaultsAndMaskTheApiKey() {
        FlywheelConfig d = ConfigLoader.load(Optional.empty(), Map.of(), Map.of(), home);
        assertThat(d.render().openAiConfigured()).isFalse();
        assertThat(d.render().preset()).isEqualTo("veryfast");
        assertThat(d.render().ffmpegPath()).isEmpty();
        assertThat(d.render().minFreeBytes()).isEqualTo(256L << 20);
        assertThat(d.render().maxCrashes()).isEqualTo(3);
        assertThat(d.render().jobStatusCheck()).isTrue();
        assertThat(
                        ConfigLoader.load(
                                        Optional.empty(),
                                        Map.of("FLYWHEEL_RENDER_MIN_FREE_BYTES", "0"),
                                        Map.of(),
                                        home)
                                .describe())
                .containsEntry("render.min.free.bytes", "0");
        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        Optional.empty(),
                                        Map.of("FLYWHEEL_RENDER_MIN_FREE_BYTES", "-1"),
                                        Map.of(),
                                        home))
                .hasMessageContaining("render.min.free.bytes must not be negative");

        FlywheelConfig c =
                ConfigLoader.load(
                        Optional.empty(),
                        Map.of(
                                "FLYWHEEL_RENDER_OPENAI_API_KEY", "sk-topsecret",
                                "FLYWHEEL_RENDER_OPENAI_BASE_URL", "http://127.0.0.1:11434/v1",
                                "FLYWHEEL_RENDER_CONCURRENCY", "3"),
                        Map.of(),
                        home);
        assertThat(c.render().openAiConfigured()).isTrue();
        assertThat(c.render().concurrency()).isEqualTo(3);
        assertThat(c.render().openAiApiKey().reveal()).isEqualTo("sk-topsecret");
        assertThat(c.describe()).containsEntry("render.openai.api.key", "****");
        assertThat(c.describe().toString()).doesNotContain("sk-topsecret");
        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        Optional.empty(),
                                        Map.of("FLYWHEEL_RENDER_PRESET", "warp"),
                                        Map.of(),
                                        home))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("render.preset");
    }

    @Test
    void apiSettingsHaveSafeDefaultsAndStayInsideTheDataDirectory() {
        FlywheelConfig c = ConfigLoader.load(Optional.empty(), Map.of(), Map.of(), home);
        assertThat(c.api().port()).isEqualTo(18080);
        assertThat(c.api().mediaDir()).isEqualTo(home.resolve("data/media"));
        assertThat(c.api().modelDir()).isEqualTo(home.resolve("data/models"));
        assertThat(c.api().corsOrigins()).as("CORS is off by default").isEmpty();

        FlywheelConfig custom =
                ConfigLoader.load(
                        Optional.empty(),
                        Map.of("FLYWHEEL_API_CORS_ORIGINS", "https://a.example, https://b.example"),
                        Map.of("api.rate.per.second", "2.5"),
                        home);
        assertThat(custom.api().corsOrigins())
                .containsExactly("https://a.example", "https://b.example");
        assertThat(custom.api().ratePerSecond()).isEqualTo(2.5);

        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        Optional.empty(),
                                        Map.of(),
                                        Map.of("api.media.dir", "../elsewhere"),
                                        home))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("api.media.dir");
        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        Optional.empty(),
                                        Map.of(),
                                        Map.of("api.rate.per.second", "0"),
                                        home))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void publishingDefaultsToTheSandboxAndYouTubeNeedsItsCredentials() {
        FlywheelConfig c = ConfigLoader.load(Optional.empty(), Map.of(), Map.of(), home);
        assertThat(c.publish().adapter()).isEqualTo("sandbox");
        assertThat(c.youtube().dailyUploads()).isEqualTo(100);

        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        Optional.empty(),
                                        Map.of("FLYWHEEL_PUBLISH_ADAPTER", "youtube"),
                                        Map.of(),
                                        home))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("FLYWHEEL_YOUTUBE_REFRESH_TOKEN");
        FlywheelConfig yt =
                ConfigLoader.load(
                        Optional.empty(),
                        Map.of(
                                "FLYWHEEL_PUBLISH_ADAPTER", "youtube",
                                "FLYWHEEL_YOUTUBE_CLIENT_ID", "client-1",
                                "FLYWHEEL_YOUTUBE_CLIENT_SECRET", "s3cr3t-client",
                                "FLYWHEEL_YOUTUBE_REFRESH_TOKEN", "1//refresh-s3cr3t"),
                        Map.of(),
                        home);
        assertThat(yt.publish().youtube()).isTrue();
        assertThat(yt.youtube().refreshToken().reveal()).isEqualTo("1//refresh-s3cr3t");
        assertThat(yt.describe().toString())
                .doesNotContain("s3cr3t")
                .doesNotContain("client-1")
                .contains("youtube.refresh.token=****");
        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        Optional.empty(),
                                        Map.of(),
                                        Map.of("youtube.chunk.bytes", "100000"),
                                        home))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("256 KiB");
    }

    @Test
    void tiktokAndInstagramTakeSecretsFromTheEnvironmentAndCheckTheirRules() {
        String key = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        Optional.empty(),
                                        Map.of(
                                                "FLYWHEEL_PUBLISH_ADAPTER", "tiktok",
                                                "FLYWHEEL_TIKTOK_CLIENT_KEY", "key-1",
                                                "FLYWHEEL_TIKTOK_CLIENT_SECRET", "s3cr3t-client",
                                                "FLYWHEEL_TIKTOK_REFRESH_TOKEN", "rft.s3cr3t"),
                                        Map.of(),
                                        home))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("FLYWHEEL_PUBLISH_TOKEN_KEY");
        FlywheelConfig c = ConfigLoader.load(Optional.empty(), Map.of(), Map.of(), home);
        assertThat(c.tiktok().chunkBytes()).isEqualTo(10 * 1024 * 1024);
        assertThat(c.tiktok().audited()).isFalse();
        assertThat(c.instagram().graphUrl()).isEqualTo("https://graph.facebook.com/v24.0");
        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        Optional.empty(),
                                        Map.of("FLYWHEEL_PUBLISH_ADAPTER", "tiktok"),
                                        Map.of(),
                                        home))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("FLYWHEEL_TIKTOK_REFRESH_TOKEN");
        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        Optional.empty(),
                                        Map.of(),
                                        Map.of("tiktok.chunk.bytes", "1048576"),
                                        home))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("5 MiB");
        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        Optional.empty(),
                                        Map.of(
                                                "FLYWHEEL_PUBLISH_ADAPTER", "instagram",
                                                "FLYWHEEL_INSTAGRAM_ACCESS_TOKEN", "IGtok-s3cr3t",
                                                "FLYWHEEL_INSTAGRAM_USER_ID", "1784"),
                                        Map.of(),
                                        home))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("instagram.media.url");
        FlywheelConfig tt =
                ConfigLoader.load(
                        Optional.empty(),
                        Map.of(
                                "FLYWHEEL_PUBLISH_ADAPTER", "tiktok",
                                "FLYWHEEL_TIKTOK_CLIENT_KEY", "key-1",
                                "FLYWHEEL_TIKTOK_CLIENT_SECRET", "s3cr3t-client",
                                "FLYWHEEL_TIKTOK_REFRESH_TOKEN", "rft.s3cr3t",
                                "FLYWHEEL_PUBLISH_TOKEN_KEY", key,
                                "FLYWHEEL_INSTAGRAM_ACCESS_TOKEN", "IGtok-s3cr3t"),
                        Map.of(),
                        home);
        assertThat(tt.publish().tiktok()).isTrue();
        assertThat(tt.describe()).containsEntry("publish.token.key", "****");
        assertThat(tt.tiktok().refreshToken().reveal()).isEqualTo("rft.s3cr3t");
        assertThat(tt.describe().toString())
                .doesNotContain("s3cr3t")
                .doesNotContain("key-1")
                .contains("tiktok.refresh.token=****", "instagram.access.token=****");
    }

    @Test
    void schedulerIntervalsAreDurationsWithUnits() {
        FlywheelConfig c = ConfigLoader.load(Optional.empty(), Map.of(), Map.of(), home);
        assertThat(c.scheduler().cycleInterval()).isEqualTo(java.time.Duration.ofMinutes(15));
        assertThat(c.scheduler().experimentsInterval()).isEqualTo(java.time.Duration.ofHours(1));
        assertThat(c.scheduler().maintenanceInterval()).isEqualTo(java.time.Duration.ofDays(1));
        assertThat(c.scheduler().retries()).isEqualTo(2);
        assertThat(c.describe()).containsEntry("scheduler.maintenance.interval", "1d");

        FlywheelConfig custom =
                ConfigLoader.load(
                        Optional.empty(),
                        Map.of("FLYWHEEL_SCHEDULER_CYCLE_INTERVAL", "90s"),
                        Map.of("scheduler.job.timeout", "1500ms"),
                        home);
        assertThat(custom.scheduler().cycleInterval()).isEqualTo(java.time.Duration.ofSeconds(90));
        assertThat(custom.scheduler().jobTimeout()).isEqualTo(java.time.Duration.ofMillis(1500));
        assertThat(custom.describe()).containsEntry("scheduler.job.timeout", "1500ms");

        for (String bad : new String[] {"15", "0s", "-1m", "1 week", ""}) {
            assertThatThrownBy(
                            () ->
                                    ConfigLoader.load(
                                            Optional.empty(),
                                            Map.of(),
                                            Map.of("scheduler.cycle.interval", bad),
                                            home))
                    .as(bad)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("scheduler.cycle.interval");
        }
    }

    @Test
    void channelLocalesAreReadCheckedAndPrinted() {
        FlywheelConfig c =
                ConfigLoader.load(
                        Optional.empty(),
                        Map.of("FLYWHEEL_RENDER_LOCALES", "TIKTOK=es-ES, YOUTUBE_SHORTS=ja-JP"),
                        Map.of(),
                        home);
        assertThat(c.render().localeOf("TIKTOK")).isEqualTo("es-ES");
        assertThat(c.render().localeOf("YOUTUBE_SHORTS")).isEqualTo("ja-JP");
        assertThat(c.render().localeOf("INSTAGRAM_REELS")).isEqualTo("en-US");
        assertThat(c.render().localesOf("INSTAGRAM_REELS")).containsExactly("en-US");
        assertThat(c.describe())
                .containsEntry("render.locales", "TIKTOK=es-ES,YOUTUBE_SHORTS=ja-JP");
        FlywheelConfig several =
                ConfigLoader.load(
                        Optional.empty(),
                        Map.of(
                                "FLYWHEEL_RENDER_LOCALES",
                                "TIKTOK=es-ES|en-US,YOUTUBE_SHORTS=pt-BR"),
                        Map.of(),
                        home);
        assertThat(several.render().localesOf("TIKTOK")).containsExactly("es-ES", "en-US");
        assertThat(several.render().localeOf("TIKTOK")).isEqualTo("es-ES");
        assertThat(several.render().localesOf("YOUTUBE_SHORTS")).containsExactly("pt-BR");
        assertThat(several.describe())
                .containsEntry("render.locales", "TIKTOK=es-ES|en-US,YOUTUBE_SHORTS=pt-BR");
        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        Optional.empty(),
                                        Map.of(),
                                        Map.of("render.locales", "TIKTOK=es-ES|xx-YY"),
                                        home))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'xx-YY' is not supported");
        assertThat(ConfigLoader.load(Optional.empty(), Map.of(), Map.of(), home).render().locales())
                .isEmpty();
        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        Optional.empty(),
                                        Map.of(),
                                        Map.of("render.locales", "TIKTOK=fr-FR"),
                                        home))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("TIKTOK's locale 'fr-FR' is not supported");
        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        Optional.empty(),
                                        Map.of(),
                                        Map.of("render.locales", "TIKTOK=es-ES,TIKTOK=de-DE"),
                                        home))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("names TIKTOK twice");
    }

    @Test
    void stockMediaIsPhotoUnlessVideoIsAskedForAndNothingElse() {
        RenderSettings byDefault =
                ConfigLoader.load(Optional.empty(), Map.of(), Map.of(), home).render();
        assertThat(byDefault.stockMedia()).isEqualTo("photo");
        assertThat(byDefault.stockVideo()).isFalse();
        FlywheelConfig video =
                ConfigLoader.load(
                        Optional.empty(),
                        Map.of(
                                "FLYWHEEL_RENDER_STOCK_MEDIA", "video",
                                "FLYWHEEL_RENDER_STOCK_VIDEO_MAX_BYTES", "5000000"),
                        Map.of(),
                        home);
        assertThat(video.render().stockVideo()).isTrue();
        assertThat(video.render().stockVideoMaxBytes()).isEqualTo(5_000_000);
        assertThat(video.describe()).containsEntry("render.stock.media", "video");
        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        Optional.empty(),
                                        Map.of(),
                                        Map.of("render.stock.media", "gif"),
                                        home))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("render.stock.media");
    }
}
