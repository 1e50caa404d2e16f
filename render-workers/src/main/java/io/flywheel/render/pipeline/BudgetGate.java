package io.flywheel.render.pipeline;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Whether paid providers may be called. A {@code BudgetBreached} for a UTC day closes the gate
 * until that day ends; jobs then use the offline providers. Thread-safe.
 */
public final class BudgetGate {
    private final Clock clock;
    private volatile Instant closedUntil = Instant.MIN;

    public BudgetGate(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param period the breached budget period, a UTC day like {@code 2026-11-21}
     */
    public void breached(String period) {
        Instant until;
        try {
            until = LocalDate.parse(period).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            // A period we cannot read still means "stop spending": close for a day from now.
            until = clock.instant().plusSeconds(24 * 3600);
        }
        if (until.isAfter(closedUntil)) {
            closedUntil = until;
        }
    }

    public boolean paidAllowed() {
        return !clock.instant().isBefore(closedUntil);
    }
}
