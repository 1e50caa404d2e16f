package io.flywheel.streaming.common;

/**
 * The state of {@link SeenEventIds#inTables}: both generations of ids of one key and when they
 * turn, in one value (one state look-up per event).
 */
public class SeenIdTables {
    /** {@link EventIdTable}s; null while empty. */
    public long[] a;

    public long[] b;

    public boolean aIsCurrent = true;

    /** When the generations turn next (processing time). */
    public long turnAt;

    public SeenIdTables() {}
}
