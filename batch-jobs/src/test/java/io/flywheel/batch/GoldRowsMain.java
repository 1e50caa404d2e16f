package io.flywheel.batch;

import io.flywheel.batch.lake.Lake;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Writes the gold table {@code video_outcomes} of a lake as JSON lines, one per video, for the
 * end-to-end tests, which read what the Spark jobs wrote without Spark on their own classpath.
 * Arguments: the lake directory, the output file.
 */
public final class GoldRowsMain {
    private GoldRowsMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: GoldRowsMain LAKE_DIR OUT_FILE");
        }
        SparkSession spark = SparkSessions.create("local[1]", "gold-rows");
        try {
            Files.write(
                    Path.of(args[1]),
                    spark.read()
                            .format("delta")
                            .load(new Lake(Path.of(args[0])).table(Lake.GOLD_VIDEO_OUTCOMES))
                            .toJSON()
                            .collectAsList());
        } finally {
            spark.stop();
        }
    }
}
