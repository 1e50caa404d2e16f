package io.flywheel.render.pipeline;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Attempts per provider and the pause between them: exponential backoff with full jitter, so
 * workers that failed together do not retry together.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
    public static RetryPolicy standard(int maxAttempts) {
        return new RetryPolicy(maxAttempts, Duration.ofMillis(500), Duration.ofSeconds(10));
    }

    /** The pause before attempt {@code next} (2 for the first retry). */
    public Duration delayBefore(int next) {
        long cap = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(20, next - 2));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
    }
}
