package io.flywheel.config;

import java.util.List;

/**
 * The cluster profile: what {@code flywheel up --profile cluster} starts on one machine, each its
 * own JVM. With {@code profile=embedded} (the default) none of it runs.
 *
 * @param enabled whether {@code profile=cluster}
 * @param kafkaPorts one broker port per Kafka node (three by default)
 * @param kafkaControllerPorts one KRaft controller port per Kafka node
 * @param flinkRestPort the Flink JobManager's REST port (web UI, job submission)
 * @param flinkRpcPort the Flink JobManager's RPC port (TaskManagers register there)
 * @param flinkTaskManagers TaskManagers of the Flink session cluster
 * @param sparkMasterPort the Spark standalone master's port ({@code spark://host:port})
 * @param sparkMasterWebPort the Spark master's web UI and {@code /json} port
 * @param sparkWorkers Spark standalone workers
 * @param renderWorkers render worker processes in one consumer group
 */
public record ClusterSettings(
        boolean enabled,
        List<Integer> kafkaPorts,
        List<Integer> kafkaControllerPorts,
        int flinkRestPort,
        int flinkRpcPort,
        int flinkTaskManagers,
        int sparkMasterPort,
        int sparkMasterWebPort,
        int sparkWorkers,
        int renderWorkers) {

    public ClusterSettings {
        kafkaPorts = List.copyOf(kafkaPorts);
        kafkaControllerPorts = List.copyOf(kafkaControllerPorts);
        if (kafkaPorts.size() != kafkaControllerPorts.size()) {
            throw new ConfigException(
                    "cluster.kafka.ports and cluster.kafka.controller.ports must name as many ports");
        }
        if (kafkaPorts.isEmpty()) {
            throw new ConfigException("cluster.kafka.ports must name at least one port");
        }
    }

    /** The bootstrap list of the cluster's brokers. */
    public String kafkaBootstrap(String host) {
        return String.join(",", kafkaPorts.stream().map(p -> host + ":" + p).toList());
    }
}
