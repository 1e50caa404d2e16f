package io.flywheel.streaming.trends;

import io.flywheel.streaming.common.SeenEventIds;
import io.flywheel.streaming.engagement.Engagement;
import io.flywheel.streaming.engagement.VideoArm;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per video: drops repeated engagement events (by event id) and gives each event's engaged views
 * the arm of its video; events that come before the arm is known wait for it.
 */
public final class ViewsOfVideo
        extends KeyedCoProcessFunction<String, VideoArm, Engagement, ArmViews> {
    private static final long serialVersionUID = 1L;

    private final Duration dedupeTtl;
    private final Duration waitTtl;
    private transient ValueState<VideoArm> arm;
    private transient ListState<Engagement> waiting;
    private transient SeenEventIds seen;
    private transient Counter duplicates;

    public ViewsOfVideo(Duration dedupeTtl, Duration waitTtl) {
        this.dedupeTtl = dedupeTtl;
        this.waitTtl = waitTtl;
    }

    @Override
    public void open(OpenContext openContext) {
        arm = getRuntimeContext().getState(new ValueStateDescriptor<>("arm", VideoArm.class));
        ListStateDescriptor<Engagement> w =
                new ListStateDescriptor<>("waiting", TypeInformation.of(Engagement.class));
        w.enableTimeToLive(StateTtlConfig.newBuilder(waitTtl).build());
        waiting = getRuntimeContext().getListState(w);
        seen = SeenEventIds.inMapState(getRuntimeContext(), dedupeTtl.toMillis());
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicateEvents");
    }

    @Override
    public void processElement1(VideoArm a, Context ctx, Collector<ArmViews> out) throws Exception {
        arm.update(a);
        for (Engagement e : waiting.get()) {
            out.collect(new ArmViews(a.armId, e.eventTime, e.engagedViews));
        }
        waiting.clear();
    }

    @Override
    public void processElement2(Engagement e, Context ctx, Collector<ArmViews> out)
            throws Exception {
        if (!seen.firstTime(e.eventIdHigh, e.eventIdLow, ctx.timerService())) {
            duplicates.inc();
            return;
        }
        if (e.engagedViews <= 0) {
            return;
        }
        VideoArm a = arm.value();
        if (a == null) {
            waiting.add(e);
        } else {
            out.collect(new ArmViews(a.armId, e.eventTime, e.engagedViews));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ArmViews> out)
            throws Exception {
        seen.expire(timestamp);
    }
}
