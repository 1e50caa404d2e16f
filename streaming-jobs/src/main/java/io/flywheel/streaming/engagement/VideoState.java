package io.flywheel.streaming.engagement;

/**
 * Everything {@link VideoKpis} keeps per video, in one state value: one read and one write per
 * event instead of one per field.
 */
public class VideoState {
    /** Null until the video's arm is known. */
    public VideoArm arm;

    /** The arm-window key of {@link #arm}, computed once. */
    public String armPlatform;

    /** Null until the first event. */
    public VideoTotals totals;

    /** When the pending snapshot is due (processing time), or 0 when nothing changed. */
    public long flushAt;

    public VideoState() {}
}
