package io.flywheel.embedded;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command that submits one application to a Spark standalone cluster without a Spark
 * distribution: {@code java -cp <Spark's jars> org.apache.spark.deploy.SparkSubmit --master
 * spark://… --deploy-mode client …}, which is what {@code bin/spark-submit} runs. Client mode keeps
 * the driver in this child process, so its exit code is the job's, its output is the job's log, and
 * killing it ends the application (the master then frees its executors); the executors run on the
 * workers with the application jar, which they fetch from the driver.
 *
 * <p>Why not the alternatives (Spark 3.5.6): {@code SparkLauncher} starts {@code
 * $SPARK_HOME/bin/spark-submit}, which needs a full Spark installation that Maven Central does not
 * serve; {@code InProcessLauncher} needs Spark on the caller's own classpath (the scheduler has
 * none, by design) and is recommended for cluster mode only; the REST submission server puts the
 * driver on a worker, where its log, exit code and timeout have to be polled and fetched back.
 */
public final class SparkSubmitCommand {
    public static final String SPARK_SUBMIT = "org.apache.spark.deploy.SparkSubmit";

    /**
     * Each executor's memory: within the 1 GB a worker of the local cluster offers, with room for
     * XGBoost's native buffers outside the heap.
     */
    public static final String EXECUTOR_MEMORY = "512m";

    private final String master;
    private final List<Path> sparkJars;
    private final List<String> jvmFlags;
    private final String driverHeap;
    private final Map<String, String> conf = new LinkedHashMap<>();
    private final List<String> jars = new ArrayList<>();

    /**
     * @param master {@code spark://host:port}
     * @param sparkJars Spark's jars ({@link SparkDistribution#sparkJars}), the driver's classpath
     * @param jvmFlags Spark's Java 17 flags, for the driver and every executor
     * @param driverHeap e.g. {@code 1g}
     */
    public SparkSubmitCommand(
            String master, List<Path> sparkJars, List<String> jvmFlags, String driverHeap) {
        if (!isStandalone(master)) {
            throw new IllegalArgumentException("not a standalone master URL: " + master);
        }
        this.master = master;
        this.sparkJars = List.copyOf(sparkJars);
        this.jvmFlags = List.copyOf(jvmFlags);
        this.driverHeap = driverHeap;
        conf.put("spark.executor.memory", EXECUTOR_MEMORY);
        // One core per executor and per task: an XGBoost worker per executor, nthread 1.
        conf.put("spark.executor.cores", "1");
        conf.put("spark.task.cpus", "1");
        conf.put("spark.executor.extraJavaOptions", String.join(" ", jvmFlags));
        conf.put("spark.driver.host", host(master));
        conf.put("spark.driver.bindAddress", host(master));
        // A task killed because its barrier stage failed (XGBoost after a lost executor) may not
        // stop: its slot then stays taken and the stage's retry waits for a slot forever. The
        // reaper ends such an executor's JVM after a minute, and the master starts a new one.
        conf.put("spark.task.reaper.enabled", "true");
        conf.put("spark.task.reaper.killTimeout", "60s");
    }

    /** Whether {@code master} names a standalone cluster ({@code spark://…}). */
    public static boolean isStandalone(String master) {
        return master != null && master.startsWith("spark://");
    }

    /** Adds or replaces a Spark property of the application. */
    public SparkSubmitCommand conf(String key, String value) {
        conf.put(key, value);
        return this;
    }

    /**
     * The application takes at most {@code cores} and starts its work only once executors with all
     * of them have registered (or after 5 minutes; Spark's own 30 s is too short for executors
     * starting on a loaded machine): XGBoost then trains with as many workers as the cluster has,
     * whatever the moment the job reaches it.
     */
    public SparkSubmitCommand waitForCores(int cores) {
        conf.put("spark.cores.max", Integer.toString(cores));
        conf.put("spark.scheduler.minRegisteredResourcesRatio", "1.0");
        conf.put("spark.scheduler.maxRegisteredResourcesWaitingTime", "300s");
        return this;
    }

    /** Adds a jar for the driver and every executor beside the application's ({@code --jars}). */
    public SparkSubmitCommand jar(Path jar) {
        jars.add(jar.toAbsolutePath().toString());
        return this;
    }

    /** The command line: run it with the environment the job's configuration comes from. */
    public List<String> command(String name, String mainClass, Path appJar, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(JavaService.javaBinary());
        cmd.add("-Xmx" + driverHeap);
        cmd.addAll(jvmFlags);
        List<String> cp = new ArrayList<>();
        sparkJars.forEach(j -> cp.add(j.toString()));
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, cp));
        cmd.add(SPARK_SUBMIT);
        cmd.add("--master");
        cmd.add(master);
        cmd.add("--deploy-mode");
        cmd.add("client");
        cmd.add("--name");
        cmd.add(name);
        cmd.add("--class");
        cmd.add(mainClass);
        conf.forEach(
                (k, v) -> {
                    cmd.add("--conf");
                    cmd.add(k + "=" + v);
                });
        if (!jars.isEmpty()) {
            cmd.add("--jars");
            cmd.add(String.join(",", jars));
        }
        cmd.add(appJar.toAbsolutePath().toString());
        cmd.addAll(args);
        return cmd;
    }

    private static String host(String master) {
        String hostPort = master.substring("spark://".length()).split(",")[0];
        int colon = hostPort.lastIndexOf(':');
        return colon < 0 ? hostPort : hostPort.substring(0, colon);
    }
}
