package io.flywheel.streaming.trends;

/**
 * The state {@link TrendStatistic} keeps per key (a Flink POJO): the exponentially weighted mean
 * and variance of the per-slide counts that have left the current window, and the run of windows
 * that reached the threshold.
 */
public class TrendBaseline {
    /** Weighted mean of per-slide engaged views. */
    public double mean;

    /** Weighted variance of per-slide engaged views. */
    public double variance;

    /** How many slide counts the baseline has taken in. */
    public long slides;

    /** How many windows in a row reached the threshold. */
    public int streak;

    public TrendBaseline() {}
}
