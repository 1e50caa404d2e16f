package io.flywheel.render.pipeline;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Attempts per provider and the pause between them, as resilience4j retry settings: only a
 * retryable {@link ProviderException} is tried again, after an exponential backoff with full
 * jitter, so workers that failed together do not retry together.
 */
public final class StageRetries {
    private StageRetries() {}

    /** What workers use: 500 ms before the first retry, doubling up to 10 s. */
    public static RetryConfig standard(int maxAttempts) {
        return of(maxAttempts, Duration.ofMillis(500), Duration.ofSeconds(10));
    }

    /** One attempt, no retry (moderation: a rejected script is replaced, not checked again). */
    public static RetryConfig once() {
        return of(1, Duration.ZERO, Duration.ZERO);
    }

    public static RetryConfig of(int maxAttempts, Duration baseDelay, Duration maxDelay) {
        return RetryConfig.custom()
                .maxAttempts(maxAttempts)
                .intervalFunction(fullJitter(baseDelay, maxDelay))
                .retryOnException(e -> e instanceof ProviderException p && p.retryable())
                .failAfterMaxAttempts(false)
                .build();
    }

    /**
     * The pause after the {@code n}th failed attempt: a random time between half and all of {@code
     * baseDelay * 2^(n-1)}, capped at {@code maxDelay}. resilience4j's own {@code
     * ofExponentialRandomBackoff} caps after randomizing, so at the cap every worker would wait
     * exactly the same time; hence the jitter is drawn here, over its exponential backoff.
     */
    public static IntervalFunction fullJitter(Duration baseDelay, Duration maxDelay) {
        if (baseDelay.isZero()) {
            return n -> 0L;
        }
        IntervalFunction capped = IntervalFunction.ofExponentialBackoff(baseDelay, 2.0, maxDelay);
        return n -> {
            long cap = capped.apply(n);
            return ThreadLocalRandom.current().nextLong(cap / 2, cap + 1);
        };
    }
}
