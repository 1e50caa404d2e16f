package io.flywheel.streaming.engagement;

import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Labels a window's sums with its arm, platform and bounds. */
public final class ArmWindowResult
        extends ProcessWindowFunction<EngagementSums, ArmWindowKpi, String, TimeWindow> {
    private static final long serialVersionUID = 1L;

    @Override
    public void process(
            String key, Context ctx, Iterable<EngagementSums> sums, Collector<ArmWindowKpi> out) {
        int slash = key.indexOf('/');
        ArmWindowKpi k = new ArmWindowKpi();
        k.armId = key.substring(0, slash);
        k.platform = key.substring(slash + 1);
        TimeWindow w = ctx.window();
        k.windowStart = w.getStart();
        k.windowEnd = w.getEnd();
        k.windowSeconds = (w.getEnd() - w.getStart()) / 1000;
        // A copy: the accumulator stays in window state and changes with late events.
        k.sums.copyFrom(sums.iterator().next());
        out.collect(k);
    }
}
