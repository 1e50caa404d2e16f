package io.flywheel.simulator;

import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.config.ConfigLoader;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.schemas.DecodeResult;
import io.flywheel.schemas.EventDeserializer;
import io.flywheel.schemas.EventProducer;
import io.flywheel.schemas.Topic;
import io.flywheel.store.ContentJobStore;
import io.flywheel.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
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
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, c.kafka().bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, AudienceService.NAME);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        AtomicBoolean running = new AtomicBoolean(true);
        Thread main = Thread.currentThread();
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    running.set(false);
                                    try {
                                        main.join(30_000);
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                }));
        try (HikariDataSource ds = Database.dataSource(c.postgres(), AudienceService.NAME);
                KafkaConsumer<String, DecodeResult> consumer =
                        new KafkaConsumer<>(p, new StringDeserializer(), new EventDeserializer());
                EventProducer producer =
                        EventProducer.create(
                                c.kafka().bootstrapServers(),
                                c.kafka().topicPrefix(),
                                AudienceService.NAME)) {
            consumer.subscribe(List.of(Topic.PUBLISH_EVENTS.name(c.kafka().topicPrefix())));
            AudienceService service =
                    new AudienceService(
                            consumer,
                            producer,
                            new StoredJobParameters(new ContentJobStore(Database.jdbi(ds))),
                            audience,
                            clock,
                            Duration.ofMinutes(5));
            LOG.info(
                    "audience of world '{}' running, {}x real time",
                    world.name(),
                    c.simulator().timeCompression());
            while (running.get()) {
                service.pollOnce(Duration.ofMillis(200));
            }
            LOG.info(
                    "stopped; {} increments sent, {} dead letters",
                    service.sent(),
                    service.deadLetters());
        }
    }
}
