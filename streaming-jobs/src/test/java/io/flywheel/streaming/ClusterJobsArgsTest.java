package io.flywheel.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flywheel.config.ConfigException;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.config.StreamingSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The job jar's program arguments: which jobs, which config, and no secrets among them. */
class ClusterJobsArgsTest {

    @Test
    void jobsByShortOrFlinkNameWithOverrides() {
        ClusterJobs.Args a =
                ClusterJobs.Args.parse(
                        "--job", "ops", "--set", "streaming.parallelism=3", "--config", "/x.props");
        assertThat(a.jobs()).containsExactly(StreamingSettings.OPS_JOB);
        assertThat(a.configFile()).contains(Path.of("/x.props"));
        assertThat(a.overrides()).containsEntry("streaming.parallelism", "3");
        assertThat(ClusterJobs.Args.parse("--job", "engagement-kpi-job").jobs())
                .containsExactly(StreamingSettings.ENGAGEMENT_JOB);
        assertThat(ClusterJobs.Args.parse("--job", "all").jobs())
                .isEqualTo(
                        List.of(
                                StreamingSettings.ENGAGEMENT_JOB,
                                StreamingSettings.OPS_JOB,
                                StreamingSettings.TREND_JOB));

        FlywheelConfig c =
                ClusterJobs.Args.parse("--job", "ops", "--set", "streaming.parallelism=3")
                        .config(Map.of("FLYWHEEL_KAFKA_TOPIC_PREFIX", "p."));
        assertThat(c.streaming().parallelism()).isEqualTo(3);
        assertThat(c.kafka().topicPrefix()).isEqualTo("p.");
    }

    @Test
    void refusesUnknownJobsArgumentsAndSecrets() {
        assertThatThrownBy(() -> ClusterJobs.Args.parse("--job", "nope"))
                .hasMessageContaining("unknown job 'nope'");
        assertThatThrownBy(() -> ClusterJobs.Args.parse("--set", "a=b"))
                .hasMessageContaining("--job is required");
        assertThatThrownBy(() -> ClusterJobs.Args.parse("--job"))
                .hasMessageContaining("needs a value");
        assertThatThrownBy(
                        () ->
                                ClusterJobs.Args.parse(
                                                "--job", "ops", "--set", "postgres.password=x")
                                        .config(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("FLYWHEEL_POSTGRES_PASSWORD")
                .hasMessageNotContaining("=x");
        assertThat(ClusterJobs.jobId(StreamingSettings.OPS_JOB).toHexString())
                .isEqualTo("f1e1ee1000000000000000000000e002");
    }
}
