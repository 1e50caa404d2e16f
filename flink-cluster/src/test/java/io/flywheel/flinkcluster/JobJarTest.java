package io.flywheel.flinkcluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The job jar that {@code mvn package} builds in streaming-jobs: Flink itself is the cluster's, so
 * none of its runtime is inside; our entry class, the connectors and Kafka's client are.
 */
class JobJarTest {

    @Test
    void holdsTheJobsAndConnectorsButNotFlink() throws Exception {
        try (JarFile jar = new JarFile(StreamingJobsOnClusterTest.JOB_JAR.toFile())) {
            List<String> names = jar.stream().map(ZipEntry::getName).toList();
            assertThat(names).noneMatch(n -> n.startsWith("org/apache/flink/runtime/"));
            assertThat(names).noneMatch(n -> n.startsWith("org/apache/flink/streaming/api/"));
            assertThat(names).noneMatch(n -> n.startsWith("org/apache/flink/api/common/"));
            assertThat(names).noneMatch(n -> n.startsWith("org/apache/logging/log4j/"));
            assertThat(names)
                    .contains(
                            "io/flywheel/streaming/ClusterJobs.class",
                            "io/flywheel/streaming/engagement/EngagementKpiJob.class",
                            "io/flywheel/streaming/ops/PipelineOpsJob.class",
                            "org/apache/flink/connector/kafka/sink/KafkaSink.class",
                            "org/apache/flink/connector/jdbc/core/datastream/sink/JdbcSink.class",
                            "org/apache/kafka/clients/producer/KafkaProducer.class",
                            "org/postgresql/Driver.class",
                            "org/apache/avro/Schema.class");
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("io.flywheel.streaming.ClusterJobs");
        }
    }
}
