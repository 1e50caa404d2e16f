package io.flywheel.publishers.service;

import io.flywheel.config.FlywheelConfig;
import io.flywheel.schemas.DecodeResult;
import io.flywheel.schemas.EventDeserializer;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What the publisher and the sandbox audience share: their consumer, and a poll loop that stops on
 * SIGTERM.
 */
public final class ServiceLoop {
    /** One round of a service. */
    @FunctionalInterface
    public interface Round {
        void pollOnce(Duration timeout) throws Exception;
    }

    private ServiceLoop() {}

    /** A consumer in {@code group} that commits only what the service says is handled. */
    public static KafkaConsumer<String, DecodeResult> consumer(FlywheelConfig c, String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, c.kafka().bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(p, new StringDeserializer(), new EventDeserializer());
    }

    /** Runs rounds until the JVM is asked to stop; the round in progress finishes first. */
    public static void runUntilStopped(Round round) throws Exception {
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
        while (running.get()) {
            round.pollOnce(Duration.ofMillis(200));
        }
    }
}
