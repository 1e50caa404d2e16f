package io.flywheel.streaming.ops;

import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Labels a minute with its stage, provider and bounds. */
public final class StageMinuteResult
        extends ProcessWindowFunction<StageMinute, StageMinute, String, TimeWindow> {
    private static final long serialVersionUID = 1L;

    @Override
    public void process(
            String key, Context ctx, Iterable<StageMinute> in, Collector<StageMinute> out) {
        StageMinute m = in.iterator().next();
        int bar = key.indexOf('|');
        m.stage = key.substring(0, bar);
        m.provider = key.substring(bar + 1);
        m.windowStart = ctx.window().getStart();
        m.windowEnd = ctx.window().getEnd();
        out.collect(m);
    }
}
