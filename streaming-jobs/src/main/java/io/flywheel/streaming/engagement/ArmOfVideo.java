package io.flywheel.streaming.engagement;

import io.flywheel.streaming.source.Inbound;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Joins VideoPublished (video, job, platform) with ContentRequested (job, parameters), keyed by job
 * id: whichever comes first waits in state for the other. Emits one {@link VideoArm} per published
 * video, and each arm's parameters once per job on {@link #ARMS} for the arms table.
 */
public final class ArmOfVideo extends KeyedProcessFunction<String, Inbound, VideoArm> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<ArmRequest> ARMS = new OutputTag<>("arms") {};

    private final Duration waitTtl;
    private transient ValueState<ArmRequest> request;
    private transient ListState<Publication> waiting;

    /**
     * @param waitTtl how long a publication waits for its request (and a request is remembered)
     */
    public ArmOfVideo(Duration waitTtl) {
        this.waitTtl = waitTtl;
    }

    @Override
    public void open(OpenContext openContext) {
        StateTtlConfig ttl = StateTtlConfig.newBuilder(waitTtl).build();
        ValueStateDescriptor<ArmRequest> r =
                new ValueStateDescriptor<>("request", ArmRequest.class);
        r.enableTimeToLive(ttl);
        request = getRuntimeContext().getState(r);
        ListStateDescriptor<Publication> w =
                new ListStateDescriptor<>("waiting-publications", Publication.class);
        w.enableTimeToLive(ttl);
        waiting = getRuntimeContext().getListState(w);
    }

    @Override
    public void processElement(Inbound in, Context ctx, Collector<VideoArm> out) throws Exception {
        if (in.armRequest != null) {
            ArmRequest a = in.armRequest;
            if (request.value() == null) {
                ctx.output(ARMS, a);
            }
            request.update(a);
            for (Publication p : waiting.get()) {
                out.collect(new VideoArm(p.videoId, p.jobId, a.armId, p.platform));
            }
            waiting.clear();
        } else if (in.publication != null) {
            Publication p = in.publication;
            ArmRequest a = request.value();
            if (a != null) {
                out.collect(new VideoArm(p.videoId, p.jobId, a.armId, p.platform));
            } else {
                waiting.add(p);
            }
        }
    }
}
