package io.flywheel.batch.lake;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;

import org.apache.spark.sql.Column;

/**
 * The canonical arm key of {@link io.flywheel.schemas.ArmKey} (the ten content parameters in schema
 * order joined with {@code |}, e.g. {@code
 * TIKTOK|fitness|POV|FAST|30|en-us+f3|UPBEAT|WORD_HIGHLIGHT|BOLD|18}) as a Spark column, so gold's
 * {@code arm_key} joins {@code content_jobs.arm_key} in PostgreSQL.
 */
public final class ArmKey {
    /** The parameters besides the segment's platform and niche, in schema order. */
    public static final String[] PARAMETERS = {
        "hook_style",
        "pacing",
        "target_duration_s",
        "voice",
        "music_mood",
        "caption_style",
        "visual_style",
        "posting_hour"
    };

    private ArmKey() {}

    public static Column column() {
        Column[] parts = new Column[PARAMETERS.length + 2];
        parts[0] = col("platform");
        parts[1] = col("niche");
        for (int i = 0; i < PARAMETERS.length; i++) {
            parts[i + 2] = col(PARAMETERS[i]).cast("string");
        }
        return concat_ws("|", parts);
    }

    public static String of(Object... values) {
        StringBuilder b = new StringBuilder();
        for (Object v : values) {
            if (b.length() > 0) {
                b.append('|');
            }
            b.append(v);
        }
        return b.toString();
    }
}
