package io.flywheel.streaming.engagement;

import org.apache.flink.api.common.functions.AggregateFunction;

/** Sums the engagement of an arm window incrementally (one accumulator per window, not a list). */
public final class ArmWindowSums
        implements AggregateFunction<ArmPoint, EngagementSums, EngagementSums> {
    private static final long serialVersionUID = 1L;

    @Override
    public EngagementSums createAccumulator() {
        return new EngagementSums();
    }

    @Override
    public EngagementSums add(ArmPoint p, EngagementSums acc) {
        if (p.engagement != null) {
            acc.add(p.engagement);
        } else {
            acc.merge(p.sums);
        }
        return acc;
    }

    @Override
    public EngagementSums getResult(EngagementSums acc) {
        return acc;
    }

    @Override
    public EngagementSums merge(EngagementSums a, EngagementSums b) {
        a.merge(b);
        return a;
    }
}
