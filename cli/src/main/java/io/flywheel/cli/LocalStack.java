package io.flywheel.cli;

import io.flywheel.config.FlywheelConfig;
import io.flywheel.embedded.FlinkSessionCluster;
import io.flywheel.embedded.JavaService;
import io.flywheel.embedded.KafkaBroker;
import io.flywheel.embedded.KafkaCluster;
import io.flywheel.embedded.PostgresServer;
import io.flywheel.embedded.S3Server;
import io.flywheel.embedded.ServiceState;
import io.flywheel.embedded.SparkDistribution;
import io.flywheel.embedded.SparkStandaloneCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The services of the embedded default, built from one config. */
public final class LocalStack {
    private final FlywheelConfig config;
    private final KafkaBroker kafka;
    private final PostgresServer postgres;

    private final KafkaCluster kafkaCluster;
    private final S3Server s3;
    private final FlinkSessionCluster flink;
    private final SparkStandaloneCluster spark;
    private final ClusterStreaming streaming;
    private final List<ClusterNode> clusterNodes;
    private final List<JavaService> services;
    private final JavaService supervisor;

    LocalStack(FlywheelConfig config, Optional<Path> configFile) {
        this(config, configFile, Map.of());
    }

    /**
     * @param serviceEnv settings for Flywheel's processes as {@code FLYWHEEL_*} variables, on top
     *     of the config file (the demo's world)
     */
    public LocalStack(
            FlywheelConfig config, Optional<Path> configFile, Map<String, String> serviceEnv) {
        this.config = config;
        this.services = FlywheelServices.of(config, configFile, serviceEnv);
        this.supervisor = FlywheelServices.supervisor(config, configFile, serviceEnv);
        this.kafka =
                new KafkaBroker(
                        new KafkaBroker.Spec(
                                config.listenAddress(),
                                config.kafka().brokerPort(),
                                config.kafka().controllerPort(),
                                config.dataPath("kafka"),
                                config.kafka().brokerLibDir(),
                                "1g"));
        this.kafkaCluster =
                config.cluster().enabled() && config.kafka().embedded()
                        ? new KafkaCluster(
                                config.listenAddress(),
                                config.cluster().kafkaPorts(),
                                config.cluster().kafkaControllerPorts(),
                                config.dataPath("kafka-cluster"),
                                config.kafka().brokerLibDir(),
                                "512m")
                        : null;
        List<ClusterNode> nodes = new ArrayList<>();
        if (kafkaCluster != null) {
            kafkaCluster.nodes().forEach(n -> nodes.add(ClusterNode.of(n)));
        }
        if (config.cluster().enabled()) {
            Map<String, String> env = new java.util.HashMap<>(serviceEnv);
            env.putAll(config.processEnvironment());
            configFile.ifPresent(f -> env.put("FLYWHEEL_CONFIG", f.toAbsolutePath().toString()));
            this.s3 = new S3Server(S3Server.spec(config));
            nodes.add(ClusterNode.of(s3.service()));
            this.flink =
                    new FlinkSessionCluster(
                            FlinkSessionCluster.Spec.of(
                                    config,
                                    config.cluster().flinkRestPort(),
                                    config.cluster().flinkRpcPort(),
                                    config.cluster().flinkTaskManagers(),
                                    env));
            nodes.add(
                    ClusterNode.of(
                            flink::jobManager,
                            (detached, timeout) -> {
                                flink.writeConfig();
                                flink.jobManager().start(detached, timeout);
                            }));
            for (int i = 1; i <= config.cluster().flinkTaskManagers(); i++) {
                int tm = i;
                // Built anew each time: its arguments come from the config the JobManager's
                // start writes.
                nodes.add(
                        ClusterNode.of(
                                () -> flink.taskManager(tm),
                                (detached, t) -> flink.taskManager(tm).start(detached, t)));
            }
            this.spark = new SparkStandaloneCluster(sparkSettings(config));
            nodes.add(ClusterNode.of(spark::master, (detached, t) -> spark.startMaster(t)));
            for (int i = 1; i <= config.cluster().sparkWorkers(); i++) {
                int w = i;
                nodes.add(
                        ClusterNode.of(
                                () -> spark.worker(w), (detached, t) -> spark.startWorker(w, t)));
            }
            this.streaming = new ClusterStreaming(flink, config.home());
        } else {
            this.s3 = null;
            this.flink = null;
            this.spark = null;
            this.streaming = null;
        }
        this.clusterNodes = List.copyOf(nodes);
        this.postgres =
                new PostgresServer(
                        new PostgresServer.Spec(
                                config.listenAddress(),
                                config.postgres().port(),
                                config.dataPath("postgres"),
                                config.dataPath("postgres", "bin"),
                                config.postgres().database(),
                                config.postgres().user(),
                                config.postgres().password()));
    }

    FlywheelConfig config() {
        return config;
    }

    KafkaBroker kafka() {
        return kafka;
    }

    PostgresServer postgres() {
        return postgres;
    }

    /** Whether {@code up} runs the single local broker of the embedded default. */
    boolean kafkaEmbedded() {
        return config.kafka().embedded() && kafkaCluster == null;
    }

    /** The cluster profile's Flink session cluster. */
    Optional<FlinkSessionCluster> flink() {
        return Optional.ofNullable(flink);
    }

    /** The streaming jobs in the cluster profile's Flink session cluster. */
    Optional<ClusterStreaming> clusterStreaming() {
        return Optional.ofNullable(streaming);
    }

    /** The cluster profile's Spark standalone cluster. */
    Optional<SparkStandaloneCluster> spark() {
        return Optional.ofNullable(spark);
    }

    /** The cluster profile's S3 server. */
    Optional<S3Server> s3() {
        return Optional.ofNullable(s3);
    }

    /**
     * The Spark standalone cluster of the cluster profile: the master and workers from batch-jobs'
     * Spark jars with Spark's Java 17 flags, one core and 1 GB for executors per worker.
     */
    private static SparkStandaloneCluster.Settings sparkSettings(FlywheelConfig c) {
        Path target = c.home().resolve("batch-jobs/target");
        List<String> flags;
        try {
            Path f = target.resolve("spark-jvm-flags.txt");
            flags =
                    Files.exists(f)
                            ? List.of(Files.readString(f).strip().split("\\s+"))
                            : List.of();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new SparkStandaloneCluster.Settings(
                c.listenAddress(),
                c.cluster().sparkMasterPort(),
                c.cluster().sparkMasterWebPort(),
                c.cluster().sparkWorkers(),
                1,
                "1g",
                "256m",
                Files.isDirectory(target.resolve("lib"))
                        ? SparkDistribution.sparkJars(target.resolve("lib"))
                        : List.of(),
                flags,
                c.dataPath("spark-cluster"),
                c.dataPath("run"),
                c.dataPath("logs"));
    }

    /** The cluster profile's Kafka nodes, when {@code up} runs them. */
    Optional<KafkaCluster> kafkaCluster() {
        return Optional.ofNullable(kafkaCluster);
    }

    /** The cluster profile's infrastructure JVMs, in start order (none on the embedded default). */
    List<ClusterNode> clusterNodes() {
        return clusterNodes;
    }

    boolean postgresEmbedded() {
        return config.postgres().embedded();
    }

    /** Flywheel's own processes, in start order. */
    public List<JavaService> services() {
        return services;
    }

    /** The process that restarts the others when they die. */
    public JavaService supervisor() {
        return supervisor;
    }

    /**
     * The names of what {@code up} starts: the local infrastructure, then (optionally) the rest.
     */
    public List<String> names(boolean withServices) {
        List<String> out = new ArrayList<>();
        if (kafkaEmbedded()) {
            out.add("kafka");
        }
        if (postgresEmbedded()) {
            out.add("postgres");
        }
        clusterNodes.forEach(n -> out.add(n.name()));
        if (withServices) {
            if (streaming != null) {
                out.add(ClusterStreaming.NAME);
            }
            services.forEach(s -> out.add(s.spec().name()));
        }
        return out;
    }

    /** The state of the infrastructure (Kafka, PostgreSQL) this config runs locally. */
    List<ServiceState> infraStates() {
        List<ServiceState> out = new ArrayList<>();
        if (kafkaEmbedded()) {
            out.add(kafka.state());
        }
        if (postgresEmbedded()) {
            out.add(postgres.state());
        }
        clusterNodes.forEach(n -> out.add(n.state()));
        return out;
    }

    /** Infrastructure, then every Flywheel process that runs (or all of them, with {@code all}). */
    List<ServiceState> states(boolean all) {
        List<ServiceState> out = infraStates();
        if (streaming != null) {
            ServiceState st = streaming.state();
            if (all || st.healthy()) {
                out.add(st);
            }
        }
        for (JavaService s : services) {
            ServiceState st = s.state();
            if (all || st.running()) {
                out.add(st);
            }
        }
        return out;
    }
}
