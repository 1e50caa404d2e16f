package io.flywheel.batch;

import io.flywheel.config.BatchSettings;
import org.apache.spark.sql.SparkSession;

/** The one way Flywheel's batch jobs get a SparkSession: Delta Lake configured, quiet, small. */
public final class SparkSessions {
    private SparkSessions() {}

    /**
     * A session on {@code master} with Delta's SQL extensions and catalog. On a cluster ({@code
     * spark-submit}) the master and resources come from the submit command instead: an existing
     * session is reused.
     */
    public static SparkSession create(BatchSettings batch, String appName) {
        return create(batch.sparkMaster(), appName);
    }

    public static SparkSession create(String master, String appName) {
        // Under spark-submit the master, the driver's address and the cluster's parallelism come
        // from the submit command.
        boolean submitted = System.getProperty("spark.master") != null;
        SparkSession.Builder b =
                SparkSession.builder()
                        .appName(appName)
                        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                        .config(
                                "spark.sql.catalog.spark_catalog",
                                "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                        // Small tables on few cores: the default 200 shuffle partitions cost more
                        // in task overhead than they save.
                        .config("spark.sql.shuffle.partitions", "4")
                        .config("spark.ui.enabled", "false")
                        .config("spark.sql.session.timeZone", "UTC")
                        // Delta's optimize/vacuum statistics and the Kafka source need no Hive.
                        .config("spark.sql.catalogImplementation", "in-memory")
                        .config("spark.databricks.delta.snapshotPartitions", "2")
                        .config("spark.sql.adaptive.enabled", "true");
        if (!submitted) {
            b.config("spark.default.parallelism", "2")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.driver.host", "127.0.0.1");
            if (master != null && !master.isBlank()) {
                b.master(master);
            }
        }
        return b.getOrCreate();
    }
}
