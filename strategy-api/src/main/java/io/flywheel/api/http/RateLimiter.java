package io.flywheel.api.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.function.LongSupplier;

/**
 * A token bucket per key: {@code burst} requests at once, refilled at {@code ratePerSecond}. Kept
 * in memory, per API process (a fleet of N processes allows N times the rate; a shared limiter
 * would need a shared store). At most {@code maxKeys} buckets are kept (the least recently used are
 * dropped first), so a flood of distinct keys, such as client addresses, cannot exhaust the heap; a
 * dropped bucket starts full again, which only forgets old history.
 */
public final class RateLimiter {
    private final double ratePerNano;
    private final double burst;
    private final LongSupplier nanoClock;
    private final Cache<String, Bucket> buckets;

    /** The outcome: allowed, or how long to wait until one token is there. */
    public record Decision(boolean allowed, long retryAfterSeconds) {}

    private static final class Bucket {
        double tokens;
        long updatedNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedNanos = now;
        }
    }

    public RateLimiter(double ratePerSecond, int burst, long maxKeys, LongSupplier nanoClock) {
        if (ratePerSecond <= 0 || burst < 1 || maxKeys < 1) {
            throw new IllegalArgumentException("rate, burst and maxKeys must be positive");
        }
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.nanoClock = nanoClock;
        // A bucket untouched for as long as a full refill takes is full again: forget it then.
        long refillSeconds = (long) Math.ceil(burst / ratePerSecond) + 1;
        this.buckets =
                Caffeine.newBuilder()
                        .maximumSize(maxKeys)
                        .expireAfterAccess(java.time.Duration.ofSeconds(refillSeconds))
                        .build();
    }

    public RateLimiter(double ratePerSecond, int burst, long maxKeys) {
        this(ratePerSecond, burst, maxKeys, System::nanoTime);
    }

    /** How many keys have a bucket now (after pending evictions). */
    public long trackedKeys() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    public Decision take(String key) {
        long now = nanoClock.getAsLong();
        Bucket b = buckets.get(key, k -> new Bucket(burst, now));
        synchronized (b) {
            b.tokens = Math.min(burst, b.tokens + (now - b.updatedNanos) * ratePerNano);
            b.updatedNanos = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return new Decision(true, 0);
            }
            double waitNanos = (1 - b.tokens) / ratePerNano;
            return new Decision(false, Math.max(1, (long) Math.ceil(waitNanos / 1e9)));
        }
    }
}
