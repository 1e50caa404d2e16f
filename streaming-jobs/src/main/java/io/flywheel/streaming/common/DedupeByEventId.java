package io.flywheel.streaming.common;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Lets the first event of each {@code event_id} through and drops the repeats (producer retries,
 * replays). Keyed by what the event belongs to (a video, a content job), not by event id: an event
 * id belongs to one video or job, so the ids seen are a map in that key's state ({@link
 * SeenEventIds}) and the stream needs no extra shuffle.
 */
public final class DedupeByEventId<T> extends KeyedProcessFunction<String, T, T> {
    private static final long serialVersionUID = 1L;

    /** How to read the event id of a record (a named class: Flink ships it with the job). */
    public interface EventIdOf<T> extends java.io.Serializable {
        UUID eventId(T record);
    }

    private final EventIdOf<T> idOf;
    private final long ttlMs;
    private transient SeenEventIds seen;
    private transient Counter duplicates;

    public DedupeByEventId(Duration ttl, EventIdOf<T> idOf) {
        this.idOf = idOf;
        this.ttlMs = ttl.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        seen = SeenEventIds.inMapState(getRuntimeContext(), ttlMs);
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicateEvents");
    }

    @Override
    public void processElement(T e, Context ctx, Collector<T> out) throws Exception {
        UUID id = idOf.eventId(e);
        if (seen.firstTime(
                id.getMostSignificantBits(), id.getLeastSignificantBits(), ctx.timerService())) {
            out.collect(e);
        } else {
            duplicates.inc();
        }
    }

    /** Event ids are UUIDs (the contract validates them); anything else is hashed to 128 bits. */
    public static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<T> out) throws Exception {
        seen.expire(timestamp);
    }
}
