package io.flywheel.cli.scheduler;

import io.flywheel.embedded.SparkDistribution;
import io.flywheel.embedded.SparkSubmitCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Submits each batch job to a Spark standalone cluster ({@code batch.spark.master=spark://…}) with
 * the spark-submit jar, in client mode ({@link SparkSubmitCommand}): the child process the runner
 * watches is the job's driver, so its timeout, log, exit code and retries work as for a local job,
 * while its executors run on the cluster's workers.
 */
public final class SparkSubmission implements JobLauncher {
    private final Path target;
    private final String master;
    private final String heap;
    private final Map<String, String> env;
    private final int waitForCores;

    /**
     * @param home the checkout: {@code batch-jobs/target} below it holds the jars
     * @param master {@code spark://host:port}
     * @param heap the driver's heap
     * @param env added to the inherited environment (the job's configuration)
     * @param waitForCores the cores the application takes and waits for before it starts its work
     *     ({@link SparkSubmitCommand#waitForCores}); 0 takes what the cluster offers at once
     */
    public SparkSubmission(
            Path home, String master, String heap, Map<String, String> env, int waitForCores) {
        if (!SparkSubmitCommand.isStandalone(master)) {
            throw new IllegalArgumentException("not a standalone master URL: " + master);
        }
        this.target = home.resolve("batch-jobs").resolve("target");
        this.master = master;
        this.heap = heap;
        this.env = Map.copyOf(env);
        this.waitForCores = waitForCores;
    }

    /** The submit jar that {@code mvn package} builds. */
    public static Path submitJar(Path batchJobsTarget) {
        return batchJobsTarget.resolve("flywheel-batch-jobs-spark.jar");
    }

    @Override
    public ProcessBuilder builder(String job) throws IOException {
        if (!Chains.JOBS.contains(job)) {
            throw new IllegalArgumentException("unknown batch job " + job);
        }
        Path flags = target.resolve("spark-jvm-flags.txt");
        Path jar = submitJar(target);
        if (!Files.exists(flags) || !Files.exists(jar)) {
            throw new IOException("batch-jobs is not built (" + jar + "); `./flywheel` builds it");
        }
        List<String> jvmFlags = Arrays.asList(Files.readString(flags).strip().split("\\s+"));
        SparkSubmitCommand submit =
                new SparkSubmitCommand(
                        master, SparkDistribution.sparkJars(target.resolve("lib")), jvmFlags, heap);
        if (waitForCores > 0) {
            submit.waitForCores(waitForCores);
        }
        List<String> cmd =
                submit.command("flywheel-" + job, BatchJobLauncher.MAIN_CLASS, jar, List.of(job));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        return pb;
    }
}
