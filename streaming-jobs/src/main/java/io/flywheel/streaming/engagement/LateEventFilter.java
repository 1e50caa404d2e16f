package io.flywheel.streaming.engagement;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Separates events later than the allowed lateness (event time + lateness at or behind the current
 * watermark) from the on-time ones. Deciding here, once, keeps the per-video totals and every
 * window consistent: an event is either in all of them or in the late table, never lost. The
 * windows downstream use the same allowed lateness, and their watermark can only be behind this
 * operator's, so they never drop what passed here.
 *
 * <p>Flink does not checkpoint watermarks: after a restore the watermark starts again from nothing.
 * This filter keeps the watermark it had at the checkpoint and judges by the higher of the two, so
 * the same events are late after a recovery as in a run without failure.
 */
public final class LateEventFilter extends ProcessFunction<Engagement, Engagement>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<LateEvent> LATE = new OutputTag<>("late-events") {};

    private final long latenessMs;
    private transient Counter late;
    private transient ListState<Long> checkpointedWatermark;
    private long restoredWatermark = Long.MIN_VALUE;
    private long lastWatermark = Long.MIN_VALUE;
    // The operator's live timer service: read at snapshot time for the watermark at the barrier.
    private transient TimerService timers;

    public LateEventFilter(Duration allowedLateness) {
        this.latenessMs = allowedLateness.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        late = getRuntimeContext().getMetricGroup().counter("lateEvents");
    }

    @Override
    public void processElement(Engagement e, Context ctx, Collector<Engagement> out) {
        long watermark = Math.max(restoredWatermark, ctx.timerService().currentWatermark());
        lastWatermark = watermark;
        timers = ctx.timerService();
        if (isLate(e.eventTime, watermark, latenessMs)) {
            late.inc();
            ctx.output(LATE, new LateEvent(e, watermark, LateEvent.BEYOND_ALLOWED_LATENESS));
        } else {
            out.collect(e);
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        long w =
                timers == null
                        ? lastWatermark
                        : Math.max(restoredWatermark, timers.currentWatermark());
        checkpointedWatermark.update(List.of(w));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        checkpointedWatermark =
                context.getOperatorStateStore()
                        .getUnionListState(new ListStateDescriptor<>("watermark", Types.LONG));
        if (context.isRestored()) {
            // Every subtask saw the same watermark; the lowest is the safe one after a rescale.
            long min = Long.MAX_VALUE;
            for (Long w : checkpointedWatermark.get()) {
                min = Math.min(min, w);
            }
            restoredWatermark = min == Long.MAX_VALUE ? Long.MIN_VALUE : min;
            lastWatermark = restoredWatermark;
        }
    }

    /** Flink's own rule for a window element: timestamp + allowed lateness <= watermark. */
    public static boolean isLate(long eventTime, long watermark, long latenessMs) {
        return watermark != Long.MIN_VALUE && eventTime + latenessMs <= watermark;
    }
}
