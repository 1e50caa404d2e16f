package io.flywheel.publishers.service;

import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.config.ConfigLoader;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.metrics.MetricsServer;
import io.flywheel.metrics.ProcessMetrics;
import io.flywheel.publishers.PlatformAdapter;
import io.flywheel.publishers.RateWindowLedger;
import io.flywheel.publishers.TokenVault;
import io.flywheel.publishers.UploadSessions;
import io.flywheel.publishers.evidence.EvidenceGate;
import io.flywheel.publishers.instagram.InstagramClients;
import io.flywheel.publishers.instagram.InstagramReelsPlatform;
import io.flywheel.publishers.review.ReviewGate;
import io.flywheel.publishers.sandbox.SandboxPlatform;
import io.flywheel.publishers.sandbox.SimulatedClock;
import io.flywheel.publishers.sandbox.SimulationEpoch;
import io.flywheel.publishers.tiktok.TikTokClients;
import io.flywheel.publishers.tiktok.TikTokPlatform;
import io.flywheel.publishers.youtube.QuotaLedger;
import io.flywheel.publishers.youtube.YouTubeClients;
import io.flywheel.publishers.youtube.YouTubePlatform;
import io.flywheel.schemas.DecodeResult;
import io.flywheel.schemas.EventProducer;
import io.flywheel.schemas.Topic;
import io.flywheel.store.AssetEvidenceStore;
import io.flywheel.store.ContentJobStore;
import io.flywheel.store.Database;
import io.flywheel.store.PublicationStore;
import io.flywheel.store.ReviewPolicies;
import io.flywheel.store.ReviewQueue;
import io.flywheel.store.VideoStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the publisher as a process with the adapter {@code publish.adapter} names: the sandbox (in
 * simulated time), or YouTube (after checking the credentials), TikTok or Instagram Reels (in real
 * time). Wiring only: the work is in {@link PublishService} and the adapters.
 */
public final class PublisherMain {
    private static final Logger LOG = LoggerFactory.getLogger(PublisherMain.class);

    private PublisherMain() {}

    public static void main(String[] args) throws Exception {
        FlywheelConfig c = ConfigLoader.fromEnvironment(Map.of());
        LOG.info("config {}", c.describe());
        try (HikariDataSource ds = Database.dataSource(c.postgres(), PublishService.NAME);
                KafkaConsumer<String, DecodeResult> consumer =
                        ServiceLoop.consumer(c, PublishService.NAME);
                EventProducer producer =
                        EventProducer.create(
                                c.kafka().bootstrapServers(),
                                c.kafka().topicPrefix(),
                                PublishService.NAME)) {
            Jdbi jdbi = Database.jdbi(ds);
            SimulatedClock clock;
            PlatformAdapter adapter;
            if (c.publish().youtube()) {
                YouTubeClients yt =
                        new YouTubeClients(
                                c.youtube(),
                                Clock.systemUTC(),
                                TokenVault.connectedAccount(
                                        jdbi, c.publish().tokenKey(), "YOUTUBE_SHORTS"));
                LOG.info("publishing to YouTube channel {}", yt.verifyChannel());
                adapter =
                        new YouTubePlatform(
                                yt.uploads(),
                                new UploadSessions(jdbi),
                                new QuotaLedger(jdbi),
                                c.youtube(),
                                8,
                                Duration.ofSeconds(1));
                clock = new SimulatedClock(Clock.systemUTC(), System.currentTimeMillis(), 1.0);
            } else if (c.publish().tiktok()) {
                adapter =
                        new TikTokPlatform(
                                new TikTokClients(
                                                c.tiktok(),
                                                Clock.systemUTC(),
                                                new TokenVault(jdbi, c.publish().tokenKey())
                                                        .forPlatform("TIKTOK"))
                                        .client(),
                                new UploadSessions(jdbi),
                                new RateWindowLedger(jdbi),
                                c.tiktok(),
                                8,
                                Duration.ofSeconds(1));
                clock = new SimulatedClock(Clock.systemUTC(), System.currentTimeMillis(), 1.0);
            } else if (c.publish().instagram()) {
                InstagramClients ig =
                        new InstagramClients(
                                c.instagram(),
                                Clock.systemUTC(),
                                TokenVault.connectedAccount(
                                        jdbi, c.publish().tokenKey(), "INSTAGRAM_REELS"));
                adapter =
                        new InstagramReelsPlatform(
                                ig.client(),
                                new UploadSessions(jdbi),
                                ig.links(),
                                c.dataPath("media"),
                                c.instagram());
                clock = new SimulatedClock(Clock.systemUTC(), System.currentTimeMillis(), 1.0);
            } else {
                adapter =
                        new SandboxPlatform(c.dataPath("sandbox"), SandboxPlatform.DEFAULT_LIMITS);
                clock =
                        SimulationEpoch.clock(
                                c.dataPath("run"),
                                c.simulator().timeCompression(),
                                Clock.systemUTC());
            }
            PrometheusMeterRegistry registry = ProcessMetrics.registry();
            SimulatedClock now = clock;
            PublisherMetrics metrics = new PublisherMetrics(registry, adapter, now::now);
            consumer.subscribe(List.of(Topic.RENDER_EVENTS.name(c.kafka().topicPrefix())));
            PublishService service =
                    new PublishService(
                            consumer,
                            producer,
                            new ContentJobStore(jdbi),
                            new VideoStore(jdbi),
                            new PublicationStore(jdbi),
                            adapter,
                            c.dataPath("media"),
                            clock,
                            metrics,
                            new ReviewGate(new ReviewQueue(jdbi), new ReviewPolicies(jdbi)));
            if (c.publish().evidenceRequired()) {
                service.gate(
                        new EvidenceGate(new AssetEvidenceStore(jdbi)), Duration.ofSeconds(30));
            } else {
                LOG.warn(
                        "publish.evidence.required=false: videos are published without checking"
                                + " their licence evidence");
            }
            LOG.info("publisher running ({})", adapter.name());
            try (MetricsServer server =
                    MetricsServer.start(
                            c.listenAddress(),
                            c.metrics().publisherPort(),
                            "metrics.publisher.port",
                            registry)) {
                ServiceLoop.runUntilStopped(service::pollOnce);
            }
            LOG.info("stopped; {} published, {} failed", service.published(), service.failed());
        }
    }
}
