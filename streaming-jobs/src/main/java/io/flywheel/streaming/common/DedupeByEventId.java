package io.flywheel.streaming.common;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Lets the first event of each {@code event_id} through and drops the repeats (producer retries,
 * replays). Keyed by what the event belongs to (a video, a content job), not by event id: an event
 * id belongs to one video or job, so the ids seen are a map in that key's state and the stream
 * needs no extra shuffle.
 *
 * <p>Ids are remembered for between {@code ttl/2} and {@code ttl} of processing time, in two
 * generations: new ids go into the current map; every {@code ttl/2} the older map is dropped whole.
 * Flink's state TTL is not used on purpose: on a map state its background clean-up copies the whole
 * map on every access (measured: 40% of the job's CPU with a few hundred ids per video). A timer
 * clears the state of a video that has been silent for {@code ttl}.
 */
public final class DedupeByEventId<T> extends KeyedProcessFunction<String, T, T> {
    private static final long serialVersionUID = 1L;

    /** How to read the event id of a record (a named class: Flink ships it with the job). */
    public interface EventIdOf<T> extends java.io.Serializable {
        String eventId(T record);
    }

    private final EventIdOf<T> idOf;

    private final long halfTtlMs;
    private transient MapState<Long, Long> generationA;
    private transient MapState<Long, Long> generationB;

    /** Whether A is the current generation, and when the generations turn next. */
    private transient ValueState<Boolean> aIsCurrent;

    private transient ValueState<Long> turnAt;
    private transient Counter duplicates;

    public DedupeByEventId(Duration ttl, EventIdOf<T> idOf) {
        this.idOf = idOf;
        this.halfTtlMs = Math.max(1, ttl.toMillis() / 2);
    }

    @Override
    public void open(OpenContext openContext) {
        generationA =
                getRuntimeContext()
                        .getMapState(new MapStateDescriptor<>("ids-a", Types.LONG, Types.LONG));
        generationB =
                getRuntimeContext()
                        .getMapState(new MapStateDescriptor<>("ids-b", Types.LONG, Types.LONG));
        aIsCurrent =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("a-is-current", Types.BOOLEAN));
        turnAt = getRuntimeContext().getState(new ValueStateDescriptor<>("turn-at", Types.LONG));
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicateEvents");
    }

    @Override
    public void processElement(T e, Context ctx, Collector<T> out) throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        Long turn = turnAt.value();
        boolean a = aIsCurrent.value() == null || aIsCurrent.value();
        if (turn == null) {
            turn = now + halfTtlMs;
            turnAt.update(turn);
            ctx.timerService().registerProcessingTimeTimer(turn + halfTtlMs);
        } else if (now >= turn) {
            a = !a;
            (a ? generationA : generationB).clear();
            aIsCurrent.update(a);
            turn = now + halfTtlMs;
            turnAt.update(turn);
            ctx.timerService().registerProcessingTimeTimer(turn + halfTtlMs);
        }
        UUID id = uuid(idOf.eventId(e));
        long high = id.getMostSignificantBits();
        long low = id.getLeastSignificantBits();
        if (Long.valueOf(low).equals(generationA.get(high))
                || Long.valueOf(low).equals(generationB.get(high))) {
            duplicates.inc();
            return;
        }
        (a ? generationA : generationB).put(high, low);
        out.collect(e);
    }

    /** Event ids are UUIDs (the contract validates them); anything else is hashed to 128 bits. */
    static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<T> out) throws Exception {
        Long turn = turnAt.value();
        // Silent since the last turn for a whole ttl/2 more: every id it holds is older than ttl.
        if (turn != null && timestamp >= turn + halfTtlMs) {
            generationA.clear();
            generationB.clear();
            aIsCurrent.clear();
            turnAt.clear();
        }
    }
}
