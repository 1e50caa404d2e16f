package io.flywheel.streaming.engagement;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per video (keyed by video id): the running totals of every on-time, de-duplicated engagement
 * event, and the arm of the video. Totals are emitted as snapshots at most once per {@code
 * flushInterval} of processing time (and once more at the end of a bounded input), so the sinks see
 * a few updates per second per video, not one per event. Each event also goes on {@link
 * #ARM_POINTS} with its arm for the arm windows; events that arrive before their video's arm wait
 * in state, and go to {@link #LATE} instead if the windows they belong to have closed meanwhile.
 */
public final class VideoKpis
        extends KeyedCoProcessFunction<String, VideoArm, Engagement, VideoTotals> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<ArmPoint> ARM_POINTS = new OutputTag<>("arm-points") {};
    public static final OutputTag<LateEvent> LATE = new OutputTag<>("arm-known-too-late") {};

    private final long flushIntervalMs;
    private final long latenessMs;
    private final Duration waitTtl;

    private transient ValueState<VideoState> state;
    private transient ListState<Engagement> waitingForArm;
    private transient Counter lateArm;

    public VideoKpis(Duration flushInterval, Duration allowedLateness, Duration waitTtl) {
        this.flushIntervalMs = flushInterval.toMillis();
        this.latenessMs = allowedLateness.toMillis();
        this.waitTtl = waitTtl;
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("video", VideoState.class));
        ListStateDescriptor<Engagement> w =
                new ListStateDescriptor<>("waiting-for-arm", Engagement.class);
        w.enableTimeToLive(StateTtlConfig.newBuilder(waitTtl).build());
        waitingForArm = getRuntimeContext().getListState(w);
        lateArm = getRuntimeContext().getMetricGroup().counter("armKnownTooLate");
    }

    @Override
    public void processElement1(VideoArm a, Context ctx, Collector<VideoTotals> out)
            throws Exception {
        VideoState v = state.value();
        if (v == null) {
            v = new VideoState();
        }
        boolean hadArm = v.arm != null;
        v.arm = a;
        v.armPlatform = a.armPlatform();
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
            if (LateEventFilter.isLate(e.eventTime, watermark, latenessMs)) {
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
        VideoState v = state.value();
        if (v == null) {
            v = new VideoState();
        }
        VideoTotals t = v.totals;
        if (t == null) {
            t = new VideoTotals();
            t.videoId = e.videoId;
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
            ctx.output(ARM_POINTS, new ArmPoint(v.armPlatform, e));
        } else {
            waitingForArm.add(e);
        }
    }

    private void markChanged(VideoState v, Context ctx) {
        if (v.flushAt == 0) {
            v.flushAt = ctx.timerService().currentProcessingTime() + flushIntervalMs;
            ctx.timerService().registerProcessingTimeTimer(v.flushAt);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<VideoTotals> out)
            throws Exception {
        VideoState v = state.value();
        if (v == null || v.flushAt == 0) {
            return;
        }
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME && v.flushAt != timestamp) {
            return;
        }
        v.flushAt = 0;
        state.update(v);
        if (v.totals != null) {
            out.collect(v.totals.copy());
        }
    }
}
