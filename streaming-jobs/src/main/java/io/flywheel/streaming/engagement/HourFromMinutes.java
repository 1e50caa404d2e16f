package io.flywheel.streaming.engagement;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The 1-hour windows of an arm, built from its 1-minute windows instead of from every event again:
 * each (late) firing of a minute replaces that minute in the hour, and the hour is re-emitted as
 * the sum of its minutes. The result equals a 1-hour tumbling window over the same events, is
 * updated every minute rather than once an hour, and costs one shuffle per event less. An hour's
 * minutes are dropped once no minute of it can fire again (hour end + allowed lateness).
 */
public final class HourFromMinutes
        extends KeyedProcessFunction<String, ArmWindowKpi, ArmWindowKpi> {
    private static final long serialVersionUID = 1L;
    static final long HOUR_MS = 3_600_000L;
    static final long MINUTE_MS = 60_000L;

    private final long latenessMs;
    private transient MapState<Long, EngagementSums> minutes;

    public HourFromMinutes(java.time.Duration allowedLateness) {
        this.latenessMs = allowedLateness.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        minutes =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "minutes",
                                        Types.LONG,
                                        TypeInformation.of(EngagementSums.class)));
    }

    @Override
    public void processElement(ArmWindowKpi minute, Context ctx, Collector<ArmWindowKpi> out)
            throws Exception {
        long hourStart = Math.floorDiv(minute.windowStart, HOUR_MS) * HOUR_MS;
        EngagementSums copy = new EngagementSums();
        copy.copyFrom(minute.sums);
        minutes.put(minute.windowStart, copy);
        ctx.timerService().registerEventTimeTimer(hourStart + HOUR_MS + latenessMs);

        ArmWindowKpi hour = new ArmWindowKpi();
        hour.armId = minute.armId;
        hour.platform = minute.platform;
        hour.windowStart = hourStart;
        hour.windowEnd = hourStart + HOUR_MS;
        hour.windowSeconds = HOUR_MS / 1000;
        for (long m = hourStart; m < hourStart + HOUR_MS; m += MINUTE_MS) {
            EngagementSums s = minutes.get(m);
            if (s != null) {
                hour.sums.merge(s);
            }
        }
        out.collect(hour);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ArmWindowKpi> out)
            throws Exception {
        long hourStart = timestamp - latenessMs - HOUR_MS;
        for (long m = hourStart; m < hourStart + HOUR_MS; m += MINUTE_MS) {
            minutes.remove(m);
        }
    }
}
