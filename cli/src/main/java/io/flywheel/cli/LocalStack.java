package io.flywheel.cli;

import io.flywheel.config.FlywheelConfig;
import io.flywheel.embedded.JavaService;
import io.flywheel.embedded.KafkaBroker;
import io.flywheel.embedded.KafkaCluster;
import io.flywheel.embedded.PostgresServer;
import io.flywheel.embedded.ServiceState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The services of the embedded default, built from one config. */
final class LocalStack {
    private final FlywheelConfig config;
    private final KafkaBroker kafka;
    private final PostgresServer postgres;

    private final KafkaCluster kafkaCluster;
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
    LocalStack(FlywheelConfig config, Optional<Path> configFile, Map<String, String> serviceEnv) {
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
    List<JavaService> services() {
        return services;
    }

    /** The process that restarts the others when they die. */
    JavaService supervisor() {
        return supervisor;
    }

    /**
     * The names of what {@code up} starts: the local infrastructure, then (optionally) the rest.
     */
    List<String> names(boolean withServices) {
        List<String> out = new ArrayList<>();
        if (kafkaEmbedded()) {
            out.add("kafka");
        }
        if (postgresEmbedded()) {
            out.add("postgres");
        }
        clusterNodes.forEach(n -> out.add(n.name()));
        if (withServices) {
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
        for (JavaService s : services) {
            ServiceState st = s.state();
            if (all || st.running()) {
                out.add(st);
            }
        }
        return out;
    }
}
