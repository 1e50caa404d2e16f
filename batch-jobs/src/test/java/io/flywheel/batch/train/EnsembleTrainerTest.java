package io.flywheel.batch.train;

import static org.apache.spark.ml.functions.array_to_vector;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.batch.TestSpark;
import java.util.List;
import ml.dmlc.xgboost4j.scala.spark.XGBoostRegressor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class EnsembleTrainerTest {

    /** A new channel's first model trains on a handful of rows; no member may get none. */
    @Test
    void aBootstrapResampleOfAFewRowsIsNeverEmpty() {
        SparkSession spark = TestSpark.session();
        Dataset<Row> rows = spark.range(3).toDF("label").cache();
        int emptyPlainSamples = 0;
        for (long seed = 0; seed < 100; seed++) {
            if (rows.sample(true, 1.0, seed).isEmpty()) {
                emptyPlainSamples++;
            }
            Dataset<Row> resample = EnsembleTrainer.bootstrap(rows, 3, seed);
            assertThat(resample.isEmpty()).as("seed " + seed).isFalse();
        }
        assertThat(emptyPlainSamples).as("Spark's own sample does come back empty").isPositive();
        List<Row> again = EnsembleTrainer.bootstrap(rows, 3, 17).collectAsList();
        assertThat(again).isEqualTo(EnsembleTrainer.bootstrap(rows, 3, 17).collectAsList());
    }

    /**
     * Vectors spread to the worker count once: a fit over a bootstrap of them trains in the barrier
     * stage without a repartition (Spark would refuse a coalesce there), and releasing them frees
     * the checkpoint.
     */
    @Test
    void spreadVectorsTrainAsTheyAreAndAreFreed() {
        SparkSession spark = TestSpark.session();
        long n = 2 * WorkerLayout.MIN_ROWS_PER_WORKER;
        Dataset<Row> train =
                spark.range(0, n, 1, 2)
                        .select(
                                array_to_vector(
                                                array(
                                                        col("id").mod(7).cast("double"),
                                                        col("id").mod(11).cast("double")))
                                        .as("features"),
                                col("id").mod(5).cast("double").as("label"))
                        .cache();
        train.count();
        WorkerLayout layout = WorkerLayout.of(spark.sparkContext(), n);
        int persisted = spark.sparkContext().getPersistentRDDs().size();
        Dataset<Row> spread = EnsembleTrainer.spread(train, n, layout);
        try {
            assertThat(spark.sparkContext().getPersistentRDDs().size()).isEqualTo(persisted + 1);
            assertThat(spread.rdd().getNumPartitions()).isEqualTo(layout.workers());
            assertThat(spread.count()).isEqualTo(n);
            Dataset<Row> resample = EnsembleTrainer.bootstrap(spread, n, 3);
            assertThat(resample.rdd().getNumPartitions()).isEqualTo(layout.workers());
            XGBoostRegressor regressor = EnsembleTrainer.regressor(3, 3, 0.3, 3, layout, true);
            assertThat(regressor.fit(resample).nativeBooster()).isNotNull();
            EnsembleTrainer.release(spread);
            assertThat(spark.sparkContext().getPersistentRDDs().size()).isEqualTo(persisted);
        } finally {
            EnsembleTrainer.release(spread);
            train.unpersist();
        }
    }

    /** A small set keeps its partitions, so its bootstrap draws the rows it drew before. */
    @Test
    void aSmallSetIsNotSpread() {
        SparkSession spark = TestSpark.session();
        Dataset<Row> rows = spark.range(0, 30, 1, 2).toDF("label");
        assertThat(EnsembleTrainer.spread(rows, 30, new WorkerLayout(1, 0))).isSameAs(rows);
    }
}
