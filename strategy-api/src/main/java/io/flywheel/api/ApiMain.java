package io.flywheel.api;

import io.flywheel.api.briefs.BriefEvents;
import io.flywheel.api.briefs.BriefService;
import io.flywheel.api.briefs.RenderQuota;
import io.flywheel.api.http.Access;
import io.flywheel.api.http.RateLimiter;
import io.flywheel.api.insights.ExperimentStore;
import io.flywheel.api.insights.ModelCatalog;
import io.flywheel.api.insights.PipelineReader;
import io.flywheel.api.insights.SqlKpiReader;
import io.flywheel.api.keys.ApiKeys;
import io.flywheel.api.review.ReviewNotifier;
import io.flywheel.api.scoring.Champion;
import io.flywheel.api.scoring.ModelLoader;
import io.flywheel.api.scoring.ModelPromotions;
import io.flywheel.api.scoring.PublishedArms;
import io.flywheel.api.scoring.ThompsonPolicy;
import io.flywheel.api.thumbnails.LeadStyles;
import io.flywheel.api.trends.TrendBoost;
import io.flywheel.api.trends.TrendStore;
import io.flywheel.api.videos.MediaFiles;
import io.flywheel.api.webhooks.WebhookAddressGuard;
import io.flywheel.api.webhooks.WebhookDispatcher;
import io.flywheel.api.webhooks.WebhookEventSource;
import io.flywheel.api.webhooks.WebhookSecrets;
import io.flywheel.api.webhooks.WebhookStore;
import io.flywheel.api.webhooks.Webhooks;
import io.flywheel.config.ConfigLoader;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.config.Secret;
import io.flywheel.config.WebhookSettings;
import io.flywheel.model.ChannelLocales;
import io.flywheel.publishers.TokenVault;
import io.flywheel.storage.MediaLinks;
import io.flywheel.storage.ModelArtifacts;
import io.flywheel.storage.ObjectStore;
import io.flywheel.store.BriefStore;
import io.flywheel.store.ContentJobStore;
import io.flywheel.store.Database;
import io.flywheel.store.ReviewQueue;
import io.flywheel.store.ThumbnailStore;
import io.flywheel.store.VideoStore;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the strategy API: {@code java -cp ... io.flywheel.api.ApiMain}. Stops on SIGTERM. */
public final class ApiMain implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiMain.class);

    private final ApiServer server;

    /** How long a brief waits for the broker to commit its events before answering 503. */
    static final Duration BRIEF_SEND_TIMEOUT = Duration.ofSeconds(10);

    /** How long the dashboard's links to media stay valid. */
    static final Duration MEDIA_LINK_TTL = Duration.ofHours(1);

    private final BriefEvents producer;
    private final ModelPromotions promotions;
    private final Admin admin;
    private final WebhookRuntime webhooks;
    private final AutoCloseable dataSource;

    private ApiMain(
            ApiServer server,
            BriefEvents producer,
            ModelPromotions promotions,
            Admin admin,
            WebhookRuntime webhooks,
            AutoCloseable dataSource) {
        this.server = server;
        this.producer = producer;
        this.promotions = promotions;
        this.admin = admin;
        this.webhooks = webhooks;
        this.dataSource = dataSource;
    }

    public static void main(String[] args) throws Exception {
        FlywheelConfig config = ConfigLoader.fromEnvironment(Map.of());
        LOG.info("strategy API config: {}", config.describe());
        ApiMain api = start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    api.close();
                                    stopped.countDown();
                                },
                                "api-shutdown"));
        LOG.info(
                "strategy API listening on http://{}:{}/",
                config.listenAddress(),
                api.server.port());
        stopped.await();
    }

    /** Connects to PostgreSQL, Kafka and the model store, and starts serving. */
    public static ApiMain start(FlywheelConfig config) {
        DataSource ds = Database.dataSource(config.postgres(), "strategy-api");
        Database.migrate(ds);
        Jdbi jdbi = Database.jdbi(ds);
        String bootstrap = config.kafka().bootstrapServers();
        BriefEvents producer =
                new BriefEvents(
                        bootstrap,
                        config.kafka().topicPrefix(),
                        "strategy-api",
                        BRIEF_SEND_TIMEOUT);
        Properties ap = new Properties();
        ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        ap.put(AdminClientConfig.CLIENT_ID_CONFIG, "strategy-api-health");
        Admin admin = Admin.create(ap);
        Champion champion = new Champion();
        ModelLoader loader =
                new ModelLoader(
                        config.api().modelDir(),
                        config.storage().s3()
                                ? ModelArtifacts.of(config, config.api().modelDir())
                                : null);
        ModelPromotions promotions =
                new ModelPromotions(bootstrap, config.kafka().topicPrefix(), loader, champion);
        promotions.start();
        Dependencies deps =
                dependencies(
                        jdbi,
                        producer,
                        champion,
                        loader,
                        config.storage().s3()
                                ? new MediaFiles(config.api().mediaDir(), ObjectStore.of(config))
                                : new MediaFiles(config.api().mediaDir()),
                        // Signed as the publisher signs Instagram's video_url, when a key is set.
                        MediaLinks.of(
                                config.instagram().mediaLinkKey(),
                                MEDIA_LINK_TTL,
                                Clock.systemUTC()),
                        config.api().ratePerSecond(),
                        config.api().rateBurst(),
                        config.api().maxBodyBytes(),
                        config.api().corsOrigins(),
                        config.api().renderJobsPerHourPerKey(),
                        config.api().authFailuresMaxAddresses(),
                        config.api().trendBoost(),
                        config.api().trendLookBack(),
                        config.batch().explorationShare(),
                        kafkaHealth(admin),
                        new ChannelLocales(config.render().locales()));
        WebhookRuntime webhooks =
                webhooks(
                        jdbi,
                        config.publish().tokenKey(),
                        config.webhooks(),
                        bootstrap,
                        config.kafka().topicPrefix(),
                        deps.metrics());
        ApiServer server =
                new ApiServer(deps.withWebhooks(webhooks.webhooks()))
                        .start(config.listenAddress(), config.api().port());
        if (config.webhooks().enabled()) {
            webhooks.start();
        }
        return new ApiMain(
                server,
                producer,
                promotions,
                admin,
                webhooks,
                ds instanceof AutoCloseable c ? c : () -> {});
    }

    /**
     * The routes' dependencies, serving media from the directory or the object store given, with
     * exploration boosted toward trends by {@code trendBoost} ({@link TrendBoost}) for trends
     * within {@code trendLookBack}, {@code explorationShare} as the share of exploring videos when
     * a request names none, and briefs in the locales each channel uses ({@code render.locales}).
     */
    public static Dependencies dependencies(
            Jdbi jdbi,
            BriefEvents producer,
            Champion champion,
            ModelLoader loader,
            MediaFiles media,
            MediaLinks mediaLinks,
            double ratePerSecond,
            int rateBurst,
            int maxBodyBytes,
            java.util.List<String> corsOrigins,
            int renderJobsPerHourPerKey,
            int authFailuresMaxAddresses,
            double trendBoost,
            Duration trendLookBack,
            double explorationShare,
            Supplier<Dependencies.HealthCheck> kafkaHealth,
            ChannelLocales locales) {
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmGcMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        ApiKeys keys = new ApiKeys(jdbi);
        ThompsonPolicy policy =
                new ThompsonPolicy(
                        champion,
                        PublishedArms.from(jdbi),
                        TrendBoost.of(trendBoost, trendLookBack, new TrendStore(jdbi), metrics),
                        explorationShare);
        BriefStore briefs = new BriefStore(jdbi);
        ContentJobStore jobs = new ContentJobStore(jdbi);
        LeadStyles leadStyles =
                new LeadStyles(new ThumbnailStore(jdbi), LeadStyles.READ_EVERY, Clock.systemUTC());
        return new Dependencies(
                jdbi,
                keys,
                new Access(
                        keys,
                        new RateLimiter(ratePerSecond, rateBurst, 100_000),
                        authFailuresMaxAddresses),
                new BriefService(
                        policy,
                        jdbi,
                        jobs,
                        producer,
                        new RenderQuota(renderJobsPerHourPerKey),
                        locales,
                        leadStyles),
                briefs,
                jobs,
                new VideoStore(jdbi),
                media,
                mediaLinks,
                champion,
                policy,
                leadStyles,
                new SqlKpiReader(jdbi),
                new PipelineReader(jdbi),
                new ModelCatalog(loader, jdbi),
                new ExperimentStore(jdbi),
                metrics,
                kafkaHealth,
                maxBodyBytes,
                corsOrigins,
                // No key, no dispatcher: subscriptions answer 503 until start() adds them.
                new Webhooks(new WebhookStore(jdbi), new WebhookSecrets(null), () -> {}));
    }

    /**
     * The webhooks of a running API: secrets sealed with {@code tokenKey} (none when empty), the
     * dispatcher, and the listener that queues deliveries from Kafka. The API runs them because it
     * owns the subscriptions and the replay route, has the database, a Kafka client and a metrics
     * registry, and is supervised and always up (the publisher process is not started in every
     * profile and would add a second Kafka consumer and metrics port for the same work).
     */
    public static WebhookRuntime webhooks(
            Jdbi jdbi,
            Secret tokenKey,
            WebhookSettings settings,
            String bootstrap,
            String topicPrefix,
            io.micrometer.core.instrument.MeterRegistry metrics) {
        WebhookStore store = new WebhookStore(jdbi);
        WebhookSecrets secrets =
                new WebhookSecrets(tokenKey.isEmpty() ? null : new TokenVault(jdbi, tokenKey));
        WebhookDispatcher dispatcher =
                new WebhookDispatcher(store, secrets, settings, metrics, Clock.systemUTC());
        WebhookEventSource source =
                new WebhookEventSource(
                        bootstrap, topicPrefix, store, dispatcher, Clock.systemUTC());
        ReviewNotifier reviews =
                new ReviewNotifier(
                        new ReviewQueue(jdbi), store, dispatcher::wake, Clock.systemUTC(), 1000);
        return new WebhookRuntime(
                new Webhooks(
                        store,
                        secrets,
                        dispatcher::wake,
                        new WebhookAddressGuard(settings.allowPrivateAddresses())),
                dispatcher,
                source,
                reviews);
    }

    /** The webhooks' parts that run: start them after the server, close them before the pool. */
    public record WebhookRuntime(
            Webhooks webhooks,
            WebhookDispatcher dispatcher,
            WebhookEventSource source,
            ReviewNotifier reviews)
            implements AutoCloseable {
        public WebhookRuntime start() {
            dispatcher.start();
            source.start();
            reviews.start();
            return this;
        }

        @Override
        public void close() {
            reviews.close();
            source.close();
            dispatcher.close();
        }
    }

    /** Asks the broker for its cluster id, at most every 5 s (health checks can be frequent). */
    public static Supplier<Dependencies.HealthCheck> kafkaHealth(Admin admin) {
        return new Supplier<>() {
            private volatile Dependencies.HealthCheck last;
            private volatile long checkedAt;

            @Override
            public Dependencies.HealthCheck get() {
                long now = System.nanoTime();
                if (last != null && now - checkedAt < Duration.ofSeconds(5).toNanos()) {
                    return last;
                }
                try {
                    String id =
                            admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000))
                                    .clusterId()
                                    .get(3, TimeUnit.SECONDS);
                    last = new Dependencies.HealthCheck(true, "cluster " + id);
                } catch (Exception e) {
                    last = new Dependencies.HealthCheck(false, e.getClass().getSimpleName());
                }
                checkedAt = now;
                return last;
            }
        };
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        LOG.info("strategy API stopping");
        server.close();
        webhooks.close();
        try {
            promotions.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close();
        admin.close(Duration.ofSeconds(5));
        try {
            dataSource.close();
        } catch (Exception e) {
            LOG.warn("closing the connection pool failed", e);
        }
    }
}
