package io.flywheel.simulator;

import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.config.ConfigLoader;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.schemas.DecodeResult;
import io.flywheel.schemas.EventProducer;
import io.flywheel.schemas.Topic;
import io.flywheel.store.ContentJobStore;
import io.flywheel.store.Database;
import io.flywheel.store.PublicationStore;
import io.flywheel.store.VideoStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the sandbox publisher as a process: wiring only, the work is in {@link PublishService}. */
public final class SandboxPublisherMain {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxPublisherMain.class);

    private SandboxPublisherMain() {}

    public static void main(String[] args) throws Exception {
        FlywheelConfig c = ConfigLoader.fromEnvironment(Map.of());
        LOG.info("config {}", c.describe());
        SimulatedClock clock =
                SimulationEpoch.clock(
                        c.dataPath("run"), c.simulator().timeCompression(), Clock.systemUTC());
        try (HikariDataSource ds = Database.dataSource(c.postgres(), PublishService.NAME);
                KafkaConsumer<String, DecodeResult> consumer =
                        ServiceLoop.consumer(c, PublishService.NAME);
                EventProducer producer =
                        EventProducer.create(
                                c.kafka().bootstrapServers(),
                                c.kafka().topicPrefix(),
                                PublishService.NAME)) {
            consumer.subscribe(List.of(Topic.RENDER_EVENTS.name(c.kafka().topicPrefix())));
            Jdbi jdbi = Database.jdbi(ds);
            PublishService service =
                    new PublishService(
                            consumer,
                            producer,
                            new ContentJobStore(jdbi),
                            new VideoStore(jdbi),
                            new PublicationStore(jdbi),
                            new SandboxPlatform(
                                    c.dataPath("sandbox"), SandboxPlatform.DEFAULT_LIMITS),
                            c.dataPath("media"),
                            clock);
            LOG.info("sandbox publisher running");
            ServiceLoop.runUntilStopped(service::pollOnce);
            LOG.info("stopped; {} published, {} failed", service.published(), service.failed());
        }
    }
}
