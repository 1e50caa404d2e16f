package io.flywheel.api.scoring;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What a database read returned for a key, kept for a while: a route that needs a slowly changing
 * table (the batch's published arms, the stream's trends) on every request reads it at most once
 * per {@code ttl} and key instead of once per request. A fresh value is returned without a lock;
 * only an expired key is read again (one reader at a time per key).
 */
public final class ExpiringReads<K, V> {
    private record Read<V>(V value, long readAt) {}

    private final Function<K, V> source;
    private final long ttlMillis;
    private final Clock clock;
    private final Map<K, Read<V>> reads = new ConcurrentHashMap<>();

    public ExpiringReads(Function<K, V> source, Duration ttl, Clock clock) {
        this.source = source;
        this.ttlMillis = ttl.toMillis();
        this.clock = clock;
    }

    public V get(K key) {
        long now = clock.millis();
        Read<V> r = reads.get(key);
        if (r != null && now - r.readAt() < ttlMillis) {
            return r.value();
        }
        return reads.compute(
                        key,
                        (k, old) ->
                                old != null && now - old.readAt() < ttlMillis
                                        ? old
                                        : new Read<>(source.apply(k), now))
                .value();
    }
}
