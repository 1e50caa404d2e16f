package io.flywheel.embedded;

import io.flywheel.config.ConfigLoader;
import io.flywheel.config.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * One real Kafka broker and one real PostgreSQL per JVM, on free loopback ports in a temporary
 * directory, started on first use and stopped when the JVM exits. Tests of every module use these,
 * so they talk to the same servers `flywheel up` runs.
 */
public final class Ephemeral {
    private static KafkaBroker kafka;
    private static PostgresServer postgres;
    private static S3Server s3;

    private Ephemeral() {}

    /**
     * A broker of a test's own on free loopback ports under {@code dir}, not started: for tests
     * that stop it and start it again.
     */
    public static KafkaBroker ownKafka(Path dir, String heap) {
        return new KafkaBroker(
                new KafkaBroker.Spec(
                        "127.0.0.1",
                        FreePorts.pick(),
                        FreePorts.pick(),
                        dir,
                        ConfigLoader.homeFrom(System.getenv()).resolve("kafka-broker/target/lib"),
                        heap));
    }

    /** A PostgreSQL of a test's own on a free loopback port under {@code dir}, not started. */
    public static PostgresServer ownPostgres(Path dir, Secret password) {
        return new PostgresServer(
                new PostgresServer.Spec(
                        "127.0.0.1",
                        FreePorts.pick(),
                        dir,
                        null,
                        "flywheel",
                        "flywheel",
                        password));
    }

    /**
     * An S3 server of a test's own on a free loopback port with its data under {@code dataDir},
     * fresh random credentials and the given bucket, not started.
     */
    public static S3Server ownS3(Path dataDir, String bucket) {
        return new S3Server(
                new S3Server.Spec(
                        "127.0.0.1",
                        FreePorts.pick(),
                        dataDir,
                        ConfigLoader.homeFrom(System.getenv()),
                        bucket,
                        Secret.of("test-" + UUID.randomUUID().toString().substring(0, 8)),
                        Secret.of(UUID.randomUUID().toString()),
                        "256m"));
    }

    /**
     * The JVM's shared S3 server (bucket {@code flywheel-test}); point a client or a child process
     * at it with {@code s3().spec().storage()} or {@code s3().spec().environment()}.
     */
    public static synchronized S3Server s3() {
        if (s3 == null) {
            S3Server server = ownS3(tempDir("s3"), "flywheel-test");
            server.start(false, Duration.ofSeconds(60));
            s3 = server;
        }
        return s3;
    }

    public static synchronized KafkaBroker kafka() {
        if (kafka == null) {
            KafkaBroker broker = ownKafka(tempDir("kafka"), "768m");
            broker.start(false, Duration.ofSeconds(90));
            kafka = broker;
        }
        return kafka;
    }

    public static synchronized PostgresServer postgres() {
        if (postgres == null) {
            PostgresServer server =
                    ownPostgres(tempDir("postgres"), Secret.of(UUID.randomUUID().toString()));
            server.start(false, Duration.ofSeconds(60));
            postgres = server;
        }
        return postgres;
    }

    /** A fresh database on the shared server, for one test class. */
    public static String database(String prefix) {
        String name = (prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase();
        postgres().createDatabase(name.replace('-', '_'));
        return name.replace('-', '_');
    }

    /** Connection settings for a database created with {@link #database(String)}. */
    public static Map<String, String> jdbc(String database) {
        PostgresServer.Spec s = postgres().spec();
        return Map.of(
                "url", s.jdbcUrl(database), "user", s.user(), "password", s.password().reveal());
    }

    private static Path tempDir(String name) {
        try {
            Path dir = Files.createTempDirectory("flywheel-test-" + name + "-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A temp directory left behind is harmless.
        }
    }
}
