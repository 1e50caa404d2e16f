package io.flywheel.streaming.common;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;

/**
 * The event ids a key (a video, a content job) has seen recently, in that key's state: the
 * de-duplication that {@link DedupeByEventId} runs as an operator of its own, and that an operator
 * already keyed by what the events belong to runs inline (no extra shuffle, no extra hop).
 *
 * <p>Ids are remembered for between {@code ttl/2} and {@code ttl} of processing time, in two
 * generations: new ids go into the current one; every {@code ttl/2} the older one is dropped whole.
 * Flink's state TTL is not used on purpose: on a map state its background clean-up copies the whole
 * map on every access (measured: 40% of the job's CPU with a few hundred ids per video). A
 * processing-time timer clears the state of a key that has been silent for {@code ttl}: the owner
 * passes its timers to {@link #expire}.
 *
 * <p>Two layouts, for the two state backends: {@link #inMapState} (one map entry per id: RocksDB
 * reads and writes only that entry) and {@link #inTables} (one primitive hash table per key and
 * generation: on the heap a look-up is an array probe instead of a map of boxed longs, and a
 * checkpoint writes arrays; on RocksDB it would rewrite the whole table on every event).
 */
public abstract class SeenEventIds {
    protected final long halfTtlMs;

    private SeenEventIds(long ttlMs) {
        this.halfTtlMs = Math.max(1, ttlMs / 2);
    }

    /** The layout that suits {@code stateBackend} ({@code hashmap} or {@code rocksdb}). */
    public static SeenEventIds forBackend(String stateBackend, RuntimeContext context, long ttlMs) {
        return "hashmap".equals(stateBackend)
                ? inTables(context, ttlMs)
                : inMapState(context, ttlMs);
    }

    /** Map states {@code ids-a}, {@code ids-b} and values {@code a-is-current}, {@code turn-at}. */
    public static SeenEventIds inMapState(RuntimeContext context, long ttlMs) {
        return new InMapState(context, ttlMs);
    }

    /** One value {@code seen-id-tables} ({@link SeenIdTables}); for the heap state backend. */
    public static SeenEventIds inTables(RuntimeContext context, long ttlMs) {
        return new InTables(context, ttlMs);
    }

    /**
     * Whether the current key sees this id for the first time (and remembers it); false for a
     * repeat.
     */
    public abstract boolean firstTime(long high, long low, TimerService timers) throws Exception;

    /** Called from the owner's processing-time timer: forgets a key silent for a whole ttl. */
    public abstract void expire(long timestamp) throws Exception;

    private static final class InMapState extends SeenEventIds {
        private final MapState<Long, Long> generationA;
        private final MapState<Long, Long> generationB;

        /** Whether A is the current generation, and when the generations turn next. */
        private final ValueState<Boolean> aIsCurrent;

        private final ValueState<Long> turnAt;

        InMapState(RuntimeContext context, long ttlMs) {
            super(ttlMs);
            generationA =
                    context.getMapState(new MapStateDescriptor<>("ids-a", Types.LONG, Types.LONG));
            generationB =
                    context.getMapState(new MapStateDescriptor<>("ids-b", Types.LONG, Types.LONG));
            aIsCurrent =
                    context.getState(new ValueStateDescriptor<>("a-is-current", Types.BOOLEAN));
            turnAt = context.getState(new ValueStateDescriptor<>("turn-at", Types.LONG));
        }

        @Override
        public boolean firstTime(long high, long low, TimerService timers) throws Exception {
            long now = timers.currentProcessingTime();
            Long turn = turnAt.value();
            Boolean current = aIsCurrent.value();
            boolean a = current == null || current;
            if (turn == null) {
                turn = now + halfTtlMs;
                turnAt.update(turn);
                timers.registerProcessingTimeTimer(turn + halfTtlMs);
            } else if (now >= turn) {
                a = !a;
                (a ? generationA : generationB).clear();
                aIsCurrent.update(a);
                turn = now + halfTtlMs;
                turnAt.update(turn);
                timers.registerProcessingTimeTimer(turn + halfTtlMs);
            }
            Long key = high;
            Long seenA = generationA.get(key);
            if (seenA != null && seenA == low) {
                return false;
            }
            Long seenB = generationB.get(key);
            if (seenB != null && seenB == low) {
                return false;
            }
            (a ? generationA : generationB).put(key, low);
            return true;
        }

        @Override
        public void expire(long timestamp) throws Exception {
            Long turn = turnAt.value();
            // Silent since the last turn for a whole ttl/2 more: every id it holds is older than
            // ttl.
            if (turn != null && timestamp >= turn + halfTtlMs) {
                generationA.clear();
                generationB.clear();
                aIsCurrent.clear();
                turnAt.clear();
            }
        }
    }

    private static final class InTables extends SeenEventIds {
        private final ValueState<SeenIdTables> tables;

        InTables(RuntimeContext context, long ttlMs) {
            super(ttlMs);
            tables =
                    context.getState(
                            new ValueStateDescriptor<>("seen-id-tables", SeenIdTables.class));
        }

        @Override
        public boolean firstTime(long high, long low, TimerService timers) throws Exception {
            SeenIdTables t = tables.value();
            boolean changed = false;
            long now = timers.currentProcessingTime();
            if (t == null) {
                t = new SeenIdTables();
                t.turnAt = now + halfTtlMs;
                timers.registerProcessingTimeTimer(t.turnAt + halfTtlMs);
                changed = true;
            } else if (now >= t.turnAt) {
                t.aIsCurrent = !t.aIsCurrent;
                if (t.aIsCurrent) {
                    t.a = null;
                } else {
                    t.b = null;
                }
                t.turnAt = now + halfTtlMs;
                timers.registerProcessingTimeTimer(t.turnAt + halfTtlMs);
                changed = true;
            }
            if ((t.a != null && EventIdTable.contains(t.a, high, low))
                    || (t.b != null && EventIdTable.contains(t.b, high, low))) {
                if (changed) {
                    tables.update(t);
                }
                return false;
            }
            long[] current = t.aIsCurrent ? t.a : t.b;
            long[] added =
                    EventIdTable.add(current == null ? EventIdTable.empty() : current, high, low);
            if (added != current) {
                if (t.aIsCurrent) {
                    t.a = added;
                } else {
                    t.b = added;
                }
                changed = true;
            }
            // On the heap the value is the live object: an id added in place needs no update;
            // a new or grown table, or a turn, does.
            if (changed) {
                tables.update(t);
            }
            return true;
        }

        @Override
        public void expire(long timestamp) throws Exception {
            SeenIdTables t = tables.value();
            if (t != null && timestamp >= t.turnAt + halfTtlMs) {
                tables.clear();
            }
        }
    }
}
