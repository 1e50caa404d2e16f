package io.flywheel.cli.scheduler;

import java.time.Duration;

/**
 * How often a failed step is tried again, and how long to wait first: {@code backoff} before the
 * second attempt, doubled before each further one.
 */
public record RetryPolicy(int retries, Duration backoff) {
    public RetryPolicy {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be >= 0");
        }
    }

    public int maxAttempts() {
        return retries + 1;
    }

    /** The wait before attempt {@code n} (2 or more). */
    public Duration delayBefore(int attempt) {
        return backoff.multipliedBy(1L << Math.min(20, Math.max(0, attempt - 2)));
    }
}
