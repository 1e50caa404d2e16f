package io.flywheel.render.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flywheel.schemas.Stage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReliabilityTest {
    static final class Lines implements RenderEvents {
        final List<String> lines = new ArrayList<>();

        @Override
        public void started(Stage s, String p, int a) {
            lines.add("started " + a);
        }

        @Override
        public void completed(Stage s, String p, int a, long l, long c) {
            lines.add("completed " + a);
        }

        @Override
        public void failed(
                Stage s, String p, int a, long l, long c, String e, String m, boolean r) {
            lines.add("failed " + a + " " + e + " " + r);
        }
    }

    static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(4));

    @Test
    void backoffGrowsWithJitterUpToTheCap() {
        RetryPolicy p = new RetryPolicy(6, Duration.ofMillis(100), Duration.ofMillis(1000));
        for (int i = 0; i < 50; i++) {
            assertThat(p.delayBefore(2).toMillis()).isBetween(50L, 100L);
            assertThat(p.delayBefore(3).toMillis()).isBetween(100L, 200L);
            assertThat(p.delayBefore(6).toMillis()).isBetween(500L, 1000L);
        }
    }

    @Test
    void nonRetryableFailuresStopAtOnce() {
        Lines ev = new Lines();
        assertThatThrownBy(
                        () ->
                                new StageRunner(ev, FAST)
                                        .run(
                                                Stage.VISUALS,
                                                "p",
                                                null,
                                                a -> {
                                                    throw new IllegalArgumentException("bad input");
                                                }))
                .isInstanceOf(StageFailedException.class);
        assertThat(ev.lines).containsExactly("started 1", "failed 1 invalid_input false");
    }

    @Test
    void anOpenBreakerFailsFastWithoutCallingTheProvider() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);
        CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofMinutes(1), clock);
        AtomicInteger calls = new AtomicInteger();
        Lines ev = new Lines();
        StageRunner r = new StageRunner(ev, FAST);
        assertThatThrownBy(
                        () ->
                                r.run(
                                        Stage.SCRIPT,
                                        "p",
                                        breaker,
                                        a -> {
                                            calls.incrementAndGet();
                                            throw new ProviderException("http_500", "down", true);
                                        }))
                .isInstanceOf(StageFailedException.class);
        assertThat(calls).hasValue(3);
        assertThat(breaker.isOpen()).isTrue();
        ev.lines.clear();
        assertThatThrownBy(
                        () ->
                                r.run(
                                        Stage.SCRIPT,
                                        "p",
                                        breaker,
                                        a -> {
                                            calls.incrementAndGet();
                                            return StageRunner.Costed.free("x");
                                        }))
                .isInstanceOf(StageFailedException.class)
                .hasMessageContaining("circuit_open");
        assertThat(calls).hasValue(3);
        assertThat(ev.lines).containsExactly("started 1", "failed 1 circuit_open false");
        CircuitBreaker later =
                new CircuitBreaker(
                        3, Duration.ofMinutes(1), Clock.offset(clock, Duration.ofMinutes(2)));
        assertThat(later.allows()).isTrue();
    }

    @Test
    void budgetBreachClosesPaidProvidersUntilThePeriodEnds() {
        Instant now = Instant.parse("2026-11-21T10:00:00Z");
        BudgetGate gate = new BudgetGate(Clock.fixed(now, ZoneOffset.UTC));
        assertThat(gate.paidAllowed()).isTrue();
        gate.breached("2026-11-20");
        assertThat(gate.paidAllowed()).isTrue(); // yesterday's breach is over
        gate.breached(LocalDate.of(2026, 11, 21).toString());
        assertThat(gate.paidAllowed()).isFalse();
        BudgetGate tomorrow =
                new BudgetGate(Clock.fixed(Instant.parse("2026-11-22T00:00:01Z"), ZoneOffset.UTC));
        tomorrow.breached("2026-11-21");
        assertThat(tomorrow.paidAllowed()).isTrue();
    }
}
