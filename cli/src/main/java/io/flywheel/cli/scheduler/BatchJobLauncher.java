package io.flywheel.cli.scheduler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starts {@code io.flywheel.batch.BatchJobMain <job>} as its own JVM on batch-jobs' classpath
 * (Spark never shares the CLI's) with Spark's JVM flags, as the demo and production do.
 */
public final class BatchJobLauncher implements JobLauncher {
    public static final String MAIN_CLASS = "io.flywheel.batch.BatchJobMain";
    private final Path target;
    private final String heap;
    private final Map<String, String> env;

    /**
     * @param home the checkout: {@code batch-jobs/target} below it holds the classes and jars
     * @param env added to the inherited environment (FLYWHEEL_HOME, FLYWHEEL_DATA_DIR, ...)
     */
    public BatchJobLauncher(Path home, String heap, Map<String, String> env) {
        this.target = home.resolve("batch-jobs").resolve("target");
        this.heap = heap;
        this.env = Map.copyOf(env);
    }

    /**
     * The launcher for {@code batch.spark.master}: a submission to the standalone cluster for
     * {@code spark://…} ({@link SparkSubmission}), else the job in its own JVM ({@code local[N]}).
     */
    public static JobLauncher forMaster(
            Path home, String sparkMaster, String heap, Map<String, String> env) {
        return sparkMaster != null && sparkMaster.startsWith("spark://")
                ? new SparkSubmission(home, sparkMaster, heap, env)
                : new BatchJobLauncher(home, heap, env);
    }

    @Override
    public ProcessBuilder builder(String job) throws IOException {
        if (!Chains.JOBS.contains(job)) {
            throw new IllegalArgumentException("unknown batch job " + job);
        }
        Path flags = target.resolve("spark-jvm-flags.txt");
        if (!Files.exists(flags) || !Files.isDirectory(target.resolve("lib"))) {
            throw new IOException(
                    "batch-jobs is not built (" + flags + "); `./flywheel` builds it");
        }
        ProcessBuilder pb =
                new ProcessBuilder(
                        List.of(
                                javaBinary(),
                                "-Xmx" + heap,
                                "@" + flags,
                                "-cp",
                                target.resolve("classes") + ":" + target.resolve("lib") + "/*",
                                MAIN_CLASS,
                                job));
        pb.environment().putAll(env);
        return pb;
    }

    static String javaBinary() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
