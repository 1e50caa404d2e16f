package io.flywheel.batch.train;

import static org.apache.spark.sql.functions.col;

import io.flywheel.batch.model.SparkFeatures;
import io.flywheel.model.Ensemble;
import io.flywheel.model.FeatureEncoder;
import io.flywheel.model.FeatureMap;
import io.flywheel.model.ParameterTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressionModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.LogicalRDD;

/**
 * The training core the {@link TrainJob} runs and {@code bench/learning} calls on in-memory rows: a
 * bootstrap ensemble of XGBoost boosters (xgboost4j-spark) on rows of {@link
 * TrainJob#trainingSet}'s shape. Member k learns from its own bootstrap resample, so members
 * disagree where the data is thin: that disagreement is the recommendation's uncertainty.
 */
public final class EnsembleTrainer {
    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(EnsembleTrainer.class);

    /**
     * The learning objective: a Poisson regression learns the log of the expected count, where the
     * effects of content parameters add up (a hook that doubles views doubles them in every
     * segment), so it needs far fewer splits than squared error on raw counts; its predictions are
     * still expected counts.
     */
    public static final String OBJECTIVE = "count:poisson";

    /** Below this many rows a resample is checked for rows before training on it. */
    static final long SMALL_SET = 1_000;

    /** What a training produced: the vocabulary, the boosters and member 0's feature gains. */
    public record Trained(
            FeatureEncoder encoder, List<Booster> boosters, Map<String, Double> importance) {
        public Ensemble ensemble() {
            return new Ensemble(encoder, boosters);
        }
    }

    private final int ensembleSize;
    private final int rounds;
    private final int depth;
    private final double eta;
    private final long seed;

    public EnsembleTrainer(int ensembleSize, int rounds, int depth, double eta, long seed) {
        this.ensembleSize = ensembleSize;
        this.rounds = rounds;
        this.depth = depth;
        this.eta = eta;
        this.seed = seed;
    }

    /**
     * An XGBoost regressor with our settings, spread over Spark as {@code layout} says (see {@link
     * WorkerLayout#of}).
     */
    public static XGBoostRegressor regressor(
            int rounds, int depth, double eta, long seed, WorkerLayout layout, boolean local) {
        XGBoostRegressor r = new XGBoostRegressor();
        r.setFeaturesCol("features");
        r.setLabelCol("label");
        r.setObjective(OBJECTIVE);
        r.setTreeMethod("hist");
        r.setNumRound(rounds);
        r.setMaxDepth(depth);
        r.setEta(eta);
        r.setSeed(seed);
        r.setNumWorkers(layout.workers());
        if (layout.threads() != WorkerLayout.ALL_CORES) {
            r.setNthread(layout.threads());
        }
        r.setVerbosity(0);
        if (local) {
            // The driver is bound to loopback in local mode (SparkSessions); so is the tracker
            // its workers connect to.
            r.setRabitTrackerHostIp("127.0.0.1");
        }
        return r;
    }

    /** Mean gain per split of each feature, named through the one feature map. */
    static Map<String, Double> gain(Booster booster) throws XGBoostError {
        return FeatureMap.meanGain(booster);
    }

    /**
     * A bootstrap resample (with replacement, as many rows on average). Spark draws each row's
     * count independently, so a set of a few rows can come back empty (e^-3 for three rows), and an
     * XGBoost worker without data fails the stage on every retry of the same seed: small sets are
     * drawn again with the next seed until the resample has rows.
     */
    static Dataset<Row> bootstrap(Dataset<Row> rows, long rowCount, long seed) {
        Dataset<Row> resample = rows.sample(true, 1.0, seed);
        if (rowCount >= SMALL_SET) {
            return resample;
        }
        for (long s = seed + 7_919; resample.isEmpty() && s < seed + 100 * 7_919; s += 7_919) {
            resample = rows.sample(true, 1.0, s);
        }
        return resample.isEmpty() ? rows : resample;
    }

    /**
     * The training vectors in as many partitions as {@code layout} has workers, computed once:
     * xgboost4j-spark repartitions its input to the worker count (a shuffle) on every fit whose
     * input has any other partition count, and a bootstrap sample keeps its input's partitions, so
     * every member's fit then reads these partitions as they are. Local mode coalesces (no
     * shuffle); the local checkpoint cuts the lineage, since Spark refuses a coalesce inside the
     * barrier stage. Sets under {@link WorkerLayout#MIN_ROWS_PER_WORKER} twice are returned as they
     * are, so the bootstraps of the learning loop's small sets draw the rows they drew before. Free
     * the result with {@link #release}.
     */
    public static Dataset<Row> spread(Dataset<Row> train, long rowCount, WorkerLayout layout) {
        int partitions = train.rdd().getNumPartitions();
        int workers = layout.workers();
        if (rowCount < 2 * WorkerLayout.MIN_ROWS_PER_WORKER || partitions == workers) {
            return train;
        }
        Dataset<Row> shaped =
                partitions > workers ? train.coalesce(workers) : train.repartition(workers);
        return shaped.localCheckpoint();
    }

    /** Frees what {@link #spread} checkpointed (nothing if it returned its input). */
    public static void release(Dataset<Row> spread) {
        if (spread.queryExecution().logical() instanceof LogicalRDD checkpointed) {
            checkpointed.rdd().unpersist(false);
        }
    }

    /** Trains the ensemble on {@code rows} (arm parameters and {@code label}). */
    public Trained fit(Dataset<Row> rows) {
        FeatureEncoder encoder = SparkFeatures.fit(rows);
        Dataset<Row> train =
                rows.select(SparkFeatures.vector(encoder).as("features"), col("label")).cache();
        var context = rows.sparkSession().sparkContext();
        long rowCount = train.count();
        WorkerLayout layout = WorkerLayout.of(context, rowCount);
        LOG.info(
                "XGBoost on {} rows: {} workers x {} threads",
                rowCount,
                layout.workers(),
                layout.threads() == WorkerLayout.ALL_CORES ? "all" : layout.threads());
        Dataset<Row> spread = spread(train, rowCount, layout);
        List<Booster> boosters = new ArrayList<>();
        Map<String, Double> importance = new LinkedHashMap<>();
        try {
            for (int k = 0; k < ensembleSize; k++) {
                Dataset<Row> resample = bootstrap(spread, rowCount, seed + k);
                XGBoostRegressor regressor =
                        regressor(rounds, depth, eta, seed + k, layout, context.isLocal());
                regressor.setFeatureTypes(ParameterTable.trainingTypes());
                XGBoostRegressionModel model = DenseFit.fit(regressor, resample);
                // A copy of its own: the Spark model's booster is freed with the model.
                Booster booster =
                        XGBoost.loadModel(model.nativeBooster().booster().toByteArray("ubj"));
                boosters.add(booster);
                if (k == 0) {
                    importance.putAll(gain(booster));
                }
            }
        } catch (XGBoostError | java.io.IOException e) {
            boosters.forEach(Booster::dispose);
            throw new IllegalStateException("cannot copy a trained booster", e);
        } finally {
            release(spread);
            train.unpersist();
        }
        return new Trained(encoder, boosters, importance);
    }
}
