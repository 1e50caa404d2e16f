package io.flywheel.batch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.delta.tables.DeltaTable;
import io.flywheel.batch.TestSpark;
import io.flywheel.batch.lake.Lake;
import io.flywheel.batch.lake.LakeStorage;
import io.flywheel.config.ConfigLoader;
import io.flywheel.config.StorageSettings;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.embedded.LogTail;
import io.flywheel.embedded.S3Server;
import io.flywheel.embedded.SparkStandaloneCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Delta table written by executors of a standalone cluster (master + 2 workers) into the S3
 * bucket of the local S3 server, read back here, by another Spark, from the bucket: each version
 * through time travel holds exactly the rows written.
 */
class DeltaOnClusterTest {

    @Test
    void aTableWrittenOnTheClusterReadsBackByVersionFromTheBucket(@TempDir Path dir)
            throws Exception {
        S3Server s3 = Ephemeral.s3();
        String prefix = "delta-" + UUID.randomUUID().toString().substring(0, 8);
        StorageSettings base = s3.spec().storage();
        StorageSettings storage =
                new StorageSettings(
                        base.url() + "/" + prefix,
                        base.s3Endpoint(),
                        base.s3Region(),
                        base.s3PathStyle(),
                        base.s3AccessKey(),
                        base.s3SecretKey(),
                        base.s3ServerPort());
        Map<String, String> env = new HashMap<>(s3.spec().environment());
        env.put(ConfigLoader.envName("storage.url"), storage.url());
        env.put(ConfigLoader.envName("data.dir"), dir.resolve("data").toString());

        SparkStandaloneCluster cluster = TestCluster.of(dir.resolve("cluster"), 2);
        Path log = dir.resolve("driver.log");
        long t0 = System.nanoTime();
        try {
            cluster.start(Duration.ofSeconds(90));
            List<String> cmd =
                    Submitted.command(cluster)
                            .jar(Submitted.SUBMIT_JAR)
                            .command(
                                    "delta-on-cluster",
                                    ClusterDeltaWriter.class.getName(),
                                    Submitted.jarOf(
                                            ClusterDeltaWriter.class, dir.resolve("writer.jar")),
                                    List.of());
            int exit =
                    Submitted.await(
                            Submitted.start(cmd, env, log),
                            Duration.ofMinutes(12),
                            log,
                            dir.resolve("cluster"));
            assertThat(exit)
                    .as(LogTail.summary(log, 30) + Submitted.executorLogs(dir.resolve("cluster")))
                    .isZero();
        } finally {
            cluster.stop();
        }
        System.out.printf("cluster up, table written: %.1f s%n", (System.nanoTime() - t0) / 1e9);
        // Both executors (one per worker) took part: the driver is the third.
        assertThat(Files.readString(log)).contains("with 3 executors (driver included)");

        SparkSession spark = TestSpark.session();
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        LakeStorage.sparkConf(storage)
                .forEach(
                        (k, v) -> {
                            if (k.startsWith("spark.hadoop.")) {
                                hadoop.set(k.substring("spark.hadoop.".length()), v);
                            }
                        });
        String table = new Lake(storage.url("s3a", "lake")).table(ClusterDeltaWriter.TABLE);
        assertThat(table).startsWith("s3a://flywheel-test/" + prefix + "/lake/");

        Dataset<Row> v0 = ClusterDeltaWriter.rows(spark);
        Dataset<Row> v1 = v0.union(ClusterDeltaWriter.more(spark));
        assertIdentical(read(spark, table, 0), v0, ClusterDeltaWriter.ROWS);
        assertIdentical(read(spark, table, 1), v1, 2 * ClusterDeltaWriter.ROWS);
        assertThat(DeltaTable.forPath(spark, table).history().count()).isEqualTo(2);

        // The commits are objects in the bucket (the S3 server's files), not on a local path.
        try (Stream<Path> files = Files.walk(s3.spec().objectDir())) {
            assertThat(
                            files.map(Path::toString)
                                    .filter(p -> p.contains(prefix) && p.contains("_delta_log"))
                                    .filter(p -> p.endsWith(".json")))
                    .hasSize(2);
        }
    }

    private static Dataset<Row> read(SparkSession spark, String table, long version) {
        return spark.read().format("delta").option("versionAsOf", version).load(table);
    }

    private static void assertIdentical(Dataset<Row> actual, Dataset<Row> expected, long rows) {
        assertThat(actual.count()).isEqualTo(rows);
        assertThat(actual.exceptAll(expected).count()).isZero();
        assertThat(expected.exceptAll(actual).count()).isZero();
    }
}
