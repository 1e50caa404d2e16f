package io.flywheel.embedded;

import io.flywheel.config.ConfigLoader;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.config.Secret;
import io.flywheel.config.StorageSettings;
import io.flywheel.storage.S3Clients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The local S3-compatible bucket (s3proxy over the {@code filesystem} backend, module {@code
 * s3-server}) run as its own JVM from {@code s3-server/target}, with its pid in {@code
 * <dataDir>/run/s3-server.pid}, its output in {@code <dataDir>/logs/s3-server.out} and its objects
 * in {@code <dataDir>/s3/<bucket>/}. Healthy when a signed request lists the bucket.
 */
public final class S3Server {
    /** The region clients of the local server sign for; s3proxy accepts any. */
    public static final String REGION = "us-east-1";

    /**
     * @param host the address the server binds to and clients use
     * @param dataDir the data directory the server's objects, pid and log live under
     * @param home the checkout whose {@code s3-server/target} holds the server's classes and jars
     * @param bucket created at start if missing
     * @param accessKey the only access key the server accepts
     * @param secretKey its secret; requests signed with anything else are refused (403)
     * @param heap the server JVM's -Xmx, e.g. {@code 256m}
     */
    public record Spec(
            String host,
            int port,
            Path dataDir,
            Path home,
            String bucket,
            Secret accessKey,
            Secret secretKey,
            String heap) {

        /** The endpoint clients use, e.g. {@code http://127.0.0.1:18090}. */
        public String endpoint() {
            return "http://" + host + ":" + port;
        }

        /** Storage settings that point a client (or a Flywheel process) at this server's bucket. */
        public StorageSettings storage() {
            return new StorageSettings(
                    "s3://" + bucket, endpoint(), REGION, true, accessKey, secretKey, port);
        }

        /**
         * The same as {@code FLYWHEEL_STORAGE_*} variables, for a child process of another module
         * (render worker, Flink, Spark) that should use this bucket.
         */
        public Map<String, String> environment() {
            Map<String, String> env = new LinkedHashMap<>();
            env.put(ConfigLoader.envName("storage.url"), "s3://" + bucket);
            env.put(ConfigLoader.envName("storage.s3.endpoint"), endpoint());
            env.put(ConfigLoader.envName("storage.s3.region"), REGION);
            env.put(ConfigLoader.envName("storage.s3.path.style"), "true");
            env.put(ConfigLoader.envName("storage.s3.access.key"), accessKey.reveal());
            env.put(ConfigLoader.envName("storage.s3.secret.key"), secretKey.reveal());
            env.put(ConfigLoader.envName("storage.s3.server.port"), Integer.toString(port));
            return env;
        }

        /** Where the server keeps the objects: one directory per bucket below it. */
        public Path objectDir() {
            return dataDir.resolve("s3");
        }

        Path target() {
            return home.resolve("s3-server/target");
        }
    }

    /**
     * The server of a configuration: {@code listen.address}, {@code storage.s3.server.port}, the
     * bucket of {@code storage.url} and the credentials of {@code storage.s3.*}.
     */
    public static Spec spec(FlywheelConfig c) {
        StorageSettings s = c.storage();
        if (!s.s3()) {
            throw new IllegalStateException(
                    "the S3 server needs storage.url=s3://bucket[/prefix]; it is empty (the data"
                            + " directory)");
        }
        return new Spec(
                c.listenAddress(),
                s.s3ServerPort(),
                c.dataDir(),
                c.home(),
                s.bucket(),
                s.s3AccessKey(),
                s.s3SecretKey(),
                "256m");
    }

    private final Spec spec;
    private final JavaService service;
    private S3Client client;

    public S3Server(Spec spec) {
        this.spec = spec;
        Map<String, String> env = new LinkedHashMap<>(spec.environment());
        env.put("FLYWHEEL_HOME", spec.home().toString());
        env.put("FLYWHEEL_DATA_DIR", spec.dataDir().toString());
        env.put(ConfigLoader.envName("listen.address"), spec.host());
        this.service =
                new JavaService(
                        new JavaService.Spec(
                                "s3-server",
                                "io.flywheel.s3server.S3ServerMain",
                                List.of(
                                        spec.target().resolve("classes").toString(),
                                        spec.target().resolve("lib") + "/*"),
                                List.of(
                                        "-Xmx" + spec.heap(),
                                        "-XX:+UseSerialGC",
                                        "-Djava.awt.headless=true"),
                                List.of(),
                                env,
                                spec.dataDir().resolve("run"),
                                spec.dataDir().resolve("logs"),
                                this::health,
                                spec.endpoint()));
    }

    public Spec spec() {
        return spec;
    }

    /** The process as a service, e.g. for a supervisor that restarts what dies. */
    public JavaService service() {
        return service;
    }

    public Optional<ProcessHandle> process() {
        return service.process();
    }

    /** The file the server's output goes to. */
    public Path logFile() {
        return service.logFile();
    }

    /**
     * Starts the server and waits until a signed request lists its bucket.
     *
     * @param detached keep running after this JVM exits (own session, no shutdown hook)
     */
    public ProcessHandle start(boolean detached, Duration timeout) {
        if (!Files.isDirectory(spec.target().resolve("lib"))
                || !Files.isDirectory(spec.target().resolve("classes"))) {
            throw new IllegalStateException(
                    "S3 server not built at "
                            + spec.target()
                            + "; build it with `mvn -pl s3-server -am package`"
                            + " (./flywheel does this)");
        }
        return service.start(detached, timeout);
    }

    /** SIGTERM, forced after a minute. */
    public void stop() {
        service.stop();
    }

    /** Lists the bucket with a request signed by the spec's credentials (never throws). */
    public Health health() {
        try {
            ListObjectsV2Response r =
                    client().listObjectsV2(b -> b.bucket(spec.bucket()).maxKeys(1));
            return Health.ok(
                    "bucket " + spec.bucket() + " lists" + (r.hasContents() ? "" : ", empty"));
        } catch (S3Exception e) {
            return Health.failing(
                    "bucket "
                            + spec.bucket()
                            + " answers "
                            + e.statusCode()
                            + " "
                            + Optional.ofNullable(e.awsErrorDetails())
                                    .map(d -> d.errorCode())
                                    .orElse(""));
        } catch (RuntimeException e) {
            return Health.failing("not answering at " + spec.endpoint() + ": " + e.getMessage());
        }
    }

    public boolean healthy() {
        return health().ok();
    }

    public ServiceState state() {
        Optional<Long> pid = process().map(ProcessHandle::pid);
        Health h = pid.isPresent() ? health() : Health.failing("not running");
        return new ServiceState(
                "s3-server",
                pid,
                spec.endpoint(),
                h.ok(),
                h.detail(),
                DirectorySize.of(spec.objectDir()));
    }

    private synchronized S3Client client() {
        if (client == null) {
            client = S3Clients.create(spec.storage(), Duration.ofSeconds(3));
        }
        return client;
    }
}
