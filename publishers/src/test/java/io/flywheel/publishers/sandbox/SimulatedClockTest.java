package io.flywheel.publishers.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Simulated time as a {@link Clock}: the simulated instant, in UTC or any zone asked for. */
class SimulatedClockTest {
    @Test
    void theClockTellsSimulatedTimeInAnyZone() {
        Clock real = Clock.fixed(Instant.parse("2026-12-07T06:00:00Z"), ZoneOffset.UTC);
        long simStart = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        Clock sim = new SimulatedClock(real, simStart, 8640).asClock();

        assertThat(sim.getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(sim.millis()).isEqualTo(simStart);
        Clock tokyo = sim.withZone(ZoneId.of("Asia/Tokyo"));
        assertThat(tokyo.getZone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThat(tokyo.instant()).isEqualTo(sim.instant());
    }
}
