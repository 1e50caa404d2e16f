package io.flywheel.cli.scheduler;

import io.flywheel.config.FlywheelConfig;
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
     * On the cluster profile's own Spark cluster, a submission waits until every worker's core has
     * registered, so XGBoost trains with all of them whenever the job reaches the cluster.
     */
    public static JobLauncher of(FlywheelConfig c, String heap, Map<String, String> env) {
        String master = c.batch().sparkMaster();
        if (master == null || !master.startsWith("spark://")) {
            return new BatchJobLauncher(c.home(), heap, env);
        }
        return new SparkSubmission(
                c.home(),
                master,
                heap,
                env,
                c.cluster().enabled() ? c.cluster().sparkWorkers() : 0);
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
