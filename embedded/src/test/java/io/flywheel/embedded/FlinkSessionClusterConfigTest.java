package io.flywheel.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.config.ConfigLoader;
import io.flywheel.config.FlywheelConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the session cluster's config.yaml says about storage, without starting Flink. */
class FlinkSessionClusterConfigTest {
    private static final Path HOME = Path.of("/opt/flywheel");

    @Test
    void s3StorageGivesCheckpointsInTheBucketAndOnlyTheConfiguredKeys() {
        FlywheelConfig c =
                ConfigLoader.load(
                        Optional.empty(),
                        Map.of(
                                "FLYWHEEL_STORAGE_URL", "s3://lake/team",
                                "FLYWHEEL_STORAGE_S3_ENDPOINT", "http://127.0.0.1:18090",
                                "FLYWHEEL_STORAGE_S3_ACCESS_KEY", "AKID",
                                "FLYWHEEL_STORAGE_S3_SECRET_KEY", "it's secret: #1"),
                        Map.of(),
                        HOME);
        Map<String, String> m = FlinkSessionCluster.storageConfig(c);
        assertThat(m)
                .containsEntry("execution.checkpointing.dir", "s3://lake/team/flink/checkpoints")
                .containsEntry(
                        "execution.checkpointing.savepoint-dir", "s3://lake/team/flink/savepoints")
                .containsEntry("s3.endpoint", "http://127.0.0.1:18090")
                .containsEntry("s3.path.style.access", "true")
                .containsEntry("s3.access-key", "AKID")
                .containsEntry("s3.secret-key", "it's secret: #1")
                .containsEntry(
                        "s3.aws.credentials.provider",
                        "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        // Every value single-quoted: a quote doubled, ':' and '#' stay part of the value.
        assertThat(FlinkSessionCluster.yaml(Map.of("s3.secret-key", "it's secret: #1")))
                .endsWith("s3.secret-key: 'it''s secret: #1'\n");

        FlinkSessionCluster.Spec spec = FlinkSessionCluster.Spec.of(c, 18081, 18084, 2, Map.of());
        assertThat(spec.pluginsDir()).contains(HOME.resolve("flink-cluster/target/plugins"));
        assertThat(spec.restUrl()).isEqualTo("http://127.0.0.1:18081");
    }

    @Test
    void theDataDirectoryWithoutS3() {
        FlywheelConfig c = ConfigLoader.load(Optional.empty(), Map.of(), Map.of(), HOME);
        Map<String, String> m = FlinkSessionCluster.storageConfig(c);
        assertThat(m.get("execution.checkpointing.dir"))
                .isEqualTo(HOME.resolve("data/flink/checkpoints").toUri().toString());
        assertThat(m.get("execution.checkpointing.savepoint-dir"))
                .isEqualTo(HOME.resolve("data/flink/savepoints").toUri().toString());
        assertThat(m).doesNotContainKeys("s3.access-key", "s3.secret-key");
        assertThat(FlinkSessionCluster.Spec.of(c, 18081, 18084, 2, Map.of()).pluginsDir())
                .isEmpty();
    }
}
