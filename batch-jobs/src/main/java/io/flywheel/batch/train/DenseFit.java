package io.flywheel.batch.train;

import static org.apache.spark.sql.functions.col;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;
import ml.dmlc.xgboost4j.scala.Booster;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressionModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressor;
import ml.dmlc.xgboost4j.scala.spark.XGBoostTrainingSummary$;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import scala.collection.JavaConverters;

/**
 * {@code regressor.fit(rows)} for rows of a dense feature vector and a label, with each worker's
 * DMatrix built from one {@code float[]} and xgboost4j's boosting loop run without evaluating the
 * training set every round ({@link BarrierBoosting}).
 *
 * <p>xgboost4j-spark 3.0.4 turns every row into a Spark {@code Row}, a {@code DenseVector}, a
 * {@code float[]} and an {@code XGBLabeledPoint}, and feeds those to the DMatrix as CSR batches
 * over JNI; the boosting on that DMatrix is also slower than on one built from a dense array (a
 * probe on 800K rows: about 0.5 s a fit of 100 rounds in all, for the same trees). Here the worker
 * reads the cached binary rows and fills one array, as the single-node floor does. The model is the
 * one {@code fit} builds, tree for tree ({@code DenseFitTest}); only the training summary is empty,
 * since no round is evaluated. The regressor's own members used here are package-private in Scala
 * but public to the JVM; the version is pinned (parent pom), so an upgrade that changes them fails
 * in that test.
 *
 * <p>Only what the product sets is taken this way (label, vector features, feature types and names,
 * missing value, CPU); a regressor with weights, base margins, an evaluation set, early stopping, a
 * custom objective or metric, a GPU, or features that are not a vector, is fitted by {@code fit}
 * itself.
 */
public final class DenseFit {
    /** Vector columns are stored as (type, size, indices, values); type 1 is dense. */
    private static final byte DENSE = 1;

    private DenseFit() {}

    /** The fitted model, as {@code regressor.fit(rows)} returns it. */
    public static XGBoostRegressionModel fit(XGBoostRegressor regressor, Dataset<?> rows) {
        return fit(regressor, rows, Double.NaN);
    }

    /**
     * The fitted model, with round 1 at learning rate {@code firstRoundEta} and the others at the
     * regressor's (NaN: all at the regressor's, which is {@code regressor.fit(rows)}). A first
     * round at 1 is Spark MLlib GBT's schedule: its first tree enters at full weight.
     *
     * @throws IllegalArgumentException for a first-round rate on a regressor that only {@code fit}
     *     can train
     */
    public static XGBoostRegressionModel fit(
            XGBoostRegressor regressor, Dataset<?> rows, double firstRoundEta) {
        if (!supported(regressor, rows)) {
            if (!Double.isNaN(firstRoundEta)) {
                throw new IllegalArgumentException(
                        "a first-round learning rate needs label and vector features only");
            }
            return regressor.fit(rows);
        }
        regressor.validate(rows);
        Dataset<?> input =
                regressor.repartitionIfNeeded(
                        rows.select(
                                col(regressor.getLabelCol()).cast("float"),
                                col(regressor.getFeaturesCol())));
        float missing = regressor.getMissing();
        var settings =
                new BarrierBoosting.Settings(
                        textValues(regressor.getXGBoostParams()),
                        regressor.getNumRound(),
                        firstRoundEta,
                        missing,
                        regressor.getFeatureTypes(),
                        regressor.getFeatureNames());
        var tracker =
                new BarrierBoosting.Tracker(
                        regressor.getRabitTrackerHostIp(),
                        regressor.getRabitTrackerPort(),
                        regressor.getRabitTrackerTimeout());
        ml.dmlc.xgboost4j.java.Booster trained;
        try {
            trained = BarrierBoosting.train(input.queryExecution().toRdd(), tracker, settings);
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost training failed", e);
        }
        XGBoostRegressionModel model =
                regressor.createModel(
                        new Booster(trained), XGBoostTrainingSummary$.MODULE$.apply(NO_METRICS));
        model.setFeaturesCol(regressor.getFeaturesCol());
        model.setPredictionCol(regressor.getPredictionCol());
        model.setMissing(missing);
        return model;
    }

    /** The summary's training history: empty, as no round evaluates the training set. */
    private static final scala.collection.immutable.Map<String, float[]> NO_METRICS =
            scala.collection.immutable.Map$.MODULE$
                    .<String, float[]>empty()
                    .updated("train", new float[0]);

    /** XGBoost's parameters with each value as its text, as xgboost4j-spark hands them over. */
    private static Map<String, Object> textValues(
            scala.collection.immutable.Map<String, Object> p) {
        Map<String, Object> out = new HashMap<>();
        JavaConverters.mapAsJavaMapConverter(p)
                .asJava()
                .forEach(
                        (k, v) -> {
                            if (v != null) {
                                out.put(k, v.toString());
                            }
                        });
        return out;
    }

    /** Whether {@link #fit} can build the DMatrix itself, or leaves it to xgboost4j-spark. */
    static boolean supported(XGBoostRegressor r, Dataset<?> rows) {
        return !r.isSet(r.weightCol())
                && !r.isSet(r.baseMarginCol())
                && r.getEvalDataset().isEmpty()
                && r.getCustomObj() == null
                && r.getCustomEval() == null
                && r.getNumEarlyStoppingRounds() == 0
                && "cpu".equals(r.getDevice())
                && !"gpu_hist".equals(r.getTreeMethod())
                && r.getFeaturesCols().length == 0
                && rows.schema().apply(r.getFeaturesCol()).dataType() instanceof VectorUDT;
    }

    /** All remaining rows as one dense DMatrix with labels. */
    static DMatrix matrix(Iterator<InternalRow> rows, float missing) throws XGBoostError {
        float[] labels = new float[1 << 14];
        float[] data = null;
        int n = 0;
        int width = 0;
        while (rows.hasNext()) {
            InternalRow row = rows.next();
            InternalRow vector = row.getStruct(1, 4);
            if (vector.getByte(0) != DENSE) {
                throw new IllegalArgumentException(
                        "sparse feature vector: densify it first (STACK.md)");
            }
            ArrayData values = vector.getArray(3);
            if (data == null) {
                width = values.numElements();
                data = new float[labels.length * width];
            } else if (values.numElements() != width) {
                throw new IllegalArgumentException(
                        "feature vectors of " + width + " and " + values.numElements());
            }
            if (n == labels.length) {
                labels = Arrays.copyOf(labels, 2 * n);
                data = Arrays.copyOf(data, 2 * n * width);
            }
            labels[n] = row.getFloat(0);
            int base = n * width;
            for (int j = 0; j < width; j++) {
                data[base + j] = (float) values.getDouble(j);
            }
            n++;
        }
        DMatrix matrix = new DMatrix(Arrays.copyOf(data, n * width), n, width, missing);
        matrix.setLabel(Arrays.copyOf(labels, n));
        return matrix;
    }
}
