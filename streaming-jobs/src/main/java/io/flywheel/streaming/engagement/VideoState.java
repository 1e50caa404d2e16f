package io.flywheel.streaming.engagement;

import io.flywheel.streaming.common.SeenIdTables;

/**
 * Everything {@link VideoKpis} keeps per video, in one state value: one read and one write per
 * event instead of one per field. On the heap state backend that includes the event ids seen (the
 * fields inherited from {@link SeenIdTables}; on RocksDB they stay unused, the ids are map entries
 * there): one state look-up per event for de-duplication and totals.
 */
public class VideoState extends SeenIdTables {
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

    /**
     * True once this video's ids seen are in this value: always for a value made since session 5. A
     * value restored from an older checkpoint reads false (the field did not exist), and its ids
     * are still in the state {@code seen-id-tables} until {@link VideoKpis} moves them here.
     */
    public boolean idsMoved;

    public VideoState() {}

    /** Nothing left to keep: no arm, no totals, nothing pending, no ids. */
    boolean empty() {
        return arm == null
                && totals == null
                && pendingMinutes == null
                && flushAt == 0
                && turnAt == 0;
    }
}
