package io.flywheel.streaming.engagement;

import io.flywheel.streaming.common.SeenEventIds;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per video (keyed by video id), straight after the shuffle by video: de-duplication by event id,
 * the lateness decision, the running totals of every on-time event, and the arm of the video. Doing
 * all four in one operator costs one network hop per event (the shuffle), where a chain of separate
 * keyed operators would serialize every event once more between them.
 *
 * <p><b>Duplicates</b>: an event id belongs to one video, so the ids seen are in the video's state
 * ({@link SeenEventIds}, in the layout that suits the state backend).
 *
 * <p><b>Lateness</b> is decided here, once: an event whose time + allowed lateness is at or behind
 * the engagement input's watermark goes to {@link #LATE}; the per-video totals and every window
 * then agree, and an event is either in all of them or in the late table, never lost. The watermark
 * is the engagement input's own ({@link VideoKpisOperator} passes it in), not the operator's
 * combined one, which the slow arm input would hold back. The windows downstream use the same
 * allowed lateness and a watermark that can only be behind this one, so they never drop what passed
 * here. Flink does not checkpoint watermarks: the one at the checkpoint is kept in operator state
 * and, after a restore, the higher of the two judges, so the same events are late after a recovery
 * as in a run without failure.
 *
 * <p><b>Totals</b> are emitted as snapshots at most once per {@code flushInterval} of processing
 * time (and once more at the end of a bounded input), so the sinks see a few updates per second per
 * video, not one per event. While the engagement input is reading a backlog ({@link
 * SnapshotCadence}) the interval is {@code catchUpFlushInterval} instead: the totals shown are
 * behind by the backlog anyway, and writing each video five times a second would cost a quarter of
 * the job's CPU. A snapshot is always the video's latest totals, so fewer of them change only how
 * fresh the sinks are, never what they finally hold. The on-time events also go on {@link
 * #ARM_POINTS} with their arm for the arm windows; events that arrive before their video's arm wait
 * in state, and go to {@link #LATE} instead if the windows they belong to have closed meanwhile.
 *
 * <p><b>Arm points are summed per minute</b> in the video's state and sent with the snapshot, so
 * the shuffle by arm carries about one record per video, minute and flush interval rather than one
 * per event. A minute's sums must reach the window before the window's watermark passes the
 * minute's end: they are sent at the latest from an event-time timer at that end (which fires
 * before this operator forwards the watermark, and the window's watermark is never ahead of this
 * operator's). An event of a minute whose timer has already fired goes alone, at once, as before.
 * Pending sums are in keyed state and timers are checkpointed, so after a recovery every event is
 * in the windows exactly once.
 */
public final class VideoKpis
        extends KeyedCoProcessFunction<String, VideoArm, Engagement, VideoTotals>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<ArmPoint> ARM_POINTS = new OutputTag<>("arm-points") {};
    public static final OutputTag<LateEvent> LATE = new OutputTag<>("late-events") {};

    private static final long MINUTE_MS = EngagementKpiTopology.MINUTE.toMillis();

    private final long flushIntervalMs;
    private final long catchUpFlushIntervalMs;
    private final long latenessMs;
    private final long dedupeTtlMs;
    private final Duration waitTtl;
    private final String stateBackend;

    private transient ValueState<VideoState> state;
    private transient ListState<Engagement> waitingForArm;
    private transient SeenEventIds seen;
    private transient Counter duplicates;
    private transient Counter late;
    private transient Counter lateArm;
    private transient SnapshotCadence cadence;

    /** The engagement input's watermark, and the one restored from the last checkpoint. */
    private transient long engagementWatermark;

    private transient long restoredWatermark;
    private transient ListState<Long> checkpointedWatermark;

    public VideoKpis(
            Duration flushInterval,
            Duration catchUpFlushInterval,
            Duration allowedLateness,
            Duration dedupeTtl,
            Duration waitTtl,
            String stateBackend) {
        this.flushIntervalMs = flushInterval.toMillis();
        this.catchUpFlushIntervalMs = catchUpFlushInterval.toMillis();
        this.latenessMs = allowedLateness.toMillis();
        this.dedupeTtlMs = dedupeTtl.toMillis();
        this.waitTtl = waitTtl;
        this.stateBackend = stateBackend;
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("video", VideoState.class));
        // "-v2": Engagement's serializer changed; the old list ("waiting-for-arm", Flink's POJO
        // serializer) is left unclaimed so that restoring an older checkpoint cannot fail on it.
        ListStateDescriptor<Engagement> w =
                new ListStateDescriptor<>("waiting-for-arm-v2", Engagement.class);
        w.enableTimeToLive(StateTtlConfig.newBuilder(waitTtl).build());
        waitingForArm = getRuntimeContext().getListState(w);
        seen = SeenEventIds.forBackend(stateBackend, getRuntimeContext(), dedupeTtlMs);
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicateEvents");
        late = getRuntimeContext().getMetricGroup().counter("lateEvents");
        lateArm = getRuntimeContext().getMetricGroup().counter("armKnownTooLate");
        cadence = new SnapshotCadence(flushIntervalMs, catchUpFlushIntervalMs);
    }

    /**
     * The engagement input's watermark advanced, at processing time {@code now} (called by {@link
     * VideoKpisOperator}).
     */
    void engagementWatermark(long watermark, long now) {
        engagementWatermark = watermark;
        cadence.watermark(watermark, now);
    }

    private long lateWatermark() {
        return Math.max(restoredWatermark, engagementWatermark);
    }

    @Override
    public void processElement1(VideoArm a, Context ctx, Collector<VideoTotals> out)
            throws Exception {
        VideoState v = state.value();
        if (v == null) {
            v = new VideoState();
        }
        boolean hadArm = v.arm != null;
        String armPlatform = a.armPlatform();
        if (hadArm && !armPlatform.equals(v.armPlatform)) {
            // Sums so far belong to the arm their events had.
            sendPendingMinutes(v, ctx);
        }
        v.arm = a;
        v.armPlatform = armPlatform;
        if (v.totals != null && !a.armId.equals(v.totals.armId)) {
            v.totals.armId = a.armId;
            markChanged(v, ctx);
        }
        state.update(v);
        if (hadArm) {
            return;
        }
        long watermark = ctx.timerService().currentWatermark();
        for (Engagement e : waitingForArm.get()) {
            if (isLate(e.eventTime, watermark, latenessMs)) {
                lateArm.inc();
                ctx.output(LATE, new LateEvent(e, watermark, LateEvent.ARM_KNOWN_TOO_LATE));
            } else {
                ctx.output(ARM_POINTS, new ArmPoint(v.armPlatform, e));
            }
        }
        waitingForArm.clear();
    }

    @Override
    public void processElement2(Engagement e, Context ctx, Collector<VideoTotals> out)
            throws Exception {
        if (!seen.firstTime(e.eventIdHigh, e.eventIdLow, ctx.timerService())) {
            duplicates.inc();
            return;
        }
        long watermark = lateWatermark();
        if (isLate(e.eventTime, watermark, latenessMs)) {
            late.inc();
            ctx.output(LATE, new LateEvent(e, watermark, LateEvent.BEYOND_ALLOWED_LATENESS));
            return;
        }
        VideoState v = state.value();
        if (v == null) {
            v = new VideoState();
        }
        VideoTotals t = v.totals;
        if (t == null) {
            t = new VideoTotals();
            t.videoId = e.videoId();
            t.platform = e.platform;
            t.firstEventTime = e.eventTime;
            t.lastEventTime = e.eventTime;
            t.armId = v.arm == null ? null : v.arm.armId;
            v.totals = t;
            // Fires at the end of a bounded input (the final watermark) to flush the last change.
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }
        t.sums.add(e);
        t.firstEventTime = Math.min(t.firstEventTime, e.eventTime);
        t.lastEventTime = Math.max(t.lastEventTime, e.eventTime);
        markChanged(v, ctx);
        state.update(v);
        if (v.arm != null) {
            toArmWindows(v, e, ctx);
        } else {
            waitingForArm.add(e);
        }
    }

    /** Adds the event to its minute's pending sums, or sends it alone if that minute is due. */
    private void toArmWindows(VideoState v, Engagement e, Context ctx) {
        long minuteStart = TimeWindow.getWindowStartWithOffset(e.eventTime, 0, MINUTE_MS);
        long minuteEnd = minuteStart + MINUTE_MS - 1;
        if (ctx.timerService().currentWatermark() >= minuteEnd) {
            ctx.output(ARM_POINTS, new ArmPoint(v.armPlatform, e));
            return;
        }
        MinuteSums[] pending = v.pendingMinutes;
        if (pending != null) {
            for (MinuteSums m : pending) {
                if (m.minuteStart == minuteStart) {
                    m.sums.add(e);
                    return;
                }
            }
        }
        MinuteSums m = new MinuteSums(minuteStart);
        m.sums.add(e);
        if (pending == null) {
            v.pendingMinutes = new MinuteSums[] {m};
        } else {
            MinuteSums[] more = Arrays.copyOf(pending, pending.length + 1);
            more[pending.length] = m;
            v.pendingMinutes = more;
        }
        ctx.timerService().registerEventTimeTimer(minuteEnd);
    }

    private void sendPendingMinutes(VideoState v, Context ctx) {
        if (v.pendingMinutes == null) {
            return;
        }
        for (MinuteSums m : v.pendingMinutes) {
            ctx.output(ARM_POINTS, new ArmPoint(v.armPlatform, m));
        }
        v.pendingMinutes = null;
    }

    /** Sends the pending sums of the minute that ends at {@code minuteEnd}, if any. */
    private void sendMinute(VideoState v, long minuteEnd, Context ctx) {
        MinuteSums[] pending = v.pendingMinutes;
        if (pending == null) {
            return;
        }
        long minuteStart = minuteEnd + 1 - MINUTE_MS;
        int left = 0;
        for (MinuteSums m : pending) {
            if (m.minuteStart <= minuteStart) {
                ctx.output(ARM_POINTS, new ArmPoint(v.armPlatform, m));
            } else {
                pending[left++] = m;
            }
        }
        v.pendingMinutes = left == 0 ? null : Arrays.copyOf(pending, left);
    }

    /**
     * Makes sure a snapshot is due within the current cadence's interval. A snapshot scheduled
     * while catching up is brought forward once the input is live again (its old timer then finds
     * {@code flushAt} changed and does nothing).
     */
    private void markChanged(VideoState v, Context ctx) {
        long now = ctx.timerService().currentProcessingTime();
        long due = now + cadence.intervalMs(now);
        if (v.flushAt == 0 || v.flushAt > due) {
            v.flushAt = due;
            ctx.timerService().registerProcessingTimeTimer(due);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<VideoTotals> out)
            throws Exception {
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            seen.expire(timestamp);
        }
        VideoState v = state.value();
        if (v == null) {
            return;
        }
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME && timestamp != Long.MAX_VALUE) {
            // The end of a minute: its sums go before the watermark does.
            if (v.pendingMinutes != null) {
                sendMinute(v, timestamp, ctx);
                state.update(v);
            }
            return;
        }
        if (v.flushAt == 0) {
            return;
        }
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME && v.flushAt != timestamp) {
            return;
        }
        v.flushAt = 0;
        sendPendingMinutes(v, ctx);
        state.update(v);
        if (v.totals != null) {
            out.collect(v.totals.copy());
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        checkpointedWatermark.update(List.of(lateWatermark()));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        engagementWatermark = Long.MIN_VALUE;
        restoredWatermark = Long.MIN_VALUE;
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
        }
    }

    /** Flink's own rule for a window element: timestamp + allowed lateness <= watermark. */
    public static boolean isLate(long eventTime, long watermark, long latenessMs) {
        return watermark != Long.MIN_VALUE && eventTime + latenessMs <= watermark;
    }
}
