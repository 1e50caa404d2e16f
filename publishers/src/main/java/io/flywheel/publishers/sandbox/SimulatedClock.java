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
        return new Simulated(this, ZoneOffset.UTC);
    }

    /** The simulated time in a zone; {@link #withZone} keeps the time and changes the zone. */
    private static final class Simulated extends Clock {
        private final SimulatedClock sim;
        private final ZoneId zone;

        Simulated(SimulatedClock sim, ZoneId zone) {
            this.sim = sim;
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return new Simulated(sim, zone);
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(sim.now());
        }
    }
}
