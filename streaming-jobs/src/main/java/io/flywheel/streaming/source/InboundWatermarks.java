package io.flywheel.streaming.source;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Bounded out-of-orderness watermarks on the envelope's event time, emitted both periodically and
 * as soon as the highest event time has advanced by {@code step} since the last emission. The
 * event-driven emission makes the watermark a function of the record order alone (with step 0:
 * after every new maximum), so which events are late is reproducible in tests and after a replay,
 * whatever the machine's speed. Dead letters carry no event time and never move the watermark.
 */
public final class InboundWatermarks {
    private InboundWatermarks() {}

    public static WatermarkStrategy<Inbound> strategy(
            Duration outOfOrderness, Duration step, Duration idleness) {
        long bound = outOfOrderness.toMillis();
        long stepMs = step.toMillis();
        WatermarkStrategy<Inbound> s =
                WatermarkStrategy.forGenerator(
                                (WatermarkGeneratorSupplier<Inbound>)
                                        ctx -> new Generator(bound, stepMs))
                        .withTimestampAssigner(
                                (SerializableTimestampAssigner<Inbound>)
                                        (e, recordTs) -> e.eventTime > 0 ? e.eventTime : recordTs);
        return idleness.isZero() ? s : s.withIdleness(idleness);
    }

    /** Emits {@code maxEventTime - bound - 1}, like Flink's BoundedOutOfOrdernessWatermarks. */
    static final class Generator implements WatermarkGenerator<Inbound> {
        private final long bound;
        private final long step;
        private long maxTimestamp = Long.MIN_VALUE;
        private long lastEmittedMax = Long.MIN_VALUE;

        Generator(long bound, long step) {
            this.bound = bound;
            this.step = step;
        }

        @Override
        public void onEvent(Inbound event, long timestamp, WatermarkOutput output) {
            if (event.isDeadLetter() || timestamp <= maxTimestamp) {
                return;
            }
            maxTimestamp = timestamp;
            if (lastEmittedMax == Long.MIN_VALUE || maxTimestamp - lastEmittedMax >= step) {
                emit(output);
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            if (maxTimestamp > lastEmittedMax) {
                emit(output);
            }
        }

        private void emit(WatermarkOutput output) {
            lastEmittedMax = maxTimestamp;
            output.emitWatermark(new Watermark(maxTimestamp - bound - 1));
        }
    }
}
