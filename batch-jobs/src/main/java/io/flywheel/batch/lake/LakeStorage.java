package io.flywheel.batch.lake;

import io.flywheel.config.BatchSettings;
import io.flywheel.config.StorageSettings;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the lake lives, chosen by {@code storage.url}: the data directory ({@code batch.lake.dir})
 * or {@code s3a://bucket[/prefix]/lake} in an S3-compatible bucket, through Hadoop's S3A file
 * system (hadoop-aws, the version of Spark's Hadoop client). Delta commits to {@code s3a://} paths
 * through its {@code S3SingleDriverLogStore}, which Delta's storage documentation names for S3 when
 * one driver writes at a time (as the scheduler's run lease ensures); it is set explicitly.
 */
public final class LakeStorage {
    static final String LOG_STORE = "io.delta.storage.S3SingleDriverLogStore";
    static final String CHECKPOINT_FILE_MANAGER = BucketCheckpointFileManager.class.getName();

    private LakeStorage() {}

    public static Lake lake(BatchSettings batch, StorageSettings storage) {
        return storage.s3() ? new Lake(storage.url("s3a", "lake")) : new Lake(batch.lakeDir());
    }

    /**
     * The Spark properties that point S3A at the bucket: endpoint, region, path-style addressing
     * and the keys (Spark redacts {@code *secret*} and {@code *access.key*} properties wherever it
     * prints its configuration); empty when the lake is on local disk.
     */
    public static Map<String, String> sparkConf(StorageSettings storage) {
        Map<String, String> c = new LinkedHashMap<>();
        if (!storage.s3()) {
            return c;
        }
        String h = "spark.hadoop.fs.s3a.";
        if (!storage.s3Endpoint().isBlank()) {
            c.put(h + "endpoint", storage.s3Endpoint());
            c.put(
                    h + "connection.ssl.enabled",
                    Boolean.toString(storage.s3Endpoint().startsWith("https://")));
        }
        c.put(h + "endpoint.region", storage.s3Region());
        c.put(h + "path.style.access", Boolean.toString(storage.s3PathStyle()));
        // Keep directory markers (Hadoop 3.4's default): with "delete", every file written also
        // deletes its parents' markers, a bulk delete that the local s3proxy answers in 10 s a
        // key (a file's create took 20 s instead of 30 ms).
        c.put(h + "directory.marker.retention", "keep");
        if (!storage.s3AccessKey().isEmpty()) {
            c.put(
                    h + "aws.credentials.provider",
                    "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
            c.put(h + "access.key", storage.s3AccessKey().reveal());
            c.put(h + "secret.key", storage.s3SecretKey().reveal());
        }
        // Small files in a local bucket: no multi-part uploads below 64 MB, few threads.
        c.put(h + "threads.max", "8");
        c.put(h + "connection.maximum", "16");
        c.put("spark.delta.logStore.s3a.impl", LOG_STORE);
        // The ingest stream's checkpoint (see BucketCheckpointFileManager).
        c.put("spark.sql.streaming.checkpointFileManagerClass", CHECKPOINT_FILE_MANAGER);
        return c;
    }
}
