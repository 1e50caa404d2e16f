package io.flywheel.streaming.trends;

import io.flywheel.model.Arm;
import io.flywheel.model.Parameter;
import io.flywheel.model.ParameterTable;
import io.flywheel.streaming.engagement.ArmRequest;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per arm: counts each engagement's views for the arm itself and for every content parameter's
 * value of the arm ({@link ParameterTable#ALL}, so the niche and the platform too), on the arm's
 * platform. Views wait until the arm's parameters (its {@code ContentRequested}) are known.
 */
public final class TrendKeysOfArm
        extends KeyedCoProcessFunction<String, ArmRequest, ArmViews, TrendPoint> {
    private static final long serialVersionUID = 1L;

    private final Duration waitTtl;
    private transient ValueState<String> armKey;
    private transient ListState<ArmViews> waiting;

    public TrendKeysOfArm(Duration waitTtl) {
        this.waitTtl = waitTtl;
    }

    @Override
    public void open(OpenContext openContext) {
        armKey = getRuntimeContext().getState(new ValueStateDescriptor<>("arm-key", Types.STRING));
        ListStateDescriptor<ArmViews> w = new ListStateDescriptor<>("waiting", ArmViews.class);
        w.enableTimeToLive(StateTtlConfig.newBuilder(waitTtl).build());
        waiting = getRuntimeContext().getListState(w);
    }

    @Override
    public void processElement1(ArmRequest r, Context ctx, Collector<TrendPoint> out)
            throws Exception {
        if (armKey.value() != null) {
            return;
        }
        armKey.update(r.armKey);
        Arm arm = Arm.ofKey(r.armKey);
        for (ArmViews v : waiting.get()) {
            emit(arm, r.armKey, v, out);
        }
        waiting.clear();
    }

    @Override
    public void processElement2(ArmViews v, Context ctx, Collector<TrendPoint> out)
            throws Exception {
        String key = armKey.value();
        if (key == null) {
            waiting.add(v);
        } else {
            emit(Arm.ofKey(key), key, v, out);
        }
    }

    /** One point per trend key of the arm. */
    static void emit(Arm arm, String key, ArmViews v, Collector<TrendPoint> out) {
        String platform = arm.platform();
        out.collect(
                new TrendPoint(
                        platform, TrendPoint.ARM, v.armId, key, v.eventTime, v.engagedViews));
        for (Parameter p : ParameterTable.ALL) {
            out.collect(
                    new TrendPoint(
                            platform, p.name(), p.text(arm), null, v.eventTime, v.engagedViews));
        }
    }
}
