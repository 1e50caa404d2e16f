package io.flywheel.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker in KRaft mode (combined broker and controller), run as its own JVM
 * from the jars that the {@code kafka-broker} module copies out of Maven Central's artifacts:
 * {@code kafka.tools.StorageTool format} on first start, then {@code kafka.Kafka}. Everything it
 * writes (config, logs, partitions) lives in {@link Spec#dir()}.
 */
public final class KafkaBroker {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);

    /**
     * @param host the address both listeners bind to and the broker advertises
     * @param heap the broker JVM's -Xmx, e.g. {@code 1g}
     */
    public record Spec(
            String host,
            int port,
            int controllerPort,
            Path dir,
            Path libDir,
            String heap,
            Quorum quorum) {

        /** A single node that is its own quorum: the embedded default. */
        public Spec(String host, int port, int controllerPort, Path dir, Path libDir, String heap) {
            this(
                    host,
                    port,
                    controllerPort,
                    dir,
                    libDir,
                    heap,
                    Quorum.single(host, controllerPort));
        }

        public String bootstrapServers() {
            return host + ":" + port;
        }

        Path configFile() {
            return dir.resolve("config/server.properties");
        }

        Path logDir() {
            return dir.resolve("logs");
        }

        Path dataDir() {
            return dir.resolve("data");
        }

        Path log4jConfig() {
            return libDir.getParent().resolve("conf/log4j2.properties");
        }
    }

    /**
     * Where this node stands in its cluster: its id, the static controller quorum of every node
     * ({@code 1@host:port,2@host:port,...}), the cluster id every node is formatted with (null: a
     * new random one), and the replication of the internal topics (offsets, transactions).
     */
    public record Quorum(int nodeId, String voters, String clusterId, int internalReplication) {
        public static Quorum single(String host, int controllerPort) {
            return new Quorum(1, "1@" + host + ":" + controllerPort, null, 1);
        }

        int minInsync() {
            return Math.max(1, internalReplication - 1);
        }

        int nodes() {
            return voters.split(",").length;
        }
    }

    private final Spec spec;
    private final PidFile pidFile;

    public KafkaBroker(Spec spec) {
        this.spec = spec;
        this.pidFile = new PidFile(spec.dir().resolve("broker.pid"));
    }

    public Spec spec() {
        return spec;
    }

    /** {@code kafka} alone, {@code kafka-<node id>} as a node of a cluster. */
    public String name() {
        return spec.quorum().nodes() == 1 ? "kafka" : "kafka-" + spec.quorum().nodeId();
    }

    public Optional<ProcessHandle> process() {
        return pidFile.liveProcess();
    }

    /**
     * Formats storage if this is the first start, launches the broker and waits until it answers.
     *
     * @param detached keep running after this JVM exits (own session, no shutdown hook)
     */
    public ProcessHandle start(boolean detached, Duration timeout) {
        return awaitHealthy(launch(detached), timeout);
    }

    /**
     * Formats storage if this is the first start and launches the broker without waiting: the nodes
     * of a cluster are launched together, since none answers before a quorum has formed.
     */
    public Process launch(boolean detached) {
        Optional<ProcessHandle> running = process();
        if (running.isPresent()) {
            throw new IllegalStateException(
                    "Kafka broker already running as pid " + running.get().pid());
        }
        requireJars();
        try {
            Files.createDirectories(spec.logDir());
            Files.createDirectories(spec.dataDir());
            writeConfig();
            if (!Files.exists(spec.dataDir().resolve("meta.properties"))) {
                format();
            }
            List<String> cmd = new ArrayList<>();
            if (detached && Files.isExecutable(Path.of("/usr/bin/setsid"))) {
                cmd.add("/usr/bin/setsid");
            }
            cmd.addAll(javaCommand("kafka.Kafka", spec.heap()));
            cmd.add(spec.configFile().toString());
            ProcessBuilder pb =
                    new ProcessBuilder(cmd)
                            .redirectErrorStream(true)
                            .redirectOutput(
                                    ProcessBuilder.Redirect.appendTo(
                                            spec.logDir().resolve("kafka.out").toFile()))
                            .redirectInput(
                                    ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process p = pb.start();
            pidFile.write(p.pid());
            if (!detached) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> stopProcess(p.toHandle())));
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Kafka broker", e);
        }
    }

    /**
     * Waits until the launched broker answers a metadata request (for a node of a cluster: until a
     * quorum of controllers has formed), failing with its log when it exits.
     */
    public ProcessHandle awaitHealthy(Process p, Duration timeout) {
        try {
            awaitHealthyOrFail(p, timeout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LOG.info("Kafka broker pid {} ready at {}", p.pid(), spec.bootstrapServers());
        return p.toHandle();
    }

    /** Controlled shutdown (SIGTERM), forced after the timeout. */
    public void stop() {
        process().ifPresent(KafkaBroker::stopProcess);
        pidFile.delete();
    }

    private static void stopProcess(ProcessHandle p) {
        p.destroy();
        try {
            p.onExit().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
        }
    }

    /**
     * Whether the broker answers a metadata request. Asked twice with a few seconds each, so a busy
     * machine (a GC pause, a loaded CPU) is not mistaken for a dead broker.
     */
    public boolean healthy() {
        return answers() || answers();
    }

    private boolean answers() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, spec.bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        props.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, 2000);
        props.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, 2000);
        try (Admin admin = Admin.create(props)) {
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs(5000))
                    .nodes()
                    .get(6, TimeUnit.SECONDS)
                    .isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    public ServiceState state() {
        Optional<Long> pid = process().map(ProcessHandle::pid);
        boolean healthy = pid.isPresent() && healthy();
        String role =
                spec.quorum().nodes() == 1
                        ? "KRaft broker+controller"
                        : "KRaft broker+controller, node "
                                + spec.quorum().nodeId()
                                + " of "
                                + spec.quorum().nodes();
        String detail = pid.isEmpty() ? "not running" : healthy ? role : "not answering";
        return new ServiceState(
                name(),
                pid,
                spec.bootstrapServers(),
                healthy,
                detail,
                DirectorySize.of(spec.dataDir()));
    }

    private void requireJars() {
        if (!Files.isDirectory(spec.libDir())) {
            throw new IllegalStateException(
                    "Kafka broker jars not found at "
                            + spec.libDir()
                            + "; build them with `mvn -pl kafka-broker generate-resources`"
                            + " (./flywheel does this) or set kafka.broker.lib");
        }
    }

    private void writeConfig() throws IOException {
        String listen = spec.host();
        Quorum q = spec.quorum();
        String config =
                String.join(
                        "\n",
                        "# Written by Flywheel on every start; edit flywheel's config instead.",
                        "process.roles=broker,controller",
                        "node.id=" + q.nodeId(),
                        "controller.quorum.voters=" + q.voters(),
                        "listeners=PLAINTEXT://"
                                + listen
                                + ":"
                                + spec.port()
                                + ",CONTROLLER://"
                                + listen
                                + ":"
                                + spec.controllerPort(),
                        "advertised.listeners=PLAINTEXT://" + listen + ":" + spec.port(),
                        "controller.listener.names=CONTROLLER",
                        "inter.broker.listener.name=PLAINTEXT",
                        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                        "log.dirs=" + spec.dataDir(),
                        "num.partitions=6",
                        "auto.create.topics.enable=false",
                        "offsets.topic.replication.factor=" + q.internalReplication(),
                        "offsets.topic.num.partitions=12",
                        "transaction.state.log.replication.factor=" + q.internalReplication(),
                        "transaction.state.log.min.isr=" + q.minInsync(),
                        "transaction.state.log.num.partitions=12",
                        "share.coordinator.state.topic.replication.factor="
                                + q.internalReplication(),
                        "share.coordinator.state.topic.min.isr=" + q.minInsync(),
                        "default.replication.factor=" + q.internalReplication(),
                        "min.insync.replicas=" + q.minInsync(),
                        // Exactly-once sinks (Flink's KafkaSink) use transactions of up to 15 min.
                        "transaction.max.timeout.ms=900000",
                        "group.initial.rebalance.delay.ms=0",
                        "log.retention.hours=720",
                        "log.segment.bytes=268435456",
                        // Index files are preallocated: 1 MiB (not 10) keeps a fresh broker small.
                        "log.index.size.max.bytes=1048576",
                        "num.network.threads=2",
                        "num.io.threads=4",
                        "");
        Files.createDirectories(spec.configFile().getParent());
        Files.writeString(spec.configFile(), config);
    }

    private void format() throws IOException {
        List<String> cmd = new ArrayList<>(javaCommand("kafka.tools.StorageTool", "256m"));
        cmd.addAll(
                List.of(
                        "format",
                        "--ignore-formatted",
                        "-t",
                        spec.quorum().clusterId() == null
                                ? Uuid.randomUuid().toString()
                                : spec.quorum().clusterId(),
                        "-c",
                        spec.configFile().toString()));
        Path out = spec.logDir().resolve("format.out");
        Process p =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile())
                        .start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(
                        "formatting Kafka storage failed: " + Files.readString(out));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting Kafka storage", e);
        }
    }

    private List<String> javaCommand(String mainClass, String heap) {
        return List.of(
                JavaService.javaBinary(),
                "-Xmx" + heap,
                "-XX:+UseG1GC",
                "-XX:MaxGCPauseMillis=20",
                "-Djava.awt.headless=true",
                "-Dkafka.logs.dir=" + spec.logDir(),
                "-Dlog4j2.configurationFile=" + spec.log4jConfig(),
                "-cp",
                spec.libDir() + "/*",
                mainClass);
    }

    private void awaitHealthyOrFail(Process p, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                pidFile.delete();
                throw new IllegalStateException(
                        "Kafka broker exited with "
                                + p.exitValue()
                                + "; last output:\n"
                                + tail(spec.logDir().resolve("kafka.out"))
                                + tail(spec.logDir().resolve("kafka.log")));
            }
            if (FreePorts.listening(spec.host(), spec.port()) && healthy()) {
                return;
            }
            sleep(200);
        }
        throw new IllegalStateException(
                "Kafka broker did not become healthy within " + timeout.toSeconds() + " s");
    }

    static String tail(Path file) {
        return LogTail.of(file, 30);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
