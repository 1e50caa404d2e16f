package io.flywheel.batch;

import org.apache.spark.sql.SparkSession;

/** One local[2] SparkSession for every test class in this JVM: starting Spark costs seconds. */
public final class TestSpark {
    private static SparkSession spark;

    private TestSpark() {}

    public static synchronized SparkSession session() {
        if (spark == null) {
            spark = SparkSessions.create("local[2]", "flywheel-batch-tests");
            Runtime.getRuntime().addShutdownHook(new Thread(spark::stop));
        }
        return spark;
    }
}
