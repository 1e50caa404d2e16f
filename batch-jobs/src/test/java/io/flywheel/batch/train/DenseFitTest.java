package io.flywheel.batch.train;

import static org.apache.spark.ml.functions.array_to_vector;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.batch.TestSpark;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressionModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class DenseFitTest {

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

    /** The product's setting: Poisson, categorical splits, a set repartitioned to one worker. */
    @Test
    void buildsTheSameModelAsFitForTheTrainJobsSetting() throws Exception {
        Dataset<Row> rows = rows(3_000, 2);
        XGBoostRegressor regressor =
                EnsembleTrainer.regressor(20, 2, 0.3, 7, new WorkerLayout(1, 0), true);
        regressor.setFeatureTypes(new String[] {"c", "q", "q"});
        XGBoostRegressionModel own = regressor.fit(rows);
        XGBoostRegressionModel dense = DenseFit.fit(regressor, rows);
        assertThat(json(dense)).isEqualTo(json(own));
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
            assertThat(json(DenseFit.fit(regressor, spread)))
                    .isEqualTo(json(regressor.fit(spread)));
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
}
