package io.flywheel.api.scoring;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * What a database read returned for a key, kept for a while: a route that needs a slowly changing
 * table (the batch's published arms, the stream's trends) on every request reads it at most once
 * per {@code ttl} and key instead of once per request. A Caffeine cache (as the rate limiter's)
 * timed by the given clock: a fresh value is returned without a lock, an expired key is read again
 * by one reader while others wait for it.
 */
public final class ExpiringReads<K, V> {
    private final LoadingCache<K, V> reads;

    public ExpiringReads(Function<K, V> source, Duration ttl, Clock clock) {
        this.reads =
                Caffeine.newBuilder()
                        .expireAfterWrite(ttl)
                        .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                        .build(source::apply);
    }

    public V get(K key) {
        return reads.get(key);
    }
}
