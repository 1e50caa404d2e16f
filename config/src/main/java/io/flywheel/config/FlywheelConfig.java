package io.flywheel.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every address, path and credential a Flywheel process needs, in one place. Load it with {@link
 * ConfigLoader}; print it with {@link #describe()}, which masks secrets.
 *
 * @param home the checkout or installation (the broker's jars and the shipped files are found
 *     there)
 * @param dataDir everything Flywheel writes lives below this directory
 * @param listenAddress the address local services bind to (loopback unless configured)
 * @param simulator the sandbox platform's simulated audience
 * @param streaming the Flink jobs' checkpoints, watermarks and budget
 * @param batch the Spark batch jobs' lake, model store and learning settings
 * @param render the render workers' settings
 * @param api how the strategy API serves
 * @param publish which platform adapter the publisher uses
 * @param youtube the YouTube API clients (used when {@code publish.adapter=youtube})
 * @param tiktok the TikTok API clients (used when {@code publish.adapter=tiktok})
 * @param instagram the Instagram Graph API client (used when {@code publish.adapter=instagram})
 * @param scheduler when the local scheduler runs the batch jobs
 * @param supervisor how the local supervisor restarts processes that die
 * @param storage where the lake, checkpoints, models and media live (data directory or S3)
 * @param cluster the cluster profile: what {@code up --profile cluster} runs on one machine
 * @param metrics the {@code /metrics} ports of the render worker, publisher, audience and Flink
 *     jobs
 * @param accounts how {@code flywheel accounts connect} authorises platform accounts
 * @param webhooks how the API delivers webhooks
 */
public record FlywheelConfig(
        Path home,
        Path dataDir,
        String listenAddress,
        KafkaSettings kafka,
        PostgresSettings postgres,
        SimulatorSettings simulator,
        StreamingSettings streaming,
        BatchSettings batch,
        RenderSettings render,
        ApiSettings api,
        PublishSettings publish,
        YouTubeSettings youtube,
        TikTokSettings tiktok,
        InstagramSettings instagram,
        SchedulerSettings scheduler,
        SupervisorSettings supervisor,
        StorageSettings storage,
        ClusterSettings cluster,
        MetricsSettings metrics,
        AccountSettings accounts,
        WebhookSettings webhooks) {
    /** The configuration as key = value lines, secrets masked, for start-up logs and `config`. */
    public Map<String, String> describe() {
        Map<String, String> out = new TreeMap<>();
        out.put("home", home.toString());
        out.put("data.dir", dataDir.toString());
        out.put("listen.address", listenAddress);
        out.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        out.put("kafka.embedded", Boolean.toString(kafka.embedded()));
        out.put("kafka.broker.port", Integer.toString(kafka.brokerPort()));
        out.put("kafka.controller.port", Integer.toString(kafka.controllerPort()));
        out.put("kafka.broker.lib", kafka.brokerLibDir().toString());
        out.put("kafka.topic.prefix", kafka.topicPrefix());
        out.put("kafka.topic.partitions", Integer.toString(kafka.partitions()));
        out.put("kafka.topic.replication.factor", Short.toString(kafka.replicationFactor()));
        out.put("kafka.topic.retention.ms", Long.toString(kafka.retentionMs()));
        out.put("postgres.host", postgres.host());
        out.put("postgres.port", Integer.toString(postgres.port()));
        out.put("postgres.database", postgres.database());
        out.put("postgres.user", postgres.user());
        out.put("postgres.password", postgres.password().toString());
        out.put("postgres.embedded", Boolean.toString(postgres.embedded()));
        out.put("simulator.world", simulator.world());
        out.put("simulator.seed", Long.toString(simulator.seed()));
        out.put("simulator.period.minutes", Integer.toString(simulator.periodMinutes()));
        out.put("simulator.time.compression", Double.toString(simulator.timeCompression()));
        out.put("streaming.parallelism", Integer.toString(streaming.parallelism()));
        out.put(
                "streaming.checkpoint.interval.ms",
                Long.toString(streaming.checkpointInterval().toMillis()));
        out.put("streaming.state.backend", streaming.stateBackend());
        out.put("streaming.checkpoint.dir", streaming.checkpointDir().toString());
        out.put("streaming.web.port", Integer.toString(streaming.webUiPort()));
        out.put(
                "streaming.out.of.orderness.ms",
                Long.toString(streaming.outOfOrderness().toMillis()));
        out.put(
                "streaming.allowed.lateness.ms",
                Long.toString(streaming.allowedLateness().toMillis()));
        out.put("streaming.idleness.ms", Long.toString(streaming.idleness().toMillis()));
        out.put("streaming.dedupe.ttl.ms", Long.toString(streaming.dedupeTtl().toMillis()));
        out.put("streaming.flush.interval.ms", Long.toString(streaming.flushInterval().toMillis()));
        out.put("streaming.budget.daily.micro.usd", Long.toString(streaming.dailyBudgetMicroUsd()));
        TrendSettings trend = streaming.trend();
        out.put("streaming.trend.window", ConfigLoader.formatDuration(trend.window()));
        out.put("streaming.trend.slide", ConfigLoader.formatDuration(trend.slide()));
        out.put("streaming.trend.z.threshold", Double.toString(trend.zThreshold()));
        out.put("streaming.trend.consecutive", Integer.toString(trend.consecutive()));
        out.put("streaming.trend.min.views", Long.toString(trend.minViews()));
        out.put("streaming.trend.baseline.weight", Double.toString(trend.alpha()));
        out.put("streaming.trend.warmup.slides", Integer.toString(trend.warmupSlides()));
        out.put("batch.lake.dir", batch.lakeDir().toString());
        out.put("batch.model.dir", batch.modelDir().toString());
        out.put("batch.spark.master", batch.sparkMaster());
        out.put("batch.horizon.hours", Integer.toString(batch.horizonHours()));
        out.put("batch.objective", batch.objective());
        out.put("batch.ensemble.size", Integer.toString(batch.ensembleSize()));
        out.put("batch.boost.rounds", Integer.toString(batch.boostRounds()));
        out.put("batch.max.depth", Integer.toString(batch.maxDepth()));
        out.put("batch.promotion.margin", Double.toString(batch.promotionMargin()));
        out.put(
                "batch.recommendations.per.segment",
                Integer.toString(batch.recommendationsPerSegment()));
        out.put("batch.exploration.share", Double.toString(batch.explorationShare()));
        out.put("batch.exploration.commit", Double.toString(batch.explorationCommit()));
        out.put("batch.min.training.rows", Integer.toString(batch.minTrainingRows()));
        out.put("render.concurrency", Integer.toString(render.concurrency()));
        out.put("render.job.timeout.s", Integer.toString(render.jobTimeoutS()));
        out.put("render.max.attempts", Integer.toString(render.maxAttempts()));
        out.put("render.max.regenerations", Integer.toString(render.maxRegenerations()));
        out.put("render.fps", Integer.toString(render.fps()));
        out.put("render.preset", render.preset());
        out.put("render.ffmpeg.path", render.ffmpegPath().map(Path::toString).orElse(""));
        out.put("render.tts.engine", render.ttsEngine());
        out.put("render.openai.base.url", render.openAiBaseUrl());
        out.put("render.openai.api.key", render.openAiApiKey().toString());
        out.put("render.openai.chat.model", render.chatModel());
        out.put("render.openai.tts.model", render.ttsModel());
        out.put("render.openai.image.model", render.imageModel());
        out.put("render.provider.timeout.s", Integer.toString(render.providerTimeoutS()));
        out.put(
                "render.media.library.dir",
                render.mediaLibraryDir().map(Path::toString).orElse(""));
        out.put("render.music.dir", render.musicDir().map(Path::toString).orElse(""));
        out.put("render.session.timeout.ms", Integer.toString(render.sessionTimeoutMs()));
        out.put("render.min.free.bytes", Long.toString(render.minFreeBytes()));
        out.put("render.max.crashes", Integer.toString(render.maxCrashes()));
        out.put("render.job.status.check", Boolean.toString(render.jobStatusCheck()));
        out.put(
                "render.locales",
                render.locales().entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .map(e -> e.getKey() + "=" + String.join("|", e.getValue()))
                        .collect(java.util.stream.Collectors.joining(",")));
        out.put("render.pexels.url", render.pexelsUrl());
        out.put("render.pexels.api.key", render.pexelsApiKey().toString());
        out.put("render.pixabay.url", render.pixabayUrl());
        out.put("render.pixabay.api.key", render.pixabayApiKey().toString());
        out.put("render.stock.media", render.stockMedia());
        out.put("render.stock.video.max.bytes", Long.toString(render.stockVideoMaxBytes()));
        out.put("render.stock.video.deadline.s", Integer.toString(render.stockVideoDeadlineS()));
        out.put("api.port", Integer.toString(api.port()));
        out.put("api.media.dir", api.mediaDir().toString());
        out.put("api.model.dir", api.modelDir().toString());
        out.put("api.rate.per.second", Double.toString(api.ratePerSecond()));
        out.put("api.rate.burst", Integer.toString(api.rateBurst()));
        out.put("api.max.body.bytes", Integer.toString(api.maxBodyBytes()));
        out.put("api.cors.origins", String.join(",", api.corsOrigins()));
        out.put(
                "api.render.jobs.per.hour.per.key",
                Integer.toString(api.renderJobsPerHourPerKey()));
        out.put(
                "api.auth.failures.max.addresses",
                Integer.toString(api.authFailuresMaxAddresses()));
        out.put("api.trend.boost", Double.toString(api.trendBoost()));
        out.put("api.trend.lookback", ConfigLoader.formatDuration(api.trendLookBack()));
        out.put("publish.adapter", publish.adapter());
        out.put("youtube.token.url", youtube.tokenUrl());
        out.put("youtube.upload.url", youtube.uploadUrl());
        out.put("youtube.api.url", youtube.apiUrl());
        out.put("youtube.analytics.url", youtube.analyticsUrl());
        out.put("youtube.client.id", youtube.clientId().toString());
        out.put("youtube.client.secret", youtube.clientSecret().toString());
        out.put("youtube.refresh.token", youtube.refreshToken().toString());
        out.put("youtube.quota.uploads.daily", Integer.toString(youtube.dailyUploads()));
        out.put("youtube.chunk.bytes", Integer.toString(youtube.chunkBytes()));
        out.put("youtube.category.id", youtube.categoryId());
        out.put("youtube.max.duration.s", Integer.toString(youtube.maxDurationS()));
        out.put("youtube.analytics.poll.minutes", Integer.toString(youtube.pollMinutes()));
        out.put("youtube.analytics.lag.hours", Integer.toString(youtube.lagHours()));
        out.put("youtube.timeout.s", Integer.toString(youtube.timeoutS()));
        out.put("publish.token.key", publish.tokenKey().toString());
        out.put("publish.evidence.required", Boolean.toString(publish.evidenceRequired()));
        out.put("accounts.youtube.auth.url", accounts.youtubeAuthUrl());
        out.put("accounts.youtube.scopes", accounts.youtubeScopes());
        out.put("accounts.tiktok.auth.url", accounts.tiktokAuthUrl());
        out.put("accounts.tiktok.scopes", accounts.tiktokScopes());
        out.put("accounts.tiktok.pkce.challenge", accounts.tiktokPkceChallenge());
        out.put("accounts.instagram.auth.url", accounts.instagramAuthUrl());
        out.put("accounts.instagram.token.url", accounts.instagramTokenUrl());
        out.put("accounts.instagram.exchange.url", accounts.instagramExchangeUrl());
        out.put("accounts.instagram.app.id", accounts.instagramAppId().toString());
        out.put("accounts.instagram.app.secret", accounts.instagramAppSecret().toString());
        out.put("accounts.instagram.scopes", accounts.instagramScopes());
        out.put("accounts.connect.timeout.s", Integer.toString(accounts.connectTimeoutS()));
        out.put("webhooks.enabled", Boolean.toString(webhooks.enabled()));
        out.put("webhooks.max.attempts", Integer.toString(webhooks.maxAttempts()));
        out.put("webhooks.backoff.initial.ms", Long.toString(webhooks.backoffInitialMs()));
        out.put("webhooks.backoff.max.ms", Long.toString(webhooks.backoffMaxMs()));
        out.put("webhooks.timeout.s", Integer.toString(webhooks.timeoutS()));
        out.put("webhooks.poll.ms", Long.toString(webhooks.pollMs()));
        out.put(
                "webhooks.allow.private.addresses",
                Boolean.toString(webhooks.allowPrivateAddresses()));
        out.put("tiktok.api.url", tiktok.apiUrl());
        out.put("tiktok.client.key", tiktok.clientKey().toString());
        out.put("tiktok.client.secret", tiktok.clientSecret().toString());
        out.put("tiktok.refresh.token", tiktok.refreshToken().toString());
        out.put("tiktok.chunk.bytes", Integer.toString(tiktok.chunkBytes()));
        out.put("tiktok.audited", Boolean.toString(tiktok.audited()));
        out.put("tiktok.max.duration.s", Integer.toString(tiktok.maxDurationS()));
        out.put("tiktok.status.poll.seconds", Integer.toString(tiktok.statusPollSeconds()));
        out.put("tiktok.status.polls", Integer.toString(tiktok.statusPolls()));
        out.put("tiktok.analytics.poll.minutes", Integer.toString(tiktok.pollMinutes()));
        out.put("tiktok.analytics.lag.hours", Integer.toString(tiktok.lagHours()));
        out.put("tiktok.timeout.s", Integer.toString(tiktok.timeoutS()));
        out.put("instagram.graph.url", instagram.graphUrl());
        out.put("instagram.refresh.url", instagram.refreshUrl());
        out.put("instagram.user.id", instagram.userId());
        out.put("instagram.access.token", instagram.accessToken().toString());
        out.put("instagram.media.url", instagram.mediaUrl());
        out.put("instagram.media.link.key", instagram.mediaLinkKey().toString());
        out.put("instagram.status.poll.seconds", Integer.toString(instagram.statusPollSeconds()));
        out.put("instagram.status.polls", Integer.toString(instagram.statusPolls()));
        out.put("instagram.limit.retry.minutes", Integer.toString(instagram.limitRetryMinutes()));
        out.put("instagram.max.duration.s", Integer.toString(instagram.maxDurationS()));
        out.put("instagram.insights.poll.minutes", Integer.toString(instagram.pollMinutes()));
        out.put("instagram.insights.lag.hours", Integer.toString(instagram.lagHours()));
        out.put("instagram.timeout.s", Integer.toString(instagram.timeoutS()));
        out.put("scheduler.enabled", Boolean.toString(scheduler.enabled()));
        out.put("scheduler.cycle.interval", ConfigLoader.formatDuration(scheduler.cycleInterval()));
        out.put(
                "scheduler.experiments.interval",
                ConfigLoader.formatDuration(scheduler.experimentsInterval()));
        out.put(
                "scheduler.maintenance.interval",
                ConfigLoader.formatDuration(scheduler.maintenanceInterval()));
        out.put("scheduler.retries", Integer.toString(scheduler.retries()));
        out.put("scheduler.retry.backoff", ConfigLoader.formatDuration(scheduler.retryBackoff()));
        out.put("scheduler.job.timeout", ConfigLoader.formatDuration(scheduler.jobTimeout()));
        out.put("scheduler.stop.grace", ConfigLoader.formatDuration(scheduler.stopGrace()));
        out.put("scheduler.port", Integer.toString(scheduler.port()));
        out.put("scheduler.job.heap", scheduler.jobHeap());
        out.put("supervisor.port", Integer.toString(supervisor.port()));
        out.put("supervisor.max.restarts", Integer.toString(supervisor.maxRestarts()));
        out.put(
                "supervisor.restart.window",
                ConfigLoader.formatDuration(supervisor.restartWindow()));
        out.put("supervisor.max.backoff", ConfigLoader.formatDuration(supervisor.maxBackoff()));
        out.put("profile", cluster.enabled() ? "cluster" : "embedded");
        out.put("cluster.kafka.ports", join(cluster.kafkaPorts()));
        out.put("cluster.kafka.controller.ports", join(cluster.kafkaControllerPorts()));
        out.put("cluster.flink.rest.port", Integer.toString(cluster.flinkRestPort()));
        out.put("cluster.flink.rpc.port", Integer.toString(cluster.flinkRpcPort()));
        out.put("cluster.flink.taskmanagers", Integer.toString(cluster.flinkTaskManagers()));
        out.put("cluster.spark.master.port", Integer.toString(cluster.sparkMasterPort()));
        out.put("cluster.spark.master.web.port", Integer.toString(cluster.sparkMasterWebPort()));
        out.put("cluster.spark.workers", Integer.toString(cluster.sparkWorkers()));
        out.put("cluster.render.workers", Integer.toString(cluster.renderWorkers()));
        out.put("metrics.render.port", Integer.toString(metrics.renderPort()));
        out.put("metrics.publisher.port", Integer.toString(metrics.publisherPort()));
        out.put("metrics.audience.port", Integer.toString(metrics.audiencePort()));
        out.put("metrics.streaming.port", Integer.toString(metrics.streamingPort()));
        out.put("storage.url", storage.url());
        out.put("storage.s3.endpoint", storage.s3Endpoint());
        out.put("storage.s3.region", storage.s3Region());
        out.put("storage.s3.path.style", Boolean.toString(storage.s3PathStyle()));
        out.put("storage.s3.access.key", storage.s3AccessKey().toString());
        out.put("storage.s3.secret.key", storage.s3SecretKey().toString());
        out.put("storage.s3.server.port", Integer.toString(storage.s3ServerPort()));
        return out;
    }

    /**
     * What a child process needs in its environment to load this same configuration on top of the
     * config file it is given: the home, the data directory, the profile, and the storage
     * credentials (in the environment, never on a command line).
     */
    public Map<String, String> processEnvironment() {
        Map<String, String> env = new TreeMap<>();
        env.put("FLYWHEEL_HOME", home.toString());
        env.put("FLYWHEEL_DATA_DIR", dataDir.toString());
        if (cluster.enabled()) {
            env.put(ConfigLoader.envName("profile"), "cluster");
        }
        if (storage.s3()) {
            env.put(ConfigLoader.envName("storage.s3.access.key"), storage.s3AccessKey().reveal());
            env.put(ConfigLoader.envName("storage.s3.secret.key"), storage.s3SecretKey().reveal());
        }
        return env;
    }

    private static String join(java.util.List<Integer> ports) {
        return String.join(",", ports.stream().map(String::valueOf).toList());
    }

    /** A sub-directory of the data directory, refusing anything that would escape it. */
    public Path dataPath(String first, String... more) {
        Path root = dataDir.toAbsolutePath().normalize();
        Path p = root.resolve(Path.of(first, more)).normalize();
        if (!p.startsWith(root)) {
            throw new ConfigException("path escapes the data directory: " + p);
        }
        return p;
    }
}
