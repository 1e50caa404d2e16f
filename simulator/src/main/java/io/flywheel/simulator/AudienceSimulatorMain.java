package io.flywheel.simulator;

import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.config.ConfigLoader;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.metrics.MetricsServer;
import io.flywheel.metrics.ProcessMetrics;
import io.flywheel.publishers.sandbox.SimulatedClock;
import io.flywheel.publishers.sandbox.SimulationEpoch;
import io.flywheel.publishers.service.ServiceLoop;
import io.flywheel.publishers.service.StoredJobParameters;
import io.flywheel.schemas.DecodeResult;
import io.flywheel.schemas.EventProducer;
import io.flywheel.schemas.Topic;
import io.flywheel.store.ContentJobStore;
import io.flywheel.store.Database;
import io.flywheel.store.ThumbnailStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the sandbox audience as a process: wiring only, the work is in {@link AudienceService}. */
public final class AudienceSimulatorMain {
    private static final Logger LOG = LoggerFactory.getLogger(AudienceSimulatorMain.class);

    private AudienceSimulatorMain() {}

    public static void main(String[] args) throws Exception {
        FlywheelConfig c = ConfigLoader.fromEnvironment(Map.of());
        LOG.info("config {}", c.describe());
        World world = WorldFile.named(c.simulator().world());
        AudienceSimulator audience =
                new AudienceSimulator(
                        new AudienceModel(
                                world,
                                c.simulator().seed(),
                                c.simulator().periodMinutes() * 60_000L));
        SimulatedClock clock =
                SimulationEpoch.clock(
                        c.dataPath("run"), c.simulator().timeCompression(), Clock.systemUTC());
        try (HikariDataSource ds = Database.dataSource(c.postgres(), AudienceService.NAME);
                KafkaConsumer<String, DecodeResult> consumer =
                        ServiceLoop.consumer(c, AudienceService.NAME);
                EventProducer producer =
                        EventProducer.create(
                                c.kafka().bootstrapServers(),
                                c.kafka().topicPrefix(),
                                AudienceService.NAME)) {
            consumer.subscribe(List.of(Topic.PUBLISH_EVENTS.name(c.kafka().topicPrefix())));
            PrometheusMeterRegistry registry = ProcessMetrics.registry();
            SandboxThumbnailTests thumbnails =
                    new SandboxThumbnailTests(
                            new ThumbnailStore(Database.jdbi(ds)),
                            world,
                            ThumbnailClickRates.drawn(
                                    c.simulator().seed(),
                                    SandboxThumbnailTests.BASE_RATE,
                                    SandboxThumbnailTests.SPREAD),
                            c.simulator().seed(),
                            c.dataPath("media"),
                            clock.asClock(),
                            registry);
            LOG.info("thumbnail tests on the sandbox's {}", thumbnails.platforms());
            AudienceService service =
                    new AudienceService(
                            consumer,
                            producer,
                            new StoredJobParameters(new ContentJobStore(Database.jdbi(ds)))::find,
                            audience,
                            clock,
                            Duration.ofMinutes(5),
                            thumbnails);
            AudienceMetrics.bind(registry, service, world.name());
            LOG.info(
                    "audience of world '{}' running, {}x real time",
                    world.name(),
                    c.simulator().timeCompression());
            try (MetricsServer server =
                    MetricsServer.start(
                            c.listenAddress(),
                            c.metrics().audiencePort(),
                            "metrics.audience.port",
                            registry)) {
                ServiceLoop.runUntilStopped(service::pollOnce);
            }
            LOG.info(
                    "stopped; {} increments sent, {} dead letters",
                    service.sent(),
                    service.deadLetters());
        }
    }
}
