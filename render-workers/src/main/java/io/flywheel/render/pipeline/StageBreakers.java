package io.flywheel.render.pipeline;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Clock;
import java.time.Duration;

/**
 * The circuit breakers that stop calling a provider that keeps failing (resilience4j): after {@code
 * threshold} failures in a row it opens for {@code cooldown}; then one trial call is let through,
 * and its success closes it again (its failure opens it for another cooldown). One per provider per
 * worker, shared by the worker's jobs.
 */
public final class StageBreakers {
    private StageBreakers() {}

    /** What workers use: open after 5 failures in a row, for 60 s. */
    public static CircuitBreakerRegistry standard() {
        return CircuitBreakerRegistry.of(config(5, Duration.ofSeconds(60), Clock.systemUTC()));
    }

    public static CircuitBreakerConfig config(int threshold, Duration cooldown, Clock clock) {
        // A count window as long as the threshold, all of it failed: that many failures in a row.
        return CircuitBreakerConfig.custom()
                .slidingWindow(threshold, threshold, SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(100)
                .waitDurationInOpenState(cooldown)
                .permittedNumberOfCallsInHalfOpenState(1)
                .clock(clock)
                .build();
    }
}
