package io.flywheel.streaming.ops;

import org.apache.flink.api.common.functions.AggregateFunction;

/** Adds attempts into a {@link StageMinute} incrementally; the latency goes into the sketch. */
public final class StageMinuteAggregate
        implements AggregateFunction<RenderStep, StageMinute, StageMinute> {
    private static final long serialVersionUID = 1L;

    @Override
    public StageMinute createAccumulator() {
        return new StageMinute();
    }

    @Override
    public StageMinute add(RenderStep s, StageMinute acc) {
        acc.attempts++;
        if (s.failed) {
            acc.failures++;
        }
        acc.costMicroUsd += s.costMicroUsd;
        acc.latency.add(s.latencyMs);
        return acc;
    }

    @Override
    public StageMinute getResult(StageMinute acc) {
        return acc;
    }

    @Override
    public StageMinute merge(StageMinute a, StageMinute b) {
        a.attempts += b.attempts;
        a.failures += b.failures;
        a.costMicroUsd += b.costMicroUsd;
        a.latency.merge(b.latency);
        return a;
    }
}
