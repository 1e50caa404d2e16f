package io.flywheel.batch.lake;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;

import org.apache.spark.sql.Column;

/**
 * An arm's id within its segment (platform × niche): the other content parameters joined with
 * {@code |} in a fixed order, readable in tables and dashboards, e.g. {@code
 * QUESTION|FAST|30|en-us+f3|UPBEAT|WORD_HIGHLIGHT|BOLD|18}.
 */
public final class ArmKey {
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
        Column[] parts = new Column[PARAMETERS.length];
        for (int i = 0; i < PARAMETERS.length; i++) {
            parts[i] = col(PARAMETERS[i]).cast("string");
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
