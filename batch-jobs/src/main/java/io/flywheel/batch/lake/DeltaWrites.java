package io.flywheel.batch.lake;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The idempotent ways the jobs write Delta tables. */
public final class DeltaWrites {
    private DeltaWrites() {}

    public static boolean exists(SparkSession spark, String path) {
        return DeltaTable.isDeltaTable(spark, path);
    }

    /** Inserts the rows whose key is not in the table yet: re-running inserts nothing twice. */
    public static void insertNew(
            SparkSession spark, String path, Dataset<Row> rows, String... keys) {
        if (!exists(spark, path)) {
            rows.write().format("delta").mode("errorifexists").save(path);
            return;
        }
        DeltaTable.forPath(spark, path)
                .as("t")
                .merge(rows.as("s"), on(keys))
                .whenNotMatched()
                .insertAll()
                .withSchemaEvolution() // a column added since (e.g. revenue) joins the table
                .execute();
    }

    /**
     * Upserts by key; a matched row is rewritten only when {@code changed} (a condition over {@code
     * t} and {@code s}) holds, so an unchanged re-run rewrites no files.
     */
    public static void upsert(
            SparkSession spark, String path, Dataset<Row> rows, String changed, String... keys) {
        if (!exists(spark, path)) {
            rows.write().format("delta").mode("errorifexists").save(path);
            return;
        }
        DeltaTable.forPath(spark, path)
                .as("t")
                .merge(rows.as("s"), on(keys))
                .whenMatched(changed)
                .updateAll()
                .whenNotMatched()
                .insertAll()
                .withSchemaEvolution()
                .execute();
    }

    /** The table's row count, or 0 if it does not exist yet. */
    public static long count(SparkSession spark, String path) {
        return exists(spark, path) ? spark.read().format("delta").load(path).count() : 0;
    }

    /** The table's latest version (what a reader sees now), or -1 if it does not exist. */
    public static long version(SparkSession spark, String path) {
        if (!exists(spark, path)) {
            return -1;
        }
        return DeltaTable.forPath(spark, path).history(1).first().<Long>getAs("version");
    }

    /** Rows added by the commits after {@code version} (-1: since the table was created). */
    public static long rowsWrittenSince(SparkSession spark, String path, long version) {
        if (!exists(spark, path)) {
            return 0;
        }
        long rows = 0;
        for (Row r :
                DeltaTable.forPath(spark, path)
                        .history()
                        .where(org.apache.spark.sql.functions.col("version").gt(version))
                        .select("operationMetrics")
                        .collectAsList()) {
            scala.collection.Map<String, String> m = r.getMap(0);
            if (m != null && m.contains("numOutputRows")) {
                rows += Long.parseLong(m.apply("numOutputRows"));
            }
        }
        return rows;
    }

    private static String on(String... keys) {
        StringBuilder b = new StringBuilder();
        for (String k : keys) {
            if (b.length() > 0) {
                b.append(" AND ");
            }
            b.append("t.").append(k).append(" = s.").append(k);
        }
        return b.toString();
    }
}
