package io.flywheel.streaming.engagement;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Lets the first event of each {@code event_id} through and drops the repeats (producer retries,
 * replays). Keyed by video id, not event id: an event id belongs to one video, so the ids seen are
 * a map in the video's state and the stream needs no extra shuffle. Ids expire after {@code ttl}.
 */
public final class DedupeByEventId extends KeyedProcessFunction<String, Engagement, Engagement> {
    private static final long serialVersionUID = 1L;

    private final Duration ttl;
    private transient MapState<String, Boolean> seen;
    private transient Counter duplicates;

    public DedupeByEventId(Duration ttl) {
        this.ttl = ttl;
    }

    @Override
    public void open(OpenContext openContext) {
        MapStateDescriptor<String, Boolean> d =
                new MapStateDescriptor<>("seen-event-ids", Types.STRING, Types.BOOLEAN);
        d.enableTimeToLive(
                StateTtlConfig.newBuilder(ttl)
                        .updateTtlOnCreateAndWrite()
                        .neverReturnExpired()
                        .build());
        seen = getRuntimeContext().getMapState(d);
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicateEvents");
    }

    @Override
    public void processElement(Engagement e, Context ctx, Collector<Engagement> out)
            throws Exception {
        if (seen.contains(e.eventId)) {
            duplicates.inc();
            return;
        }
        seen.put(e.eventId, Boolean.TRUE);
        out.collect(e);
    }
}
