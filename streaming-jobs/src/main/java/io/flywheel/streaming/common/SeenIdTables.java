package io.flywheel.streaming.common;

import org.apache.flink.streaming.api.TimerService;

/**
 * The event ids one key has seen recently, as two generations of {@link EventIdTable}s on the heap:
 * new ids go into the current one; every {@code ttl/2} of processing time the older one is dropped
 * whole, so an id is remembered for between {@code ttl/2} and {@code ttl}. Flink's state TTL is not
 * used on purpose: on a map state its background clean-up copies the whole map on every access.
 *
 * <p>A Flink POJO: the per-video operator keeps these fields inside its video's state value (one
 * state look-up per event for ids and totals; {@code VideoState} extends this class), and before
 * session 5 kept them in a value state of their own, {@code seen-id-tables}, which older
 * checkpoints still hold.
 */
public class SeenIdTables {
    /** {@link EventIdTable}s; null while empty. */
    public long[] a;

    public long[] b;

    public boolean aIsCurrent = true;

    /** When the generations turn next (processing time); 0 before the first id. */
    public long turnAt;

    public SeenIdTables() {}

    /**
     * Whether this id is seen for the first time (it is then remembered), at processing time {@code
     * now}. Starts or turns the generations when due; each start or turn registers the
     * processing-time timer that {@link #expired} checks.
     */
    public boolean firstTime(long high, long low, long halfTtlMs, TimerService timers) {
        long now = timers.currentProcessingTime();
        if (turnAt == 0) {
            turnAt = now + halfTtlMs;
            timers.registerProcessingTimeTimer(turnAt + halfTtlMs);
        } else if (now >= turnAt) {
            aIsCurrent = !aIsCurrent;
            if (aIsCurrent) {
                a = null;
            } else {
                b = null;
            }
            turnAt = now + halfTtlMs;
            timers.registerProcessingTimeTimer(turnAt + halfTtlMs);
        }
        if ((a != null && EventIdTable.contains(a, high, low))
                || (b != null && EventIdTable.contains(b, high, low))) {
            return false;
        }
        if (aIsCurrent) {
            a = EventIdTable.add(a == null ? EventIdTable.empty() : a, high, low);
        } else {
            b = EventIdTable.add(b == null ? EventIdTable.empty() : b, high, low);
        }
        return true;
    }

    /**
     * At a processing-time timer: whether the key has been silent since the last turn for a whole
     * {@code ttl/2} more, so that every id it holds is older than ttl.
     */
    public boolean expired(long timestamp, long halfTtlMs) {
        return turnAt != 0 && timestamp >= turnAt + halfTtlMs;
    }

    /** Forgets every id (as if none had been seen). */
    public void forgetIds() {
        a = null;
        b = null;
        aIsCurrent = true;
        turnAt = 0;
    }

    /** Takes over the ids of {@code other} (a value of the older layout). */
    public void takeIdsOf(SeenIdTables other) {
        a = other.a;
        b = other.b;
        aIsCurrent = other.aIsCurrent;
        turnAt = other.turnAt;
    }
}
