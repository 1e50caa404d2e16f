package io.flywheel.batch.train;

import java.io.Serializable;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.Communicator;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.RabitTracker;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.catalyst.InternalRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.JavaConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * Distributed XGBoost on a Spark barrier stage, as xgboost4j-spark 3.0.4's {@code XGBoost.train}
 * runs it: a tracker on the driver, one barrier task per worker joined in xgboost4j's collective,
 * each building its DMatrix from its partition, the booster sent back by task 0 through a
 * one-partition shuffle (so that a failed task retries the stage).
 *
 * <p>The boosting loop is ours, for two reasons. xgboost4j-spark always puts the training set in
 * the loop's watches, so every round evaluates the metric over all rows, reduces it across the
 * workers and sends the line to the tracker (0.3–0.7 s of a 100-round fit on 800K rows, session 5),
 * which nothing here reads. And it cannot change the learning rate between rounds, which {@link
 * Settings#firstRoundEta} does: one first round at a different rate, as Spark MLlib's GBT adds its
 * first tree at full weight. The updates are xgboost4j's own ({@code Booster.update} round by
 * round, the same calls its loop makes), so without a first-round rate the trees are the ones
 * {@code XGBoostRegressor.fit} grows ({@code DenseFitTest}).
 */
final class BarrierBoosting {
    private static final Logger LOG = LoggerFactory.getLogger(BarrierBoosting.class);

    /**
     * What every worker needs.
     *
     * @param params XGBoost's parameters, each value as its text (as xgboost4j-spark passes them)
     * @param rounds boosting rounds
     * @param firstRoundEta the learning rate of round 1, or NaN for the same rate as the others
     * @param missing the value that marks a missing feature
     * @param featureTypes per feature ("q", "c"), or empty
     * @param featureNames per feature, or empty
     */
    record Settings(
            Map<String, Object> params,
            int rounds,
            double firstRoundEta,
            float missing,
            String[] featureTypes,
            String[] featureNames)
            implements Serializable {}

    /** Where the driver's tracker listens ({@code XGBoostRegressor}'s rabit tracker settings). */
    record Tracker(String hostIp, int port, int timeoutSeconds) {}

    private BarrierBoosting() {}

    /**
     * Trains one booster on {@code rows} (label as float, dense feature vector), one worker per
     * partition.
     */
    static Booster train(RDD<InternalRow> rows, Tracker where, Settings settings)
            throws XGBoostError {
        int workers = rows.getNumPartitions();
        RabitTracker tracker =
                new RabitTracker(workers, where.hostIp(), where.port(), where.timeoutSeconds());
        if (!tracker.start()) {
            throw new XGBoostError("the XGBoost tracker did not start");
        }
        try {
            Map<String, Object> env = tracker.getWorkerArgs();
            RDD<Booster> boosters =
                    rows.barrier()
                            .mapPartitions(new Worker(env, settings), false, tag(Booster.class));
            return new JavaRDD<>(boosters, tag(Booster.class)).repartition(1).collect().get(0);
        } finally {
            try {
                tracker.stop();
            } catch (XGBoostError e) {
                LOG.warn("stopping the XGBoost tracker failed", e);
            }
        }
    }

    /** One barrier task: join the collective, build the DMatrix, boost; task 0 returns it. */
    private static final class Worker
            extends AbstractFunction1<
                    scala.collection.Iterator<InternalRow>, scala.collection.Iterator<Booster>>
            implements Serializable {
        private static final long serialVersionUID = 1L;
        private final HashMap<String, Object> env;
        private final Settings settings;

        Worker(Map<String, Object> env, Settings settings) {
            this.env = new HashMap<>(env);
            this.settings = settings;
        }

        @Override
        public scala.collection.Iterator<Booster> apply(scala.collection.Iterator<InternalRow> in) {
            int partition = TaskContext.getPartitionId();
            Map<String, Object> mine = new HashMap<>(env);
            mine.put("DMLC_TASK_ID", String.valueOf(partition));
            Iterator<InternalRow> rows = JavaConverters.asJavaIteratorConverter(in).asJava();
            try {
                Communicator.init(mine);
                try {
                    if (!rows.hasNext()) {
                        // As xgboost4j-spark: every worker must hold rows, or none can train.
                        throw new IllegalStateException(
                                "XGBoost worker " + partition + " got no rows");
                    }
                    Booster booster = boostOn(rows);
                    Iterator<Booster> out =
                            partition == 0
                                    ? Collections.singletonList(booster).iterator()
                                    : Collections.emptyIterator();
                    return JavaConverters.asScalaIteratorConverter(out).asScala();
                } finally {
                    try {
                        Communicator.shutdown();
                    } catch (XGBoostError e) {
                        LOG.error("leaving the XGBoost collective failed", e);
                    }
                }
            } catch (XGBoostError e) {
                throw new IllegalStateException("XGBoost training failed", e);
            }
        }

        private Booster boostOn(Iterator<InternalRow> rows) throws XGBoostError {
            DMatrix matrix = DenseFit.matrix(rows, settings.missing());
            try {
                if (settings.featureTypes().length > 0) {
                    matrix.setFeatureTypes(settings.featureTypes());
                }
                if (settings.featureNames().length > 0) {
                    matrix.setFeatureNames(settings.featureNames());
                }
                return boost(matrix, settings);
            } finally {
                matrix.dispose();
            }
        }
    }

    /**
     * {@code rounds} updates of a new booster on {@code matrix}, without evaluating anything; the
     * first at {@code firstRoundEta} when set. Runs on one machine too (the bench's floor).
     */
    static Booster boost(DMatrix matrix, Settings s) throws XGBoostError {
        // Zero rounds: xgboost4j's own booster set-up (parameters, feature names and types).
        Booster booster = XGBoost.train(matrix, s.params(), 0, Map.of(), null, null);
        boolean schedule = !Double.isNaN(s.firstRoundEta());
        // XGBoost's own default when no rate is set.
        Object eta =
                s.params().getOrDefault("eta", s.params().getOrDefault("learning_rate", "0.3"));
        for (int round = 0; round < s.rounds(); round++) {
            if (schedule && round == 0) {
                booster.setParam("eta", String.valueOf(s.firstRoundEta()));
            } else if (schedule && round == 1) {
                booster.setParam("eta", String.valueOf(eta));
            }
            booster.update(matrix, round);
        }
        return booster;
    }

    @SuppressWarnings("unchecked")
    private static <T> ClassTag<T> tag(Class<T> type) {
        return (ClassTag<T>) ClassTag$.MODULE$.apply(type);
    }
}
