package io.flywheel.batch.train;

import static org.apache.spark.sql.functions.col;

import java.util.Arrays;
import java.util.Iterator;
import ml.dmlc.xgboost4j.scala.Booster;
import ml.dmlc.xgboost4j.scala.DMatrix;
import ml.dmlc.xgboost4j.scala.spark.Watches;
import ml.dmlc.xgboost4j.scala.spark.XGBoost$;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressionModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressor;
import ml.dmlc.xgboost4j.scala.spark.XGBoostTrainingSummary$;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import scala.Option;

/**
 * {@code regressor.fit(rows)} for rows of a dense feature vector and a label, with each worker's
 * DMatrix built from one {@code float[]} instead of through xgboost4j-spark's per-row path.
 *
 * <p>xgboost4j-spark 3.0.4 turns every row into a Spark {@code Row}, a {@code DenseVector}, a
 * {@code float[]} and an {@code XGBLabeledPoint}, and feeds those to the DMatrix as CSR batches
 * over JNI; the boosting on that DMatrix is also slower than on one built from a dense array (a
 * probe on 800K rows: about 0.5 s a fit of 100 rounds in all, for the same trees). Here the worker
 * reads the cached binary rows and fills one array, as the single-node floor does. The distributed
 * training itself is xgboost4j-spark's own ({@code XGBoost.train}: the tracker, the barrier stage,
 * the collective), reached through members that Scala marks package-private but the JVM does not;
 * the version is pinned (parent pom) and {@code DenseFitTest} checks that the model is byte for
 * byte the one {@code fit} builds, so an upgrade that changes them fails there.
 *
 * <p>Only what the product sets is taken this way (label, vector features, feature types and names,
 * missing value); a regressor with weights, base margins, an evaluation set or a custom objective
 * or metric, or features that are not a vector, is fitted by {@code fit} itself.
 */
public final class DenseFit {
    /** Vector columns are stored as (type, size, indices, values); type 1 is dense. */
    private static final byte DENSE = 1;

    private DenseFit() {}

    /** The fitted model, as {@code regressor.fit(rows)} returns it. */
    public static XGBoostRegressionModel fit(XGBoostRegressor regressor, Dataset<?> rows) {
        if (!supported(regressor, rows)) {
            return regressor.fit(rows);
        }
        regressor.validate(rows);
        Dataset<?> input =
                regressor.repartitionIfNeeded(
                        rows.select(
                                col(regressor.getLabelCol()).cast("float"),
                                col(regressor.getFeaturesCol())));
        float missing = regressor.getMissing();
        String[] types = regressor.getFeatureTypes();
        String[] names = regressor.getFeatureNames();
        FlatMapFunction<Iterator<InternalRow>, Watches> build =
                partition -> watches(partition, missing, types, names);
        var watches = input.queryExecution().toRdd().toJavaRDD().mapPartitions(build).rdd();
        var runtime =
                regressor.getRuntimeParameters(
                        rows.sparkSession().sparkContext().isLocal(),
                        scala.collection.immutable.Map$.MODULE$.empty());
        var trained = XGBoost$.MODULE$.train(watches, runtime, regressor.getXGBoostParams());
        Booster booster = trained._1();
        XGBoostRegressionModel model =
                regressor.createModel(booster, XGBoostTrainingSummary$.MODULE$.apply(trained._2()));
        model.setFeaturesCol(regressor.getFeaturesCol());
        model.setPredictionCol(regressor.getPredictionCol());
        model.setMissing(missing);
        return model;
    }

    /** Whether {@link #fit} can build the DMatrix itself, or leaves it to xgboost4j-spark. */
    static boolean supported(XGBoostRegressor r, Dataset<?> rows) {
        return !r.isSet(r.weightCol())
                && !r.isSet(r.baseMarginCol())
                && r.getEvalDataset().isEmpty()
                && r.getCustomObj() == null
                && r.getCustomEval() == null
                && r.getFeaturesCols().length == 0
                && rows.schema().apply(r.getFeaturesCol()).dataType() instanceof VectorUDT;
    }

    /**
     * One worker's training set, built when the training task asks for it (after it joined the
     * collective, as xgboost4j-spark's own iterator does): the partition's rows (label as float,
     * vector) in one array. An empty partition gives no watches, so the stage fails as
     * xgboost4j-spark's own does.
     */
    static Iterator<Watches> watches(
            Iterator<InternalRow> rows, float missing, String[] types, String[] names) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Watches next() {
                try {
                    DMatrix matrix = matrix(rows, missing);
                    if (types.length > 0) {
                        matrix.setFeatureTypes(types);
                    }
                    if (names.length > 0) {
                        matrix.setFeatureNames(names);
                    }
                    return new Watches(
                            new DMatrix[] {matrix}, new String[] {"train"}, Option.empty());
                } catch (ml.dmlc.xgboost4j.java.XGBoostError e) {
                    throw new IllegalStateException("cannot build the DMatrix", e);
                }
            }
        };
    }

    /** All remaining rows as one dense DMatrix with labels. */
    static DMatrix matrix(Iterator<InternalRow> rows, float missing)
            throws ml.dmlc.xgboost4j.java.XGBoostError {
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
