package io.flywheel.cli.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.config.ConfigLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which launcher each Spark master gets, and what a submission to a standalone cluster waits for.
 */
class BatchJobLauncherTest {
    static final Path HOME = Path.of(System.getProperty("flywheel.home"));

    private static List<String> command(Map<String, String> overrides) throws Exception {
        var c = ConfigLoader.load(Optional.empty(), Map.of(), overrides, HOME);
        return BatchJobLauncher.of(c, "1g", Map.of()).builder("train").command();
    }

    @Test
    void theClusterProfilesSubmissionWaitsForEveryWorkersCore() throws Exception {
        List<String> cmd = command(Map.of("profile", "cluster", "cluster.spark.workers", "3"));
        assertThat(cmd).contains("org.apache.spark.deploy.SparkSubmit");
        assertThat(cmd)
                .contains("spark.cores.max=3")
                .contains("spark.scheduler.minRegisteredResourcesRatio=1.0");
    }

    @Test
    void anOutsideClusterTakesWhatItOffersAndLocalRunsInItsOwnJvm() throws Exception {
        List<String> outside = command(Map.of("batch.spark.master", "spark://10.0.0.5:7077"));
        assertThat(outside).contains("spark://10.0.0.5:7077");
        assertThat(String.join(" ", outside)).doesNotContain("spark.cores.max");
        List<String> local = command(Map.of());
        assertThat(local).contains(BatchJobLauncher.MAIN_CLASS, "train");
        assertThat(String.join(" ", local)).doesNotContain("SparkSubmit");
    }
}
