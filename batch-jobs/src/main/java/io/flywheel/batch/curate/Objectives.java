package io.flywheel.batch.curate;

import static org.apache.spark.sql.functions.col;

import io.flywheel.config.BatchSettings;
import org.apache.spark.sql.Column;

/**
 * What each {@code batch.objective} ({@link BatchSettings#OBJECTIVES}) is as a value of a gold
 * {@code video_outcomes} row: the label the models learn and {@code objective_value}. {@code
 * engaged_views} (the default), {@code watch_time} (minutes watched), {@code revenue} (US dollars,
 * from {@code revenue_micro_usd}; null where no revenue was reported, and such rows are not learned
 * from), or any summed metric by its column name.
 */
public final class Objectives {
    private Objectives() {}

    /** The gold column a video's revenue at the horizon is in: millionths of a US dollar. */
    public static final String REVENUE_COLUMN = "revenue_micro_usd";

    public static Column value(String objective) {
        if (!BatchSettings.OBJECTIVES.contains(objective)) {
            throw new IllegalArgumentException(
                    "unknown objective " + objective + "; one of " + BatchSettings.OBJECTIVES);
        }
        return switch (objective) {
            case "watch_time" -> col("minutes_watched").cast("double");
            case "revenue" -> col(REVENUE_COLUMN).cast("double").divide(1_000_000.0);
            default -> col(objective).cast("double");
        };
    }
}
