package io.flywheel.streaming.trends;

/**
 * Engaged views counted for one trend key: an arm ({@code dimension} {@link #ARM}, {@code value}
 * its id) or one content parameter's value, on one platform.
 */
public class TrendPoint {
    /** The dimension of an arm's own key. */
    public static final String ARM = "arm";

    public String platform;
    public String dimension;
    public String value;

    /** The canonical arm key for {@link #ARM}, else null. */
    public String armKey;

    public long eventTime;
    public long engagedViews;

    public TrendPoint() {}

    public TrendPoint(
            String platform,
            String dimension,
            String value,
            String armKey,
            long eventTime,
            long engagedViews) {
        this.platform = platform;
        this.dimension = dimension;
        this.value = value;
        this.armKey = armKey;
        this.eventTime = eventTime;
        this.engagedViews = engagedViews;
    }

    /** The detector's key. */
    public String key() {
        return platform + "|" + dimension + "|" + value;
    }
}
