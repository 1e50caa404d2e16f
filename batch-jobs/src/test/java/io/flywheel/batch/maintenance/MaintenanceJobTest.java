package io.flywheel.batch.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flywheel.batch.TestSpark;
import io.flywheel.batch.lake.Lake;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaintenanceJobTest {
    @TempDir Path dir;

    @Test
    void compactsSmallFilesAndKeepsTimeTravelWithinTheRetention() {
        SparkSession spark = TestSpark.session();
        Lake lake = new Lake(dir);
        String path = lake.table(Lake.GOLD_ARM_DAILY);
        for (int i = 0; i < 5; i++) {
            spark.range(i * 100, (i + 1) * 100)
                    .toDF("id")
                    .repartition(2)
                    .write()
                    .format("delta")
                    .mode("append")
                    .save(path);
        }

        List<MaintenanceJob.TableResult> results = new MaintenanceJob(spark, lake, 168).run();

        assertThat(results).hasSize(1);
        assertThat(results.get(0).filesBefore()).isEqualTo(10);
        assertThat(results.get(0).filesAfter()).isEqualTo(1);
        assertThat(spark.read().format("delta").load(path).count()).isEqualTo(500);
        assertThat(spark.read().format("delta").option("versionAsOf", 0).load(path).count())
                .as("the files of version 0 are younger than the retention: still there")
                .isEqualTo(100);
    }

    @Test
    void refusesAnUnsafeRetention() {
        assertThatThrownBy(() -> new MaintenanceJob(TestSpark.session(), new Lake(dir), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 168 hours");
    }
}
