package io.flywheel.batch.train;

import static org.apache.spark.ml.functions.array_to_vector;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flywheel.batch.TestSpark;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressionModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressor;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class DenseFitTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Rows in {@code partitions} partitions: a categorical, a count-like and a noisy feature. */
    private static Dataset<Row> rows(long n, int partitions) {
        SparkSession spark = TestSpark.session();
        return spark.range(0, n, 1, partitions)
                .select(
                        array_to_vector(
                                        array(
                                                col("id").mod(5).cast("double"),
                                                col("id").mod(13).cast("double"),
                                                col("id").multiply(7919).mod(101).cast("double")))
                                .as("features"),
                        col("id")
                                .mod(5)
                                .plus(col("id").mod(13).divide(4))
                                .cast("double")
                                .as("label"))
                .cache();
    }

    private static byte[] json(XGBoostRegressionModel model) throws Exception {
        return model.nativeBooster().booster().toByteArray("json");
    }

    /**
     * The model as JSON without its attributes: xgboost4j-spark's loop evaluates the training set
     * every round and records the best round and score as attributes, which DenseFit's loop does
     * not compute; the trees, parameters and base score are all the rest.
     */
    private static JsonNode trees(XGBoostRegressionModel model) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(json(model));
        ObjectNode learner = (ObjectNode) root.get("learner");
        assertThat(learner.get("gradient_booster").get("model").get("trees")).isNotEmpty();
        learner.remove("attributes");
        return root;
    }

    /** The product's setting: Poisson, categorical splits, a set repartitioned to one worker. */
    @Test
    void buildsTheSameModelAsFitForTheTrainJobsSetting() throws Exception {
        Dataset<Row> rows = rows(3_000, 2);
        XGBoostRegressor regressor =
                EnsembleTrainer.regressor(20, 2, 0.3, 7, new WorkerLayout(1, 0), true);
        regressor.setFeatureTypes(new String[] {"c", "q", "q"});
        XGBoostRegressionModel own = regressor.fit(rows);
        XGBoostRegressionModel dense = DenseFit.fit(regressor, rows);
        assertThat(trees(dense)).isEqualTo(trees(own));
        assertThat(dense.transform(rows).select("prediction").collectAsList())
                .isEqualTo(own.transform(rows).select("prediction").collectAsList());
        rows.unpersist();
    }

    /** The bench's setting: squared error, deeper trees, vectors already spread to the workers. */
    @Test
    void buildsTheSameModelAsFitOnSpreadVectors() throws Exception {
        long n = 2 * WorkerLayout.MIN_ROWS_PER_WORKER;
        Dataset<Row> rows = rows(n, 2);
        WorkerLayout layout = WorkerLayout.of(rows.sparkSession().sparkContext(), n);
        Dataset<Row> spread = EnsembleTrainer.spread(rows, n, layout);
        try {
            XGBoostRegressor regressor = EnsembleTrainer.regressor(10, 6, 0.3, 3, layout, true);
            regressor.setObjective("reg:squarederror");
            assertThat(trees(DenseFit.fit(regressor, spread)))
                    .isEqualTo(trees(regressor.fit(spread)));
        } finally {
            EnsembleTrainer.release(spread);
            rows.unpersist();
        }
    }

    /** What it does not build itself is left to xgboost4j-spark, which then gives the model. */
    @Test
    void leavesWeightedRowsToFit() throws Exception {
        Dataset<Row> rows = rows(1_000, 1).withColumn("weight", lit(2.0));
        XGBoostRegressor regressor =
                EnsembleTrainer.regressor(5, 2, 0.3, 7, new WorkerLayout(1, 0), true);
        assertThat(DenseFit.supported(regressor, rows)).isTrue();
        regressor.setWeightCol("weight");
        assertThat(DenseFit.supported(regressor, rows)).isFalse();
        assertThat(json(DenseFit.fit(regressor, rows))).isEqualTo(json(regressor.fit(rows)));
    }

    /**
     * A first round at another learning rate gives the model xgboost4j itself builds by one round
     * at that rate and the rest at the regressor's, continuing the same booster.
     */
    @Test
    void firstRoundAtItsOwnRateIsXgboostsOwnContinuation() throws Exception {
        Dataset<Row> rows = rows(3_000, 1);
        XGBoostRegressor regressor =
                EnsembleTrainer.regressor(12, 3, 0.3, 7, new WorkerLayout(1, 0), true);
        regressor.setObjective("reg:squarederror");
        XGBoostRegressionModel scheduled = DenseFit.fit(regressor, rows, 1.0);

        List<Row> local = rows.collectAsList();
        DMatrix matrix = matrix(local);
        Map<String, Object> params = new HashMap<>();
        params.put("objective", "reg:squarederror");
        params.put("max_depth", 3);
        params.put("tree_method", "hist");
        params.put("seed", 7);
        params.put("nthread", 1);
        params.put("eta", 1.0);
        Booster expected = XGBoost.train(matrix, params, 1, Map.of(), null, null);
        params.put("eta", 0.3);
        expected = XGBoost.train(matrix, params, 11, Map.of(), null, null, null, 0, expected);

        float[][] want = expected.predict(matrix);
        List<Row> got = scheduled.transform(rows).select("prediction").collectAsList();
        double plainError = 0;
        double scheduledError = 0;
        List<Row> plain =
                DenseFit.fit(regressor, rows)
                        .transform(rows)
                        .select("label", "prediction")
                        .collectAsList();
        for (int i = 0; i < local.size(); i++) {
            assertThat(got.get(i).getDouble(0)).isCloseTo(want[i][0], within(1e-4));
            double label = local.get(i).getDouble(1);
            scheduledError += Math.pow(got.get(i).getDouble(0) - label, 2);
            plainError += Math.pow(plain.get(i).getDouble(1) - label, 2);
        }
        // After 12 rounds at 0.3 a full-weight first tree has more of the signal in.
        assertThat(scheduledError).isLessThan(plainError);
        expected.dispose();
        matrix.dispose();
        rows.unpersist();
    }

    @Test
    void refusesAFirstRoundRateWhereOnlyFitCanTrain() {
        Dataset<Row> rows = rows(200, 1).withColumn("weight", lit(2.0));
        XGBoostRegressor regressor =
                EnsembleTrainer.regressor(5, 2, 0.3, 7, new WorkerLayout(1, 0), true);
        regressor.setWeightCol("weight");
        assertThatThrownBy(() -> DenseFit.fit(regressor, rows, 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("first-round learning rate");
    }

    private static DMatrix matrix(List<Row> rows) throws Exception {
        int width = ((Vector) rows.get(0).get(0)).size();
        float[] data = new float[rows.size() * width];
        float[] labels = new float[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            double[] v = ((Vector) rows.get(i).get(0)).toArray();
            for (int j = 0; j < width; j++) {
                data[i * width + j] = (float) v[j];
            }
            labels[i] = (float) rows.get(i).getDouble(1);
        }
        DMatrix m = new DMatrix(data, rows.size(), width, Float.NaN);
        m.setLabel(labels);
        return m;
    }
}
