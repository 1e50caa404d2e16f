package io.flywheel.benchmarks.cluster;

import io.flywheel.batch.SparkSessions;
import io.flywheel.batch.deploy.TestCluster;
import io.flywheel.batch.synthetic.SyntheticGold;
import io.flywheel.benchmarks.training.TrainingBench;
import io.flywheel.embedded.SparkStandaloneCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;

/**
 * bench/cluster's Spark part: xgboost4j-spark training, as the TrainJob trains (TrainingBench's
 * xgboost4j-spark contender: the TrainJob's feature vectors, worker layout and fit), on one
 * generated gold table, on a Spark standalone cluster with one worker and then with two (1 core and
 * one 512m executor each; one XGBoost worker per executor). The driver is this JVM in client mode,
 * with batch-jobs' submit jar and its test fixtures' jar (the gold generator runs on the executors)
 * shipped to the executors. Run it from batch-jobs/ after {@code mvn package}. The timed figure is
 * the median fit (BENCH_REPEATS, default 2) after an untimed small fit on each cluster. Then, with
 * two workers, a worker is killed with SIGKILL while a training runs and started again: its
 * recovery is the time until the master lists both workers ALIVE again; the training is awaited and
 * reported.
 *
 * <p>Environment: BENCH_SPARK_ROWS (default 200000), BENCH_SPARK_ROUNDS (50). Last line: {@code
 * PART spark_w1_train_s=… spark_w2_train_s=… spark_w2_vs_w1=… recovery_spark_worker_s=…}
 */
public final class SparkClusterBench {
    static final Duration START = Duration.ofSeconds(120);
    static final int DEPTH = 6;

    private SparkClusterBench() {}

    public static void main(String[] args) throws Exception {
        long rows = Long.parseLong(env("BENCH_SPARK_ROWS", "200000"));
        int rounds = Integer.parseInt(env("BENCH_SPARK_ROUNDS", "50"));
        Path dir = Files.createTempDirectory("flywheel-bench-spark-");
        String table = dir.resolve("gold").toString();
        String warm = dir.resolve("warm").toString();
        int code = 0;
        try {
            double one = run(dir.resolve("w1"), 1, rows, rounds, table, warm)[0];
            double[] two = run(dir.resolve("w2"), 2, rows, rounds, table, warm);
            System.out.printf(
                    Locale.ROOT,
                    "PART spark_w1_train_s=%.2f spark_w2_train_s=%.2f spark_w2_vs_w1=%.2f"
                            + " recovery_spark_worker_s=%.1f%n",
                    one,
                    two[0],
                    one / two[0],
                    two[1]);
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    /** The median fit's seconds with {@code workers} workers, and the kill's recovery if two. */
    static double[] run(Path dir, int workers, long rows, int rounds, String table, String warm)
            throws Exception {
        SparkStandaloneCluster cluster = TestCluster.of(dir, workers);
        SparkSession spark = null;
        try {
            long t0 = System.nanoTime();
            cluster.start(START);
            System.out.printf(
                    Locale.ROOT,
                    "spark: master and %d worker(s) ALIVE in %.1f s%n",
                    workers,
                    secs(t0));
            spark = session(cluster, workers);
            if (!Files.exists(Path.of(table))) {
                long g = System.nanoTime();
                SyntheticGold.rows(spark, rows, 4, 42).write().format("delta").save(table);
                SyntheticGold.rows(spark, 5_000, 2, 7).write().format("delta").save(warm);
                System.out.printf(
                        Locale.ROOT,
                        "spark: generated the gold table (%,d rows) in %.1f s%n",
                        rows,
                        secs(g));
            }
            TrainingBench.xgboostSpark(spark, warm, 5, DEPTH); // untimed: JVMs, native library
            TrainingBench.Run r = TrainingBench.xgboostSpark(spark, table, rounds, DEPTH);
            System.out.printf(
                    Locale.ROOT,
                    "spark: %d worker(s): %,d rows x %d rounds (depth %d): fit %.2f s (median),"
                            + " whole job %.2f s, RMSE %.2f%n",
                    workers,
                    rows,
                    rounds,
                    DEPTH,
                    r.trainSeconds(),
                    r.jobSeconds(),
                    r.rmse());
            double recovery = Double.NaN;
            if (workers == 2) {
                recovery = killWorkerMidTraining(cluster, spark, table, rounds);
            }
            return new double[] {r.trainSeconds(), recovery};
        } finally {
            if (spark != null) {
                spark.stop();
            }
            cluster.stop();
        }
    }

    private static double killWorkerMidTraining(
            SparkStandaloneCluster cluster, SparkSession spark, String table, int rounds)
            throws Exception {
        CompletableFuture<TrainingBench.Run> training =
                CompletableFuture.supplyAsync(
                        () -> TrainingBench.xgboostSpark(spark, table, rounds, DEPTH));
        Thread.sleep(4000); // the training's preparation has started on both executors
        ProcessHandle worker = cluster.worker(2).process().orElseThrow();
        long killed = System.nanoTime();
        cluster.killWorker(2); // SIGKILL
        worker.onExit().get();
        Thread.sleep(1000); // the supervisor's first backoff
        cluster.startWorker(2, START);
        long deadline = System.nanoTime() + START.toNanos();
        while (!cluster.health().ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(cluster.health().detail());
            }
            Thread.sleep(200);
        }
        double s = secs(killed);
        System.out.printf(
                Locale.ROOT,
                "RECOVERY Spark worker: both workers ALIVE again %.1f s after the kill%n",
                s);
        try {
            TrainingBench.Run r = training.get(300, TimeUnit.SECONDS);
            System.out.printf(
                    Locale.ROOT,
                    "spark: the training running at the kill completed %.1f s after it (RMSE"
                            + " %.2f)%n",
                    secs(killed),
                    r.rmse());
        } catch (Exception e) {
            System.out.printf(
                    Locale.ROOT,
                    "spark: the training running at the kill did not complete: %s%n",
                    e.getCause() != null ? e.getCause() : e);
        }
        return s;
    }

    /** A driver in this JVM (client mode) on the cluster, as SparkSubmitCommand configures it. */
    static SparkSession session(SparkStandaloneCluster cluster, int workers) throws Exception {
        Path submitJar = TestCluster.TARGET.resolve("flywheel-batch-jobs-spark.jar");
        if (!Files.exists(submitJar)) {
            throw new IllegalStateException("no " + submitJar + ": run mvn package first");
        }
        // SyntheticGold runs inside the executors' tasks: its jar (batch-jobs' test fixtures,
        // packaged by mvn package) goes to them beside the submit jar.
        Path fixtures =
                Path.of(
                        SyntheticGold.class
                                .getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .toURI());
        if (!Files.isRegularFile(fixtures)) {
            throw new IllegalStateException(
                    "SyntheticGold comes from " + fixtures + ", not a jar: run mvn package first");
        }
        List<String> flags = TestCluster.sparkFlags();
        // SparkConf reads spark.* system properties: SparkSessions stays as the jobs use it.
        System.setProperty("spark.jars", submitJar + "," + fixtures);
        System.setProperty("spark.executor.memory", "512m");
        System.setProperty("spark.executor.cores", "1");
        System.setProperty("spark.task.cpus", "1");
        System.setProperty("spark.executor.extraJavaOptions", String.join(" ", flags));
        System.setProperty("spark.cores.max", Integer.toString(workers));
        System.setProperty("spark.scheduler.minRegisteredResourcesRatio", "1.0");
        SparkSession spark =
                SparkSessions.create(cluster.masterUrl(), "bench-cluster-" + workers + "w");
        long deadline = System.nanoTime() + START.toNanos();
        while (spark.sparkContext().statusTracker().getExecutorInfos().length - 1 < workers) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("executors did not register on " + workers + " workers");
            }
            Thread.sleep(200);
        }
        return spark;
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }
}
