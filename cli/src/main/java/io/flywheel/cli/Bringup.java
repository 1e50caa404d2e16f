package io.flywheel.cli;

import io.flywheel.config.FlywheelConfig;
import io.flywheel.embedded.JavaService;
import io.flywheel.embedded.ServiceState;
import io.flywheel.schemas.KafkaTopics;
import io.flywheel.schemas.Topic;
import io.flywheel.store.Database;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the embedded default up, step by step, leaving what already runs alone: Kafka, PostgreSQL,
 * the topics, the schema migrations. Shared by {@code up} and {@code demo}.
 */
public final class Bringup {
    private static final Logger LOG = LoggerFactory.getLogger(Bringup.class);
    private final LocalStack stack;
    private final PrintStream out;
    private final boolean verbose;

    Bringup(LocalStack stack, PrintStream out) {
        this(stack, out, false);
    }

    /**
     * @param verbose print the configuration too (it always goes to the log)
     */
    public Bringup(LocalStack stack, PrintStream out, boolean verbose) {
        this.stack = stack;
        this.out = out;
        this.verbose = verbose;
    }

    /** Whether every local process of this config already runs and answers. */
    boolean allRunning(boolean withServices) {
        List<ServiceState> states = withServices ? stack.states(true) : stack.infraStates();
        return !states.isEmpty()
                && states.stream().allMatch(s -> s.running() && s.healthy())
                && stack.supervisor().process().isPresent();
    }

    /**
     * Starts what is not running yet and waits until each is healthy (failing with the service's
     * name and the last lines of its log when one dies or stays unhealthy); then, when detached,
     * starts the supervisor that restarts them if they die later.
     *
     * @return seconds it took
     */
    public double run(boolean detached, boolean withServices) {
        long t0 = System.nanoTime();
        FlywheelConfig c = stack.config();
        printConfig(c);
        Path runDir = c.dataPath("run");
        int steps =
                4
                        + (int)
                                stack.clusterNodes().stream()
                                        .filter(n -> !n.name().startsWith("kafka-"))
                                        .count()
                        + (withServices
                                ? stack.services().size()
                                        + (stack.clusterStreaming().isPresent() ? 1 : 0)
                                : 0)
                        + (detached ? 1 : 0);
        try (Progress p = new Progress(out, steps);
                StartupLock lock = StartupLock.acquire(runDir)) {
            // The supervisor must not restart anything while up starts it; it comes back last.
            stack.supervisor().stop();
            List<String> names = stack.names(withServices);
            new Launched(names, detached).write(runDir);
            ClusterProfile.remember(runDir, c.cluster().enabled() ? "cluster" : "embedded");
            SupervisorState.forgive(runDir, names);
            p.begin(
                    (stack.kafkaCluster().isPresent()
                                    ? "Kafka cluster (KRaft, "
                                    : "Kafka broker (KRaft")
                            + (stack.kafkaCluster().isPresent()
                                    ? stack.kafkaCluster().get().nodes().size() + " nodes)"
                                    : ")")
                            + " on "
                            + c.kafka().bootstrapServers());
            if (stack.kafkaCluster().isPresent()) {
                stack.kafkaCluster().get().start(detached, Duration.ofSeconds(180));
                p.done(
                        "ok, pids "
                                + stack.kafkaCluster().get().nodes().stream()
                                        .map(n -> n.process().map(h -> "" + h.pid()).orElse("-"))
                                        .toList());
            } else if (!stack.kafkaEmbedded()) {
                p.done("external, not started here");
            } else if (stack.kafka().process().isPresent()) {
                p.done("already running, pid " + stack.kafka().process().get().pid());
            } else {
                p.done("ok, pid " + stack.kafka().start(detached, Duration.ofSeconds(120)).pid());
            }

            p.begin("PostgreSQL on " + c.postgres().host() + ":" + c.postgres().port());
            if (!stack.postgresEmbedded()) {
                p.done("external, not started here");
            } else if (stack.postgres().process().isPresent()) {
                p.done("already running, pid " + stack.postgres().process().get().pid());
            } else {
                stack.postgres().start(detached, Duration.ofSeconds(120));
                p.done("ok, pid " + stack.postgres().process().map(ProcessHandle::pid).orElse(-1L));
            }

            for (ClusterNode n : stack.clusterNodes()) {
                if (n.name().startsWith("kafka-")) {
                    continue; // started together above
                }
                p.begin(n.name());
                if (n.process().isPresent()) {
                    p.done("already running, pid " + n.process().get().pid());
                } else {
                    n.start(detached, Duration.ofSeconds(180));
                    p.done("ok, " + n.state().detail());
                }
            }

            p.begin("Topics");
            List<String> created =
                    KafkaTopics.ensure(
                            c.kafka().bootstrapServers(),
                            Topic.allNames(c.kafka().topicPrefix()),
                            c.kafka().partitions(),
                            c.kafka().replicationFactor(),
                            c.kafka().retentionMs());
            p.done(created.isEmpty() ? "all present" : "created " + created.size());

            p.begin("Schema migrations");
            try (var ds = Database.dataSource(c.postgres(), "flywheel-up")) {
                int applied = Database.migrate(ds).migrationsExecuted;
                p.done(applied == 0 ? "up to date" : "applied " + applied);
            }
            if (withServices) {
                if (stack.clusterStreaming().isPresent()) {
                    p.begin("streaming jobs (Flink session cluster, REST submission)");
                    p.done(stack.clusterStreaming().get().ensureRunning(Duration.ofSeconds(180)));
                }
                for (JavaService s : stack.services()) {
                    p.begin(
                            s.spec().name()
                                    + " ("
                                    + s.spec().mainClass().replaceAll(".*\\.", "")
                                    + ")");
                    if (s.process().isPresent()) {
                        p.done("already running, pid " + s.process().get().pid());
                        continue;
                    }
                    if (!Files.isDirectory(Path.of(s.spec().classpath().get(0)))) {
                        throw new UserError(
                                s.spec().name() + " is not built; `./flywheel` builds everything");
                    }
                    long pid = s.start(detached, Duration.ofSeconds(180)).pid();
                    p.done("ok, pid " + pid + ", " + s.spec().health().check().detail());
                }
            }
            if (detached) {
                p.begin("supervisor (restarts what dies)");
                JavaService sup = stack.supervisor();
                p.done("ok, pid " + sup.start(true, Duration.ofSeconds(60)).pid());
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The configuration goes to the log; on screen only with {@code --verbose}. */
    void printConfig(FlywheelConfig c) {
        c.describe().forEach((k, v) -> LOG.info("config {} = {}", k, v));
        if (verbose) {
            out.println("Config (secrets masked):");
            for (Map.Entry<String, String> e : c.describe().entrySet()) {
                out.printf("  %-32s %s%n", e.getKey(), e.getValue());
            }
        }
        out.println(
                "Starting Flywheel in "
                        + c.dataDir()
                        + " (configuration in "
                        + c.dataPath("logs").resolve("flywheel-cli.log")
                        + "; --verbose prints it)");
    }

    void printEndpoints(FlywheelConfig c, boolean withServices) {
        out.println();
        out.println(
                "Kafka       "
                        + c.kafka().bootstrapServers()
                        + "   (e.g. kcat -b "
                        + c.kafka().bootstrapServers()
                        + " -L)");
        out.println(
                "PostgreSQL  "
                        + c.postgres().libpqUrl()
                        + "   (password: postgres.password; e.g. psql "
                        + c.postgres().libpqUrl()
                        + ")");
        String host = "http://" + c.listenAddress() + ":";
        if (c.cluster().enabled()) {
            out.println(
                    "Flink       "
                            + host
                            + c.cluster().flinkRestPort()
                            + "/   (session cluster: REST API and web UI, e.g. "
                            + host
                            + c.cluster().flinkRestPort()
                            + "/taskmanagers)");
            out.println(
                    "Spark       "
                            + c.batch().sparkMaster()
                            + "   (master web UI "
                            + host
                            + c.cluster().sparkMasterWebPort()
                            + "/, its state as "
                            + host
                            + c.cluster().sparkMasterWebPort()
                            + "/json)");
            out.println(
                    "S3          "
                            + c.storage().s3Endpoint()
                            + "   (bucket "
                            + c.storage().bucket()
                            + "; credentials in "
                            + c.dataPath("run", ClusterProfile.CREDENTIALS_FILE)
                            + ")");
        }
        if (withServices) {
            out.println("Dashboard   " + host + c.api().port() + "/");
            if (!c.cluster().enabled()) {
                out.println("Flink UI    " + host + c.streaming().webUiPort() + "/");
            }
        }
        out.println("Data        " + c.dataDir() + "   (logs in " + c.dataPath("logs") + ")");
    }
}
