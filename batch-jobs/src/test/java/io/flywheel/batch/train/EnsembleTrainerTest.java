package io.flywheel.batch.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.batch.TestSpark;
import java.util.List;
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
}
