package io.flywheel.config;

import java.net.URI;

/**
 * Where the shared files live: the Delta lake, Flink checkpoints and savepoints, model artifacts
 * and rendered media. By default the data directory; with {@code storage.url=s3://bucket/prefix}
 * any S3-compatible bucket (credentials from {@code FLYWHEEL_STORAGE_S3_ACCESS_KEY} and {@code
 * FLYWHEEL_STORAGE_S3_SECRET_KEY}, never from a file in the repository).
 *
 * @param url empty for the data directory, else {@code s3://bucket} or {@code s3://bucket/prefix}
 * @param s3Endpoint the S3 endpoint, e.g. {@code http://127.0.0.1:18090} for the local S3 server;
 *     empty for AWS's own endpoint of {@code s3Region}
 * @param s3Region the region the client signs for
 * @param s3PathStyle address buckets as {@code endpoint/bucket} (S3-compatible servers) instead of
 *     {@code bucket.endpoint}
 * @param s3AccessKey the access key id
 * @param s3SecretKey the secret access key
 * @param s3ServerPort the port of the local S3-compatible server that {@code up --profile cluster}
 *     starts
 */
public record StorageSettings(
        String url,
        String s3Endpoint,
        String s3Region,
        boolean s3PathStyle,
        Secret s3AccessKey,
        Secret s3SecretKey,
        int s3ServerPort) {

    public StorageSettings {
        if (!url.isEmpty()) {
            URI u = URI.create(url);
            if (!"s3".equals(u.getScheme()) || u.getHost() == null || u.getHost().isBlank()) {
                throw new ConfigException(
                        "storage.url must be empty (the data directory) or s3://bucket[/prefix],"
                                + " not "
                                + url);
            }
        }
    }

    /** Whether the shared files live in an S3 bucket rather than the data directory. */
    public boolean s3() {
        return !url.isEmpty();
    }

    /** The bucket of {@link #url()}. */
    public String bucket() {
        return URI.create(url).getHost();
    }

    /** The key prefix below the bucket, without leading or trailing slash ("" for none). */
    public String prefix() {
        String p = URI.create(url).getPath();
        return p == null ? "" : p.replaceAll("^/+|/+$", "");
    }

    /**
     * The Hadoop-style URL of a sub-path, e.g. {@code s3a://bucket/prefix/lake} for Spark and Delta
     * or {@code s3://bucket/prefix/flink/checkpoints} for Flink.
     */
    public String url(String scheme, String subPath) {
        String p = prefix();
        return scheme + "://" + bucket() + "/" + (p.isEmpty() ? "" : p + "/") + subPath;
    }
}
