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

    private transient ValueState<VideoArm> arm;
    private transient ValueState<VideoTotals> totals;
    private transient ValueState<Long> flushAt;
    private transient ListState<Engagement> waitingForArm;
    private transient Counter lateArm;

    public VideoKpis(Duration flushInterval, Duration allowedLateness, Duration waitTtl) {
        this.flushIntervalMs = flushInterval.toMillis();
        this.latenessMs = allowedLateness.toMillis();
        this.waitTtl = waitTtl;
    }

    @Override
    public void open(OpenContext openContext) {
        arm = getRuntimeContext().getState(new ValueStateDescriptor<>("arm", VideoArm.class));
        totals =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("totals", VideoTotals.class));
        flushAt = getRuntimeContext().getState(new ValueStateDescriptor<>("flush-at", Long.class));
        ListStateDescriptor<Engagement> w =
                new ListStateDescriptor<>("waiting-for-arm", Engagement.class);
        w.enableTimeToLive(StateTtlConfig.newBuilder(waitTtl).build());
        waitingForArm = getRuntimeContext().getListState(w);
        lateArm = getRuntimeContext().getMetricGroup().counter("armKnownTooLate");
    }

    @Override
    public void processElement1(VideoArm a, Context ctx, Collector<VideoTotals> out)
            throws Exception {
        arm.update(a);
        VideoTotals t = totals.value();
        if (t != null && !a.armId.equals(t.armId)) {
            t.armId = a.armId;
            totals.update(t);
            markChanged(ctx);
        }
        long watermark = ctx.timerService().currentWatermark();
        for (Engagement e : waitingForArm.get()) {
            if (LateEventFilter.isLate(e.eventTime, watermark, latenessMs)) {
                lateArm.inc();
                ctx.output(LATE, new LateEvent(e, watermark, LateEvent.ARM_KNOWN_TOO_LATE));
            } else {
                ctx.output(ARM_POINTS, new ArmPoint(a.armId, a.platform, e));
            }
        }
        waitingForArm.clear();
    }

    @Override
    public void processElement2(Engagement e, Context ctx, Collector<VideoTotals> out)
            throws Exception {
        VideoTotals t = totals.value();
        VideoArm a = arm.value();
        if (t == null) {
            t = new VideoTotals();
            t.videoId = e.videoId;
            t.platform = e.platform;
            t.firstEventTime = e.eventTime;
            t.armId = a == null ? null : a.armId;
            // Fires at the end of a bounded input (the final watermark) to flush the last change.
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }
        t.sums.add(e);
        t.firstEventTime = Math.min(t.firstEventTime, e.eventTime);
        t.lastEventTime = Math.max(t.lastEventTime, e.eventTime);
        totals.update(t);
        markChanged(ctx);
        if (a != null) {
            ctx.output(ARM_POINTS, new ArmPoint(a.armId, a.platform, e));
        } else {
            waitingForArm.add(e);
        }
    }

    private void markChanged(Context ctx) throws Exception {
        if (flushAt.value() == null) {
            long at = ctx.timerService().currentProcessingTime() + flushIntervalMs;
            ctx.timerService().registerProcessingTimeTimer(at);
            flushAt.update(at);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<VideoTotals> out)
            throws Exception {
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME
                && (flushAt.value() == null || flushAt.value() != timestamp)) {
            return;
        }
        if (flushAt.value() != null) {
            flushAt.clear();
            VideoTotals t = totals.value();
            if (t != null) {
                out.collect(t.copy());
            }
        }
    }
}
