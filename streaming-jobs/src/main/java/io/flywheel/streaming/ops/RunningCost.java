package io.flywheel.streaming.ops;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/** Sums cost, attempts and failures per key and emits the new total on every change. */
public final class RunningCost extends KeyedProcessFunction<String, RenderStep, CostTotal> {
    private static final long serialVersionUID = 1L;
    private transient ValueState<CostTotal> total;

    @Override
    public void open(OpenContext openContext) {
        total = getRuntimeContext().getState(new ValueStateDescriptor<>("total", CostTotal.class));
    }

    @Override
    public void processElement(RenderStep s, Context ctx, Collector<CostTotal> out)
            throws Exception {
        CostTotal t = total.value();
        if (t == null) {
            t = new CostTotal();
            t.key = ctx.getCurrentKey();
        }
        if (s.isAttempt()) {
            t.attempts++;
            t.failures += s.failed ? 1 : 0;
            t.costMicroUsd += s.costMicroUsd;
        } else {
            t.videoId = s.videoId;
        }
        total.update(t);
        out.collect(t);
    }
}
