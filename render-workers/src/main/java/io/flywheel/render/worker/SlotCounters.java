package io.flywheel.render.worker;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a worker's slots survived, for its log and its tests (the module has no metrics registry):
 * slot loops restarted after dying, Kafka clients re-created after a producer or transaction error,
 * and jobs held back (kept queued) because of a full disk or an unreadable job row.
 */
public final class SlotCounters {
    final AtomicInteger slotRestarts = new AtomicInteger();
    final AtomicInteger clientRecoveries = new AtomicInteger();
    final AtomicInteger holds = new AtomicInteger();

    public int slotRestarts() {
        return slotRestarts.get();
    }

    public int clientRecoveries() {
        return clientRecoveries.get();
    }

    public int holds() {
        return holds.get();
    }

    @Override
    public String toString() {
        return "slot restarts "
                + slotRestarts
                + ", Kafka client recoveries "
                + clientRecoveries
                + ", jobs held back "
                + holds;
    }
}
