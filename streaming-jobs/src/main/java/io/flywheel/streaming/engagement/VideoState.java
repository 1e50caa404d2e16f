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

    /**
     * On-time events summed per minute and not yet sent to the arm windows (null when none): sent
     * with the next snapshot, or when the watermark reaches the end of their minute if that comes
     * first. Added in session 3; older checkpoints restore with none (Flink's POJO schema
     * evolution).
     */
    public MinuteSums[] pendingMinutes;

    public VideoState() {}
}
