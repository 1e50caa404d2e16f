package io.flywheel.batch.lake;

import java.io.FileNotFoundException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathFilter;
import org.apache.spark.sql.execution.streaming.FileSystemBasedCheckpointFileManager;

/**
 * The ingest stream's checkpoint in a bucket. Spark's default manager creates files through
 * Hadoop's FileContext, which refuses a file whose parent directory does not exist; in a bucket a
 * directory exists only while it holds an object (or a marker object, which not every S3 server
 * keeps: the local s3proxy's filesystem backend does not). This manager writes through the
 * FileSystem API, which needs no parent, and lists a directory that has no object yet as empty, as
 * Spark's metadata logs expect of the directories they have just created.
 */
public final class BucketCheckpointFileManager extends FileSystemBasedCheckpointFileManager {
    public BucketCheckpointFileManager(Path path, Configuration hadoopConf) {
        super(path, hadoopConf);
    }

    @Override
    public FileStatus[] list(Path path, PathFilter filter) {
        try {
            return super.list(path, filter);
        } catch (
                Exception
                        e) { // Scala declares none; Hadoop's IOExceptions come through as they are
            if (e instanceof FileNotFoundException) {
                return new FileStatus[0];
            }
            throw e;
        }
    }
}
