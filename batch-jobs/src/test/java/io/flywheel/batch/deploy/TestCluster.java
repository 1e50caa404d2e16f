package io.flywheel.batch.deploy;

import io.flywheel.embedded.FreePorts;
import io.flywheel.embedded.SparkDistribution;
import io.flywheel.embedded.SparkStandaloneCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** A standalone cluster for tests: free ports, batch-jobs' built jars, files below {@code dir}. */
public final class TestCluster {
    public static final Path TARGET = Path.of("target").toAbsolutePath();

    private TestCluster() {}

    public static List<String> sparkFlags() throws IOException {
        return Arrays.stream(
                        Files.readString(TARGET.resolve("spark-jvm-flags.txt"))
                                .strip()
                                .split("\\s+"))
                .toList();
    }

    public static SparkStandaloneCluster of(Path dir, int workers) throws IOException {
        return new SparkStandaloneCluster(
                new SparkStandaloneCluster.Settings(
                        "127.0.0.1",
                        FreePorts.pick(),
                        FreePorts.pick(),
                        workers,
                        1,
                        "1g",
                        "256m",
                        SparkDistribution.sparkJars(TARGET.resolve("lib")),
                        sparkFlags(),
                        dir,
                        dir.resolve("run"),
                        dir.resolve("logs")));
    }
}
