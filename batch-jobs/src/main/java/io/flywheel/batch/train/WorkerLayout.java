package io.flywheel.batch.train;

import org.apache.spark.SparkContext;

/**
 * How one XGBoost fit spreads over Spark: how many workers (tasks of one barrier stage) and how
 * many threads each, 0 meaning XGBoost's own default (every core of the machine).
 *
 * <p>In local mode every task runs in the driver's JVM on the same cores, so one worker with all of
 * them builds the same trees as several workers of one thread, without a barrier stage of many
 * tasks, an allreduce of histograms between them at every level of every tree, or a repartition of
 * the data to the worker count. xgboost4j-spark 3.0.4 refuses an explicit {@code nthread} above
 * {@code spark.task.cpus} (raising that would run every other stage one task at a time), but it
 * passes no {@code nthread} when none is set, and XGBoost then takes every core.
 *
 * <p>On a cluster there is one worker per executor (the submission gives each executor one core),
 * and each takes its task slot's threads ({@code spark.task.cpus}); small sets train on one worker,
 * since a bootstrap resample of a few rows split over several tasks can leave one empty, which
 * fails the whole stage.
 */
public record WorkerLayout(int workers, int threads) {
    /** Fewer rows than twice this train on one worker. */
    static final long MIN_ROWS_PER_WORKER = 5_000;

    /** XGBoost's default thread count: every core it can see. */
    public static final int ALL_CORES = 0;

    public WorkerLayout {
        if (workers < 1 || threads < 0) {
            throw new IllegalArgumentException(workers + " workers x " + threads + " threads");
        }
    }

    public static WorkerLayout of(SparkContext context, long rowCount) {
        if (context.isLocal()) {
            return new WorkerLayout(1, ALL_CORES);
        }
        int taskCpus = context.getConf().getInt("spark.task.cpus", 1);
        int workers = rowCount < MIN_ROWS_PER_WORKER * 2 ? 1 : Math.max(1, executors(context));
        return new WorkerLayout(workers, taskCpus);
    }

    /**
     * The executors registered now (the status tracker lists the driver too). One XGBoost worker
     * each: a barrier stage needs all its tasks running at once, so asking for more workers than
     * there are executors' slots would wait for capacity the cluster does not have.
     */
    static int executors(SparkContext context) {
        return context.statusTracker().getExecutorInfos().length - 1;
    }
}
