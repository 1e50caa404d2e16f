package io.flywheel.batch.lake;

import java.nio.file.Path;

/**
 * Where every Delta table of the lake lives. One directory per table so each can be read, time
 * travelled and vacuumed on its own.
 *
 * <ul>
 *   <li>{@code bronze/events}: every Kafka record as received, with its coordinates
 *   <li>{@code silver/content_requested}, {@code silver/video_published}, {@code
 *       silver/engagement}: decoded, typed, de-duplicated by event id
 *   <li>{@code silver/quarantine}: records that could not be decoded or validated, with the reason
 *   <li>{@code gold/video_outcomes}, {@code gold/arm_daily}: what the models learn from
 * </ul>
 */
public record Lake(String root) {
    public static final String BRONZE_EVENTS = "bronze/events";
    public static final String SILVER_CONTENT_REQUESTED = "silver/content_requested";
    public static final String SILVER_VIDEO_PUBLISHED = "silver/video_published";
    public static final String SILVER_ENGAGEMENT = "silver/engagement";
    public static final String SILVER_QUARANTINE = "silver/quarantine";
    public static final String GOLD_VIDEO_OUTCOMES = "gold/video_outcomes";
    public static final String GOLD_ARM_DAILY = "gold/arm_daily";

    /** Every table, in the order data flows through them. */
    public static final java.util.List<String> TABLES =
            java.util.List.of(
                    BRONZE_EVENTS,
                    SILVER_CONTENT_REQUESTED,
                    SILVER_VIDEO_PUBLISHED,
                    SILVER_ENGAGEMENT,
                    SILVER_QUARANTINE,
                    GOLD_VIDEO_OUTCOMES,
                    GOLD_ARM_DAILY);

    /** A lake in a directory of this machine. */
    public Lake(Path root) {
        this(root.toString());
    }

    /**
     * @param root a directory, or a Hadoop file-system URL such as {@code s3a://bucket/lake}
     */
    public Lake {
        root = root.replaceAll("/+$", "");
    }

    public String table(String name) {
        return root + "/" + name;
    }

    /** The streaming checkpoint of the ingest: it remembers the Kafka offsets already written. */
    public String ingestCheckpoint() {
        return root + "/_checkpoints/ingest";
    }
}
