package io.flywheel.config;

import java.nio.file.Path;

/**
 * Where Kafka is and how topics are made.
 *
 * @param bootstrapServers what clients connect to
 * @param embedded whether {@code flywheel up} runs a local broker
 * @param brokerPort the local broker's client port
 * @param controllerPort the local broker's KRaft controller port
 * @param brokerLibDir the local broker's jars (built from Maven Central's Kafka artifacts)
 * @param topicPrefix prepended to every topic name, e.g. {@code flywheel.}
 * @param partitions partitions of each topic created
 * @param replicationFactor replicas of each topic created
 * @param retentionMs retention of the event topics; long, because Kafka is the log of record
 */
public record KafkaSettings(
        String bootstrapServers,
        boolean embedded,
        int brokerPort,
        int controllerPort,
        Path brokerLibDir,
        String topicPrefix,
        int partitions,
        short replicationFactor,
        long retentionMs) {}
