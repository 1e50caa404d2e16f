package io.flywheel.batch.deploy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;

import io.flywheel.batch.SparkSessions;
import io.flywheel.batch.lake.Lake;
import io.flywheel.batch.lake.LakeStorage;
import io.flywheel.config.ConfigLoader;
import io.flywheel.config.FlywheelConfig;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A driver submitted to the standalone cluster by {@code DeltaOnClusterTest}: writes {@code
 * test/rows} of the lake that the configuration names (version 0: {@link #rows}; version 1: every
 * {@code x} of an even id raised by 1000) with the executors of the cluster, and exits.
 */
public final class ClusterDeltaWriter {
    static final long ROWS = 4_000;
    static final String TABLE = "test/rows";

    private ClusterDeltaWriter() {}

    /** Version 0 of the table: the same rows wherever it is computed. */
    public static Dataset<Row> rows(SparkSession spark) {
        return rows(spark, 0);
    }

    /** The rows version 1 appends. */
    public static Dataset<Row> more(SparkSession spark) {
        return rows(spark, ROWS);
    }

    private static Dataset<Row> rows(SparkSession spark, long from) {
        // One partition per executor of the test cluster.
        return spark.range(from, from + ROWS, 1, 2)
                .select(
                        col("id"),
                        pmod(col("id").multiply(7919), lit(1000)).as("x"),
                        concat(lit("row-"), col("id").cast("string")).as("name"));
    }

    public static void main(String[] args) {
        FlywheelConfig config = ConfigLoader.fromEnvironment(Map.of());
        SparkSession spark =
                SparkSessions.create(config.batch(), config.storage(), "delta-on-cluster");
        String table = LakeStorage.lake(config.batch(), config.storage()).table(TABLE);
        rows(spark).write().format("delta").save(table);
        more(spark).write().format("delta").mode("append").save(table);
        System.out.println(
                "wrote "
                        + table
                        + " with "
                        + spark.sparkContext().statusTracker().getExecutorInfos().length
                        + " executors (driver included)");
        spark.stop();
    }

    static String table(Lake lake) {
        return lake.table(TABLE);
    }
}
