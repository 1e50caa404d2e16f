package io.flywheel.streaming.trends;

/** A sliding window in which a key was trending (a row of {@code stream_trends}). */
public class TrendWindow {
    public String platform;
    public String dimension;
    public String value;
    public String armKey;
    public long windowStart;
    public long windowEnd;
    public long engagedViews;
    public double baselineMean;
    public double baselineSd;
    public double zScore;

    /** Whether this window completed the run of rising windows (the trend's first row). */
    public boolean onset;

    public TrendWindow() {}
}
