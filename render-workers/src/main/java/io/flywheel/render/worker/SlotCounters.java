package io.flywheel.render.worker;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a worker's slots survived, for its log and its tests: slot loops restarted after dying,
 * Kafka clients re-created after a producer or transaction error, and jobs held back (kept queued)
 * because of a full disk or an unreadable job row; and the worker's Prometheus meters.
 */
public final class SlotCounters {
    final RenderMetrics metrics;
    final AtomicInteger slotRestarts = new AtomicInteger();
    final AtomicInteger clientRecoveries = new AtomicInteger();
    final AtomicInteger holds = new AtomicInteger();

    public SlotCounters() {
        this(RenderMetrics.unexported());
    }

    public SlotCounters(RenderMetrics metrics) {
        this.metrics = metrics;
    }

    public int slotRestarts() {
        return slotRestarts.get();
    }

    public int clientRecoveries() {
        return clientRecoveries.get();
    }

    public int holds() {
        return holds.get();
    }

    /** The counts above as Prometheus counters. */
    void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("flywheel.render.slot.restarts", slotRestarts, AtomicInteger::get)
                .description("slot loops restarted after dying")
                .register(registry);
        FunctionCounter.builder(
                        "flywheel.render.client.recoveries", clientRecoveries, AtomicInteger::get)
                .description("Kafka clients re-created after a producer or transaction error")
                .register(registry);
        FunctionCounter.builder("flywheel.render.holds", holds, AtomicInteger::get)
                .description("jobs held back (kept queued): full disk or unreadable job row")
                .register(registry);
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
