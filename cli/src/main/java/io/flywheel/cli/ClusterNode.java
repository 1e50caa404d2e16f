package io.flywheel.cli;

import io.flywheel.embedded.JavaService;
import io.flywheel.embedded.KafkaBroker;
import io.flywheel.embedded.ServiceState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * One JVM of the cluster profile's infrastructure (a Kafka node, the S3 server, a Flink JobManager
 * or TaskManager, a Spark master or worker), as {@code up}, {@code status}, {@code down} and the
 * supervisor see it.
 */
interface ClusterNode {
    String name();

    Optional<ProcessHandle> process();

    /** Starts it and waits until it is healthy as its engine reports it. */
    void start(boolean detached, Duration timeout);

    void stop();

    ServiceState state();

    /** The file its output goes to. */
    Path log();

    /**
     * A node that is a {@link JavaService}, started by {@code starter} (which may prepare its
     * configuration first) and found through {@code current} (a restarted Spark worker is a new
     * service object).
     */
    static ClusterNode of(
            java.util.function.Supplier<JavaService> current,
            java.util.function.BiConsumer<Boolean, Duration> starter) {
        return new ClusterNode() {
            @Override
            public String name() {
                return current.get().spec().name();
            }

            @Override
            public Optional<ProcessHandle> process() {
                return current.get().process();
            }

            @Override
            public void start(boolean detached, Duration timeout) {
                starter.accept(detached, timeout);
            }

            @Override
            public void stop() {
                current.get().stop();
            }

            @Override
            public ServiceState state() {
                return current.get().state();
            }

            @Override
            public Path log() {
                return current.get().logFile();
            }
        };
    }

    static ClusterNode of(JavaService service) {
        return of(() -> service, (detached, timeout) -> service.start(detached, timeout));
    }

    static ClusterNode of(KafkaBroker broker) {
        return new ClusterNode() {
            @Override
            public String name() {
                return broker.name();
            }

            @Override
            public Optional<ProcessHandle> process() {
                return broker.process();
            }

            @Override
            public void start(boolean detached, Duration timeout) {
                broker.start(detached, timeout);
            }

            @Override
            public void stop() {
                broker.stop();
            }

            @Override
            public ServiceState state() {
                return broker.state();
            }

            @Override
            public Path log() {
                return broker.spec().dir().resolve("logs/kafka.out");
            }
        };
    }
}
