package io.flywheel.batch.deploy;

import io.flywheel.embedded.LogTail;
import io.flywheel.embedded.SparkDistribution;
import io.flywheel.embedded.SparkStandaloneCluster;
import io.flywheel.embedded.SparkSubmitCommand;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** Applications submitted to a test cluster as the scheduler submits them (client mode). */
final class Submitted {
    static final Path SUBMIT_JAR = TestCluster.TARGET.resolve("flywheel-batch-jobs-spark.jar");

    private Submitted() {}

    /** The submit command for {@code cluster}, waiting for all its workers' cores. */
    static SparkSubmitCommand command(SparkStandaloneCluster cluster) throws IOException {
        return new SparkSubmitCommand(
                        cluster.masterUrl(),
                        SparkDistribution.sparkJars(TestCluster.TARGET.resolve("lib")),
                        TestCluster.sparkFlags(),
                        "768m")
                .waitForCores(cluster.settings().workers() * cluster.settings().workerCores());
    }

    /** Starts the driver with {@code env} added, its output in {@code log}. */
    static Process start(List<String> command, Map<String, String> env, Path log)
            throws IOException {
        ProcessBuilder pb =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Waits for the driver's exit code; kills it after {@code timeout}. */
    static int await(Process p, Duration timeout, Path log, Path clusterDir)
            throws InterruptedException, IOException {
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError(
                    "the driver did not finish in "
                            + timeout
                            + ":\n"
                            + LogTail.summary(log, 30)
                            + executorLogs(clusterDir));
        }
        return p.exitValue();
    }

    /** The last lines of every executor's stderr below the cluster's work directories. */
    static String executorLogs(Path clusterDir) throws IOException {
        StringBuilder out = new StringBuilder();
        Path work = clusterDir.resolve("work");
        if (!Files.isDirectory(work)) {
            return "";
        }
        try (Stream<Path> files = Files.walk(work)) {
            for (Path f : files.filter(f -> f.getFileName().toString().equals("stderr")).toList()) {
                out.append("\n--- ").append(f).append('\n').append(LogTail.summary(f, 15));
            }
        }
        return out.toString();
    }

    /** A jar of the test classes whose names start with {@code type}'s (it and its inner ones). */
    static Path jarOf(Class<?> type, Path jar) throws IOException {
        Path classes = Path.of(type.getProtectionDomain().getCodeSource().getLocation().getPath());
        String dir = type.getPackageName().replace('.', '/');
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream j = new JarOutputStream(out);
                Stream<Path> files = Files.list(classes.resolve(dir))) {
            for (Path f : files.toList()) {
                String n = f.getFileName().toString();
                if (n.equals(type.getSimpleName() + ".class")
                        || n.startsWith(type.getSimpleName() + "$")) {
                    j.putNextEntry(new JarEntry(dir + "/" + n));
                    j.write(Files.readAllBytes(f));
                    j.closeEntry();
                }
            }
        }
        return jar;
    }
}
