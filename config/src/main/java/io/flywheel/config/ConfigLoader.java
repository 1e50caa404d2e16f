package io.flywheel.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Builds a {@link FlywheelConfig} from, in rising precedence: built-in local defaults, a properties
 * file, environment variables ({@code FLYWHEEL_} + the key in upper case with dots and dashes as
 * underscores, e.g. {@code FLYWHEEL_POSTGRES_PASSWORD}), and explicit overrides (command flags).
 * Unknown keys in the file are an error, so a typo never silently falls back to a default.
 */
public final class ConfigLoader {

    /** The local defaults of the embedded setup; scripts and dashboards can rely on them. */
    public static final Map<String, String> DEFAULTS;

    static {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("data.dir", "data");
        d.put("listen.address", "127.0.0.1");
        d.put("kafka.bootstrap.servers", "");
        d.put("kafka.embedded", "true");
        d.put("kafka.broker.port", "19092");
        d.put("kafka.controller.port", "19093");
        d.put("kafka.broker.lib", "");
        d.put("kafka.topic.prefix", "flywheel.");
        d.put("kafka.topic.partitions", "6");
        d.put("kafka.topic.replication.factor", "1");
        d.put("kafka.topic.retention.ms", Long.toString(30L * 24 * 3600 * 1000));
        d.put("postgres.host", "127.0.0.1");
        d.put("postgres.port", "15432");
        d.put("postgres.database", "flywheel");
        d.put("postgres.user", "flywheel");
        d.put("postgres.password", "flywheel");
        d.put("postgres.embedded", "true");
        d.put("streaming.parallelism", "2");
        d.put("streaming.checkpoint.interval.ms", "10000");
        d.put("streaming.state.backend", "hashmap");
        d.put("streaming.checkpoint.dir", "flink/checkpoints");
        d.put("streaming.web.port", "18081");
        d.put("streaming.out.of.orderness.ms", "2000");
        d.put("streaming.allowed.lateness.ms", "60000");
        d.put("streaming.idleness.ms", "30000");
        d.put("streaming.dedupe.ttl.ms", Long.toString(24L * 3600 * 1000));
        d.put("streaming.flush.interval.ms", "200");
        d.put("streaming.budget.daily.micro.usd", "50000000");
        d.put("streaming.trend.window", "10m");
        d.put("streaming.trend.slide", "1m");
        d.put("streaming.trend.z.threshold", "3.5");
        d.put("streaming.trend.consecutive", "2");
        d.put("streaming.trend.min.views", "20");
        d.put("streaming.trend.baseline.weight", "0.02");
        d.put("streaming.trend.warmup.slides", "20");
        d.put("batch.lake.dir", "lake");
        d.put("batch.model.dir", "models");
        d.put("batch.spark.master", "local[2]");
        d.put("batch.horizon.hours", "72");
        d.put("batch.objective", "engaged_views");
        d.put("batch.ensemble.size", "5");
        d.put("batch.boost.rounds", "100");
        d.put("batch.max.depth", "2");
        d.put("batch.promotion.margin", "0.02");
        d.put("batch.recommendations.per.segment", "10");
        d.put("batch.exploration.share", "0.7");
        d.put("batch.exploration.commit", "0.15");
        d.put("batch.min.training.rows", "100");
        d.put("api.port", "18080");
        d.put("api.media.dir", "media");
        d.put("api.model.dir", "models");
        d.put("api.rate.per.second", "50");
        d.put("api.rate.burst", "100");
        d.put("api.max.body.bytes", "1048576");
        d.put("api.cors.origins", "");
        d.put("api.render.jobs.per.hour.per.key", "500");
        d.put("api.auth.failures.max.addresses", "10000");
        d.put("api.trend.boost", "0.25");
        d.put("api.trend.lookback", "30m");
        d.put("simulator.world", "baseline");
        d.put("simulator.seed", "1");
        d.put("simulator.period.minutes", "60");
        d.put("simulator.time.compression", "8640");
        d.put("render.concurrency", "1");
        d.put("render.job.timeout.s", "900");
        d.put("render.max.attempts", "3");
        d.put("render.max.regenerations", "3");
        d.put("render.fps", "30");
        d.put("render.preset", "veryfast");
        d.put("render.ffmpeg.path", "");
        d.put("render.tts.engine", "auto");
        d.put("render.openai.base.url", "");
        d.put("render.openai.api.key", "");
        d.put("render.openai.chat.model", "gpt-4o-mini");
        d.put("render.openai.tts.model", "tts-1");
        d.put("render.openai.image.model", "gpt-image-1");
        d.put("render.provider.timeout.s", "60");
        d.put("render.media.library.dir", "");
        d.put("render.music.dir", "");
        d.put("render.session.timeout.ms", "30000");
        d.put("render.min.free.bytes", "268435456");
        d.put("render.max.crashes", "3");
        d.put("render.job.status.check", "true");
        d.put("render.locales", "");
        d.put("render.pexels.url", "https://api.pexels.com");
        d.put("render.pexels.api.key", "");
        d.put("render.pixabay.url", "https://pixabay.com");
        d.put("render.pixabay.api.key", "");
        d.put("render.stock.media", "photo");
        d.put("render.stock.video.max.bytes", Long.toString(100L * 1024 * 1024));
        d.put("render.stock.video.deadline.s", "120");
        d.put("publish.adapter", "sandbox");
        d.put("youtube.token.url", "https://oauth2.googleapis.com/token");
        d.put("youtube.upload.url", "https://www.googleapis.com/upload/youtube/v3");
        d.put("youtube.api.url", "https://www.googleapis.com/youtube/v3");
        d.put("youtube.analytics.url", "https://youtubeanalytics.googleapis.com/v2");
        d.put("youtube.client.id", "");
        d.put("youtube.client.secret", "");
        d.put("youtube.refresh.token", "");
        d.put("youtube.quota.uploads.daily", "100");
        d.put("youtube.chunk.bytes", Integer.toString(8 * 1024 * 1024));
        d.put("youtube.category.id", "22");
        d.put("youtube.max.duration.s", "180");
        d.put("youtube.analytics.poll.minutes", "60");
        d.put("youtube.analytics.lag.hours", "72");
        d.put("youtube.timeout.s", "60");
        d.put("publish.token.key", "");
        d.put("publish.evidence.required", "true");
        d.put("tiktok.api.url", "https://open.tiktokapis.com");
        d.put("tiktok.client.key", "");
        d.put("tiktok.client.secret", "");
        d.put("tiktok.refresh.token", "");
        d.put("tiktok.chunk.bytes", Integer.toString(10 * 1024 * 1024));
        d.put("tiktok.audited", "false");
        d.put("tiktok.max.duration.s", "600");
        d.put("tiktok.status.poll.seconds", "15");
        d.put("tiktok.status.polls", "8");
        d.put("tiktok.analytics.poll.minutes", "60");
        d.put("tiktok.analytics.lag.hours", "48");
        d.put("tiktok.timeout.s", "60");
        d.put("instagram.graph.url", "https://graph.facebook.com/v24.0");
        d.put("instagram.refresh.url", "");
        d.put("instagram.user.id", "");
        d.put("instagram.access.token", "");
        d.put("instagram.media.url", "");
        d.put("instagram.media.link.key", "");
        d.put("instagram.status.poll.seconds", "30");
        d.put("instagram.status.polls", "10");
        d.put("instagram.limit.retry.minutes", "60");
        d.put("instagram.max.duration.s", "180");
        d.put("instagram.insights.poll.minutes", "60");
        d.put("instagram.insights.lag.hours", "48");
        d.put("instagram.timeout.s", "60");
        d.put("accounts.youtube.auth.url", "https://accounts.google.com/o/oauth2/v2/auth");
        d.put(
                "accounts.youtube.scopes",
                "https://www.googleapis.com/auth/youtube.upload"
                        + " https://www.googleapis.com/auth/youtube.readonly"
                        + " https://www.googleapis.com/auth/yt-analytics.readonly"
                        + " https://www.googleapis.com/auth/yt-analytics-monetary.readonly");
        d.put("accounts.tiktok.auth.url", "https://www.tiktok.com/v2/auth/authorize/");
        d.put("accounts.tiktok.scopes", "user.info.basic,video.upload,video.publish,video.list");
        d.put("accounts.tiktok.pkce.challenge", "hex");
        d.put("accounts.instagram.auth.url", "https://www.instagram.com/oauth/authorize");
        d.put("accounts.instagram.token.url", "https://api.instagram.com/oauth/access_token");
        d.put("accounts.instagram.exchange.url", "https://graph.instagram.com/access_token");
        d.put("accounts.instagram.app.id", "");
        d.put("accounts.instagram.app.secret", "");
        d.put(
                "accounts.instagram.scopes",
                "instagram_business_basic,instagram_business_content_publish,"
                        + "instagram_business_manage_insights");
        d.put("accounts.connect.timeout.s", "300");
        d.put("webhooks.enabled", "true");
        d.put("webhooks.max.attempts", "8");
        d.put("webhooks.backoff.initial.ms", "10000");
        d.put("webhooks.backoff.max.ms", "3600000");
        d.put("webhooks.timeout.s", "10");
        d.put("webhooks.poll.ms", "1000");
        d.put("webhooks.allow.private.addresses", "false");
        d.put("scheduler.enabled", "true");
        d.put("scheduler.cycle.interval", "15m");
        d.put("scheduler.experiments.interval", "1h");
        d.put("scheduler.maintenance.interval", "24h");
        d.put("scheduler.retries", "2");
        d.put("scheduler.retry.backoff", "30s");
        d.put("scheduler.job.timeout", "30m");
        d.put("scheduler.stop.grace", "40s");
        d.put("scheduler.port", "18082");
        d.put("scheduler.job.heap", "2g");
        d.put("supervisor.port", "18083");
        d.put("supervisor.max.restarts", "5");
        d.put("supervisor.restart.window", "10m");
        d.put("supervisor.max.backoff", "30s");
        d.put("profile", "embedded");
        d.put("cluster.kafka.ports", "19192,19193,19194");
        d.put("cluster.kafka.controller.ports", "19292,19293,19294");
        d.put("cluster.flink.rest.port", "18091");
        d.put("cluster.flink.rpc.port", "16123");
        d.put("cluster.flink.taskmanagers", "2");
        d.put("cluster.spark.master.port", "17077");
        d.put("cluster.spark.master.web.port", "18092");
        d.put("cluster.spark.workers", "2");
        d.put("cluster.render.workers", "2");
        d.put("metrics.render.port", "18084");
        d.put("metrics.publisher.port", "18085");
        d.put("metrics.audience.port", "18086");
        d.put("metrics.streaming.port", "18087");
        d.put("storage.url", "");
        d.put("storage.s3.endpoint", "");
        d.put("storage.s3.region", "us-east-1");
        d.put("storage.s3.path.style", "true");
        d.put("storage.s3.access.key", "");
        d.put("storage.s3.secret.key", "");
        d.put("storage.s3.server.port", "18090");
        DEFAULTS = Map.copyOf(d);
        Map<String, String> c = new LinkedHashMap<>();
        c.put("kafka.topic.replication.factor", "3");
        c.put("storage.url", "s3://flywheel");
        CLUSTER_DEFAULTS = Map.copyOf(c);
    }

    /**
     * What {@code profile=cluster} changes in the defaults (a file, the environment or an override
     * still wins). Derived when left blank: {@code kafka.bootstrap.servers} (the cluster's
     * brokers), {@code storage.s3.endpoint} (the local S3 server), {@code batch.spark.master} (the
     * local standalone master).
     */
    public static final Map<String, String> CLUSTER_DEFAULTS;

    private ConfigLoader() {}

    /** The environment variable that names a key, e.g. {@code FLYWHEEL_KAFKA_BROKER_PORT}. */
    public static String envName(String key) {
        return "FLYWHEEL_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Loads from the process environment: the file is {@code FLYWHEEL_CONFIG} if set. */
    public static FlywheelConfig fromEnvironment(Map<String, String> overrides) {
        Map<String, String> env = System.getenv();
        Optional<Path> file = Optional.ofNullable(env.get("FLYWHEEL_CONFIG")).map(Path::of);
        return load(file, env, overrides, homeFrom(env));
    }

    /** The built-in defaults alone: no file, no environment (tests and examples start from it). */
    public static FlywheelConfig defaults() {
        return load(Optional.empty(), Map.of(), Map.of(), homeFrom(Map.of()));
    }

    public static FlywheelConfig load(
            Optional<Path> file,
            Map<String, String> env,
            Map<String, String> overrides,
            Path home) {
        Map<String, String> given = new LinkedHashMap<>();
        file.ifPresent(f -> given.putAll(readFile(f)));
        for (String key : DEFAULTS.keySet()) {
            String v = env.get(envName(key));
            if (v != null) {
                given.put(key, v);
            }
        }
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            requireKnown(e.getKey(), "override");
            given.put(e.getKey(), e.getValue());
        }
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        if ("cluster".equals(given.getOrDefault("profile", DEFAULTS.get("profile")).trim())) {
            values.putAll(CLUSTER_DEFAULTS);
            values.put("batch.spark.master", "");
        }
        values.putAll(given);
        return build(values, home);
    }

    /** Where the checkout or installation is: {@code FLYWHEEL_HOME}, then {@code flywheel.home}. */
    public static Path homeFrom(Map<String, String> env) {
        String h = env.get("FLYWHEEL_HOME");
        if (h == null || h.isBlank()) {
            h = System.getProperty("flywheel.home", ".");
        }
        return Path.of(h).toAbsolutePath().normalize();
    }

    private static Map<String, String> readFile(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames()) {
            requireKnown(key, "config file " + file);
            out.put(key, p.getProperty(key).trim());
        }
        return out;
    }

    private static void requireKnown(String key, String where) {
        if (!DEFAULTS.containsKey(key)) {
            throw new ConfigException(
                    "unknown config key '"
                            + key
                            + "' in "
                            + where
                            + "; known keys: "
                            + knownKeys());
        }
    }

    private static Set<String> knownKeys() {
        return new java.util.TreeSet<>(DEFAULTS.keySet());
    }

    private static FlywheelConfig build(Map<String, String> v, Path home) {
        String listen = v.get("listen.address");
        Path dataDir = home.resolve(v.get("data.dir")).toAbsolutePath().normalize();
        int brokerPort = port(v, "kafka.broker.port");
        int controllerPort = port(v, "kafka.controller.port");
        if (brokerPort == controllerPort) {
            throw new ConfigException("kafka.broker.port and kafka.controller.port must differ");
        }
        ClusterSettings cluster =
                new ClusterSettings(
                        oneOf(v, "profile", Set.of("embedded", "cluster")).equals("cluster"),
                        ports(v, "cluster.kafka.ports"),
                        ports(v, "cluster.kafka.controller.ports"),
                        port(v, "cluster.flink.rest.port"),
                        port(v, "cluster.flink.rpc.port"),
                        positiveInt(v, "cluster.flink.taskmanagers"),
                        port(v, "cluster.spark.master.port"),
                        port(v, "cluster.spark.master.web.port"),
                        positiveInt(v, "cluster.spark.workers"),
                        positiveInt(v, "cluster.render.workers"));
        String bootstrap = v.get("kafka.bootstrap.servers");
        if (bootstrap.isBlank()) {
            bootstrap =
                    cluster.enabled() ? cluster.kafkaBootstrap(listen) : listen + ":" + brokerPort;
        }
        if (cluster.enabled() && v.get("batch.spark.master").isBlank()) {
            v.put("batch.spark.master", "spark://" + listen + ":" + cluster.sparkMasterPort());
        }
        if (cluster.enabled() && v.get("storage.s3.endpoint").isBlank()) {
            v.put(
                    "storage.s3.endpoint",
                    "http://" + listen + ":" + port(v, "storage.s3.server.port"));
        }
        String lib = v.get("kafka.broker.lib");
        Path brokerLib =
                lib.isBlank()
                        ? home.resolve("kafka-broker/target/lib")
                        : home.resolve(lib).toAbsolutePath().normalize();
        KafkaSettings kafka =
                new KafkaSettings(
                        bootstrap,
                        bool(v, "kafka.embedded"),
                        brokerPort,
                        controllerPort,
                        brokerLib,
                        v.get("kafka.topic.prefix"),
                        positiveInt(v, "kafka.topic.partitions"),
                        (short) positiveInt(v, "kafka.topic.replication.factor"),
                        positiveLong(v, "kafka.topic.retention.ms"));
        PostgresSettings postgres =
                new PostgresSettings(
                        nonBlank(v, "postgres.host"),
                        port(v, "postgres.port"),
                        nonBlank(v, "postgres.database"),
                        nonBlank(v, "postgres.user"),
                        Secret.of(v.get("postgres.password")),
                        bool(v, "postgres.embedded"));
        String webPort = nonBlank(v, "streaming.web.port");
        StreamingSettings streaming =
                new StreamingSettings(
                        positiveInt(v, "streaming.parallelism"),
                        Duration.ofMillis(positiveLong(v, "streaming.checkpoint.interval.ms")),
                        nonBlank(v, "streaming.state.backend").toLowerCase(Locale.ROOT),
                        inside(
                                dataDir,
                                nonBlank(v, "streaming.checkpoint.dir"),
                                "streaming.checkpoint.dir"),
                        webPort.equals("0") ? 0 : port(v, "streaming.web.port"),
                        Duration.ofMillis(positiveLong(v, "streaming.out.of.orderness.ms")),
                        Duration.ofMillis(positiveLong(v, "streaming.allowed.lateness.ms")),
                        Duration.ofMillis(positiveLong(v, "streaming.idleness.ms")),
                        Duration.ofMillis(positiveLong(v, "streaming.dedupe.ttl.ms")),
                        Duration.ofMillis(positiveLong(v, "streaming.flush.interval.ms")),
                        positiveLong(v, "streaming.budget.daily.micro.usd"),
                        new TrendSettings(
                                duration(v, "streaming.trend.window"),
                                duration(v, "streaming.trend.slide"),
                                positiveDouble(v, "streaming.trend.z.threshold"),
                                positiveInt(v, "streaming.trend.consecutive"),
                                nonNegativeLong(v, "streaming.trend.min.views"),
                                positiveDouble(v, "streaming.trend.baseline.weight"),
                                positiveInt(v, "streaming.trend.warmup.slides")));
        BatchSettings batch =
                new BatchSettings(
                        inside(dataDir, nonBlank(v, "batch.lake.dir"), "batch.lake.dir"),
                        inside(dataDir, nonBlank(v, "batch.model.dir"), "batch.model.dir"),
                        nonBlank(v, "batch.spark.master"),
                        positiveInt(v, "batch.horizon.hours"),
                        nonBlank(v, "batch.objective"),
                        positiveInt(v, "batch.ensemble.size"),
                        positiveInt(v, "batch.boost.rounds"),
                        positiveInt(v, "batch.max.depth"),
                        fraction(v, "batch.promotion.margin"),
                        positiveInt(v, "batch.recommendations.per.segment"),
                        fraction(v, "batch.exploration.share"),
                        fraction(v, "batch.exploration.commit"),
                        positiveInt(v, "batch.min.training.rows"));
        SimulatorSettings simulator =
                new SimulatorSettings(
                        nonBlank(v, "simulator.world"),
                        wholeNumber(v, "simulator.seed"),
                        positiveInt(v, "simulator.period.minutes"),
                        positiveDouble(v, "simulator.time.compression"));
        RenderSettings render =
                new RenderSettings(
                        positiveInt(v, "render.concurrency"),
                        positiveInt(v, "render.job.timeout.s"),
                        positiveInt(v, "render.max.attempts"),
                        positiveInt(v, "render.max.regenerations"),
                        positiveInt(v, "render.fps"),
                        oneOf(v, "render.preset", X264_PRESETS),
                        optionalPath(v, "render.ffmpeg.path", home),
                        oneOf(
                                v,
                                "render.tts.engine",
                                Set.of("auto", "espeak-ng", "freetts", "openai")),
                        v.get("render.openai.base.url").trim(),
                        Secret.of(v.get("render.openai.api.key")),
                        nonBlank(v, "render.openai.chat.model"),
                        nonBlank(v, "render.openai.tts.model"),
                        nonBlank(v, "render.openai.image.model"),
                        positiveInt(v, "render.provider.timeout.s"),
                        optionalPath(v, "render.media.library.dir", home),
                        optionalPath(v, "render.music.dir", home),
                        positiveInt(v, "render.session.timeout.ms"),
                        nonNegativeLong(v, "render.min.free.bytes"),
                        positiveInt(v, "render.max.crashes"),
                        bool(v, "render.job.status.check"),
                        locales(v.get("render.locales")),
                        nonBlank(v, "render.pexels.url"),
                        Secret.of(v.get("render.pexels.api.key")),
                        nonBlank(v, "render.pixabay.url"),
                        Secret.of(v.get("render.pixabay.api.key")),
                        oneOf(v, "render.stock.media", Set.of("photo", "video")),
                        positiveLong(v, "render.stock.video.max.bytes"),
                        positiveInt(v, "render.stock.video.deadline.s"));
        ApiSettings api =
                new ApiSettings(
                        port(v, "api.port"),
                        inside(dataDir, nonBlank(v, "api.media.dir"), "api.media.dir"),
                        inside(dataDir, nonBlank(v, "api.model.dir"), "api.model.dir"),
                        positiveDouble(v, "api.rate.per.second"),
                        positiveInt(v, "api.rate.burst"),
                        positiveInt(v, "api.max.body.bytes"),
                        java.util.Arrays.stream(v.get("api.cors.origins").split(","))
                                .map(String::trim)
                                .filter(o -> !o.isEmpty())
                                .toList(),
                        positiveInt(v, "api.render.jobs.per.hour.per.key"),
                        positiveInt(v, "api.auth.failures.max.addresses"),
                        fraction(v, "api.trend.boost"),
                        duration(v, "api.trend.lookback"));
        PublishSettings publish =
                new PublishSettings(
                        oneOf(
                                v,
                                "publish.adapter",
                                Set.of("sandbox", "youtube", "tiktok", "instagram")),
                        Secret.of(v.get("publish.token.key").trim()),
                        bool(v, "publish.evidence.required"));
        int chunk = positiveInt(v, "youtube.chunk.bytes");
        if (chunk % YouTubeSettings.CHUNK_GRANULE != 0) {
            throw new ConfigException(
                    "youtube.chunk.bytes must be a multiple of "
                            + YouTubeSettings.CHUNK_GRANULE
                            + " (256 KiB), not "
                            + chunk);
        }
        YouTubeSettings youtube =
                new YouTubeSettings(
                        nonBlank(v, "youtube.token.url"),
                        nonBlank(v, "youtube.upload.url"),
                        nonBlank(v, "youtube.api.url"),
                        nonBlank(v, "youtube.analytics.url"),
                        Secret.of(v.get("youtube.client.id").trim()),
                        Secret.of(v.get("youtube.client.secret").trim()),
                        Secret.of(v.get("youtube.refresh.token").trim()),
                        positiveInt(v, "youtube.quota.uploads.daily"),
                        chunk,
                        nonBlank(v, "youtube.category.id"),
                        positiveInt(v, "youtube.max.duration.s"),
                        positiveInt(v, "youtube.analytics.poll.minutes"),
                        positiveInt(v, "youtube.analytics.lag.hours"),
                        positiveInt(v, "youtube.timeout.s"));
        if (publish.youtube() && !youtube.hasCredentials()) {
            throw new ConfigException(
                    "publish.adapter=youtube needs FLYWHEEL_YOUTUBE_CLIENT_ID,"
                            + " FLYWHEEL_YOUTUBE_CLIENT_SECRET and FLYWHEEL_YOUTUBE_REFRESH_TOKEN");
        }
        int tiktokChunk = positiveInt(v, "tiktok.chunk.bytes");
        if (tiktokChunk < TikTokSettings.MIN_CHUNK || tiktokChunk > TikTokSettings.MAX_CHUNK) {
            throw new ConfigException(
                    "tiktok.chunk.bytes must be between 5 MiB (5242880) and 64 MiB (67108864),"
                            + " TikTok's FILE_UPLOAD chunk rule, not "
                            + tiktokChunk);
        }
        TikTokSettings tiktok =
                new TikTokSettings(
                        nonBlank(v, "tiktok.api.url"),
                        Secret.of(v.get("tiktok.client.key").trim()),
                        Secret.of(v.get("tiktok.client.secret").trim()),
                        Secret.of(v.get("tiktok.refresh.token").trim()),
                        tiktokChunk,
                        bool(v, "tiktok.audited"),
                        positiveInt(v, "tiktok.max.duration.s"),
                        positiveInt(v, "tiktok.status.poll.seconds"),
                        positiveInt(v, "tiktok.status.polls"),
                        positiveInt(v, "tiktok.analytics.poll.minutes"),
                        positiveInt(v, "tiktok.analytics.lag.hours"),
                        positiveInt(v, "tiktok.timeout.s"));
        if (publish.tiktok() && !tiktok.hasCredentials()) {
            throw new ConfigException(
                    "publish.adapter=tiktok needs FLYWHEEL_TIKTOK_CLIENT_KEY,"
                            + " FLYWHEEL_TIKTOK_CLIENT_SECRET and FLYWHEEL_TIKTOK_REFRESH_TOKEN");
        }
        if (!publish.tokenKey().isEmpty() || publish.tiktok()) {
            byte[] key;
            try {
                key = java.util.Base64.getDecoder().decode(publish.tokenKey().reveal());
            } catch (IllegalArgumentException notBase64) {
                key = new byte[0];
            }
            if (key.length != 32) {
                throw new ConfigException(
                        "FLYWHEEL_PUBLISH_TOKEN_KEY must be 32 random bytes in base64 (e.g."
                                + " `openssl rand -base64 32`); publish.adapter=tiktok needs it to"
                                + " keep TikTok's rotated refresh token across restarts");
            }
        }
        InstagramSettings instagram =
                new InstagramSettings(
                        nonBlank(v, "instagram.graph.url"),
                        v.get("instagram.refresh.url").trim(),
                        v.get("instagram.user.id").trim(),
                        Secret.of(v.get("instagram.access.token").trim()),
                        v.get("instagram.media.url").trim(),
                        Secret.of(v.get("instagram.media.link.key").trim()),
                        positiveInt(v, "instagram.status.poll.seconds"),
                        positiveInt(v, "instagram.status.polls"),
                        positiveInt(v, "instagram.limit.retry.minutes"),
                        positiveInt(v, "instagram.max.duration.s"),
                        positiveInt(v, "instagram.insights.poll.minutes"),
                        positiveInt(v, "instagram.insights.lag.hours"),
                        positiveInt(v, "instagram.timeout.s"));
        if (publish.instagram()
                && (!instagram.hasCredentials()
                        || instagram.mediaUrl().isEmpty()
                        || instagram.mediaLinkKey().isEmpty())) {
            throw new ConfigException(
                    "publish.adapter=instagram needs FLYWHEEL_INSTAGRAM_ACCESS_TOKEN,"
                            + " FLYWHEEL_INSTAGRAM_MEDIA_LINK_KEY, instagram.user.id and"
                            + " instagram.media.url (the public address Instagram fetches the video"
                            + " from)");
        }
        AccountSettings accounts =
                new AccountSettings(
                        nonBlank(v, "accounts.youtube.auth.url"),
                        nonBlank(v, "accounts.youtube.scopes"),
                        nonBlank(v, "accounts.tiktok.auth.url"),
                        nonBlank(v, "accounts.tiktok.scopes"),
                        oneOf(v, "accounts.tiktok.pkce.challenge", Set.of("hex", "base64url")),
                        nonBlank(v, "accounts.instagram.auth.url"),
                        nonBlank(v, "accounts.instagram.token.url"),
                        nonBlank(v, "accounts.instagram.exchange.url"),
                        Secret.of(v.get("accounts.instagram.app.id").trim()),
                        Secret.of(v.get("accounts.instagram.app.secret").trim()),
                        nonBlank(v, "accounts.instagram.scopes"),
                        positiveInt(v, "accounts.connect.timeout.s"));
        WebhookSettings webhooks =
                new WebhookSettings(
                        bool(v, "webhooks.enabled"),
                        positiveInt(v, "webhooks.max.attempts"),
                        positiveLong(v, "webhooks.backoff.initial.ms"),
                        positiveLong(v, "webhooks.backoff.max.ms"),
                        positiveInt(v, "webhooks.timeout.s"),
                        positiveLong(v, "webhooks.poll.ms"),
                        bool(v, "webhooks.allow.private.addresses"));
        if (webhooks.backoffMaxMs() < webhooks.backoffInitialMs()) {
            throw new ConfigException(
                    "webhooks.backoff.max.ms ("
                            + webhooks.backoffMaxMs()
                            + ") must not be below webhooks.backoff.initial.ms ("
                            + webhooks.backoffInitialMs()
                            + ")");
        }
        SchedulerSettings scheduler =
                new SchedulerSettings(
                        bool(v, "scheduler.enabled"),
                        duration(v, "scheduler.cycle.interval"),
                        duration(v, "scheduler.experiments.interval"),
                        duration(v, "scheduler.maintenance.interval"),
                        wholeInt(v, "scheduler.retries"),
                        duration(v, "scheduler.retry.backoff"),
                        duration(v, "scheduler.job.timeout"),
                        duration(v, "scheduler.stop.grace"),
                        port(v, "scheduler.port"),
                        nonBlank(v, "scheduler.job.heap"));
        SupervisorSettings supervisor =
                new SupervisorSettings(
                        port(v, "supervisor.port"),
                        wholeInt(v, "supervisor.max.restarts"),
                        duration(v, "supervisor.restart.window"),
                        duration(v, "supervisor.max.backoff"));
        MetricsSettings metrics =
                new MetricsSettings(
                        port(v, "metrics.render.port"),
                        port(v, "metrics.publisher.port"),
                        port(v, "metrics.audience.port"),
                        port(v, "metrics.streaming.port"));
        StorageSettings storage =
                new StorageSettings(
                        v.get("storage.url").trim(),
                        v.get("storage.s3.endpoint").trim(),
                        nonBlank(v, "storage.s3.region"),
                        bool(v, "storage.s3.path.style"),
                        Secret.of(v.get("storage.s3.access.key").trim()),
                        Secret.of(v.get("storage.s3.secret.key").trim()),
                        port(v, "storage.s3.server.port"));
        // The cluster profile's local S3 server gets credentials that `up` makes and keeps in the
        // data directory; a bucket named explicitly needs them from the environment.
        if (storage.s3()
                && !cluster.enabled()
                && (storage.s3AccessKey().isEmpty() || storage.s3SecretKey().isEmpty())) {
            throw new ConfigException(
                    "storage.url="
                            + storage.url()
                            + " needs FLYWHEEL_STORAGE_S3_ACCESS_KEY and"
                            + " FLYWHEEL_STORAGE_S3_SECRET_KEY");
        }
        return new FlywheelConfig(
                home,
                dataDir,
                nonBlank(v, "listen.address"),
                kafka,
                postgres,
                simulator,
                streaming,
                batch,
                render,
                api,
                publish,
                youtube,
                tiktok,
                instagram,
                scheduler,
                supervisor,
                storage,
                cluster,
                metrics,
                accounts,
                webhooks);
    }

    private static List<Integer> ports(Map<String, String> v, String key) {
        List<Integer> out = new java.util.ArrayList<>();
        for (String part : nonBlank(v, key).split(",")) {
            out.add(port(Map.of(key, part.trim()), key));
        }
        return out;
    }

    /**
     * A positive duration written as a number and a unit: {@code 500ms}, {@code 30s}, {@code 15m},
     * {@code 1h}, {@code 2d}.
     */
    public static Duration parseDuration(String key, String s) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("([0-9]+)\\s*(ms|s|m|h|d)").matcher(s.trim());
        if (!m.matches()) {
            throw new ConfigException(
                    key + " must be a duration like 500ms, 30s, 15m, 1h or 2d, not '" + s + "'");
        }
        long n = Long.parseLong(m.group(1));
        Duration d =
                switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
        if (d.isZero()) {
            throw new ConfigException(key + " must be longer than zero");
        }
        return d;
    }

    /** The form {@link #parseDuration} reads, in the largest whole unit. */
    public static String formatDuration(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000L == 0) {
            return ms / 86_400_000L + "d";
        } else if (ms % 3_600_000L == 0) {
            return ms / 3_600_000L + "h";
        } else if (ms % 60_000L == 0) {
            return ms / 60_000L + "m";
        } else if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    private static Duration duration(Map<String, String> v, String key) {
        return parseDuration(key, nonBlank(v, key));
    }

    private static int wholeInt(Map<String, String> v, String key) {
        long n = wholeNumber(v, key);
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw new ConfigException(key + " must be a whole number of at least 0, not " + n);
        }
        return (int) n;
    }

    /** A directory below the data directory (relative paths are resolved against it). */
    private static Path inside(Path dataDir, String value, String key) {
        Path root = dataDir.toAbsolutePath().normalize();
        Path p = root.resolve(value).normalize();
        if (!p.startsWith(root)) {
            throw new ConfigException(key + " must be inside the data directory, not " + p);
        }
        return p;
    }

    private static double fraction(Map<String, String> v, String key) {
        String s = nonBlank(v, key);
        try {
            double d = Double.parseDouble(s);
            if (!(d >= 0 && d <= 1)) {
                throw new ConfigException(key + " must be between 0 and 1, not " + s);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a number, not '" + s + "'", e);
        }
    }

    private static final Set<String> X264_PRESETS =
            Set.of(
                    "ultrafast",
                    "superfast",
                    "veryfast",
                    "faster",
                    "fast",
                    "medium",
                    "slow",
                    "slower",
                    "veryslow");

    /**
     * {@code render.locales}: {@code CHANNEL=locale|locale...} pairs separated by commas, e.g.
     * {@code TIKTOK=es-ES|en-US,YOUTUBE_SHORTS=pt-BR}: the locales each channel may use, its
     * default first; each locale a supported one. That each channel is a platform is checked where
     * the platforms are known ({@code ChannelLocales} in the model module; this module is below the
     * schemas).
     */
    static Map<String, List<String>> locales(String value) {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        for (String pair : value.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            String[] kv = pair.split("=", 2);
            String channel = kv[0].trim();
            List<String> allowed = new ArrayList<>();
            for (String l : (kv.length == 2 ? kv[1] : "").split("\\|", -1)) {
                String locale = l.trim();
                if (!RenderSettings.SUPPORTED_LOCALES.contains(locale)) {
                    throw new ConfigException(
                            "render.locales: "
                                    + channel
                                    + "'s locale '"
                                    + locale
                                    + "' is not supported; one of "
                                    + RenderSettings.SUPPORTED_LOCALES);
                }
                if (allowed.contains(locale)) {
                    throw new ConfigException(
                            "render.locales names " + locale + " twice for " + channel);
                }
                allowed.add(locale);
            }
            if (out.put(channel, List.copyOf(allowed)) != null) {
                throw new ConfigException("render.locales names " + channel + " twice");
            }
        }
        return out;
    }

    private static String oneOf(Map<String, String> v, String key, Set<String> allowed) {
        String s = nonBlank(v, key);
        if (!allowed.contains(s)) {
            throw new ConfigException(
                    key
                            + " must be one of "
                            + new java.util.TreeSet<>(allowed)
                            + ", not '"
                            + s
                            + "'");
        }
        return s;
    }

    private static Optional<Path> optionalPath(Map<String, String> v, String key, Path home) {
        String s = v.get(key).trim();
        return s.isEmpty()
                ? Optional.empty()
                : Optional.of(home.resolve(s).toAbsolutePath().normalize());
    }

    private static String nonBlank(Map<String, String> v, String key) {
        String s = v.get(key);
        if (s == null || s.isBlank()) {
            throw new ConfigException(key + " must not be empty");
        }
        return s.trim();
    }

    private static boolean bool(Map<String, String> v, String key) {
        String s = nonBlank(v, key).toLowerCase(Locale.ROOT);
        if (!s.equals("true") && !s.equals("false")) {
            throw new ConfigException(key + " must be true or false, not '" + s + "'");
        }
        return Boolean.parseBoolean(s);
    }

    private static int port(Map<String, String> v, String key) {
        int p = positiveInt(v, key);
        if (p > 65535) {
            throw new ConfigException(key + " must be a port number (1-65535), not " + p);
        }
        return p;
    }

    private static int positiveInt(Map<String, String> v, String key) {
        long n = positiveLong(v, key);
        if (n > Integer.MAX_VALUE) {
            throw new ConfigException(key + " is too large: " + n);
        }
        return (int) n;
    }

    private static long wholeNumber(Map<String, String> v, String key) {
        String s = nonBlank(v, key);
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a whole number, not '" + s + "'", e);
        }
    }

    private static long nonNegativeLong(Map<String, String> v, String key) {
        long n = wholeNumber(v, key);
        if (n < 0) {
            throw new ConfigException(key + " must not be negative, not " + n);
        }
        return n;
    }

    private static double positiveDouble(Map<String, String> v, String key) {
        String s = nonBlank(v, key);
        try {
            double d = Double.parseDouble(s);
            if (!(d > 0) || Double.isInfinite(d)) {
                throw new ConfigException(key + " must be a positive number, not " + s);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a number, not '" + s + "'", e);
        }
    }

    private static long positiveLong(Map<String, String> v, String key) {
        String s = nonBlank(v, key);
        try {
            long n = Long.parseLong(s);
            if (n <= 0) {
                throw new ConfigException(key + " must be positive, not " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a whole number, not '" + s + "'", e);
        }
    }
}
