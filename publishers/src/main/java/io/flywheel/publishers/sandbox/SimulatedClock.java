package io.flywheel.publishers.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Simulated time running {@code factor} times faster than the real clock from a common start: with
 * a factor of 8640, one simulated day passes in ten real seconds.
 */
public final class SimulatedClock {
    private final Clock real;
    private final long realStart;
    private final long simStart;
    private final double factor;

    public SimulatedClock(Clock real, long simStart, double factor) {
        if (factor <= 0) {
            throw new IllegalArgumentException("time compression factor must be positive");
        }
        this.real = real;
        this.realStart = real.millis();
        this.simStart = simStart;
        this.factor = factor;
    }

    /** The factor that makes one simulated day last {@code realSecondsPerDay}. */
    public static double factorForDay(double realSecondsPerDay) {
        return 86_400 / realSecondsPerDay;
    }

    public long now() {
        return simStart + (long) ((real.millis() - realStart) * factor);
    }

    /** The simulated time {@code realMillis} real milliseconds from now. */
    public long nowPlusReal(long realMillis) {
        return now() + (long) (realMillis * factor);
    }

    /** Real milliseconds until simulated time {@code simTime}. */
    public long realMillisUntil(long simTime) {
        return Math.max(0, (long) Math.ceil((simTime - now()) / factor));
    }

    /** Simulated time as a {@link Clock} in UTC, for code that takes one. */
    public Clock asClock() {
        SimulatedClock sim = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException("simulated time is kept in UTC");
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(sim.now());
            }
        };
    }
}
