package io.flywheel.render.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flywheel.schemas.Stage;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
        public void failed(Stage s, String p, int a, StageFailure f) {
            lines.add("failed " + a + " " + f.errorClass() + " " + f.retryable());
        }
    }

    static final RetryConfig FAST = StageRetries.of(3, Duration.ofMillis(1), Duration.ofMillis(4));

    /** A clock the test moves by hand. */
    static final class MovableClock extends Clock {
        Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void backoffGrowsWithJitterUpToTheCap() {
        IntervalFunction pause =
                StageRetries.fullJitter(Duration.ofMillis(100), Duration.ofMillis(1000));
        Set<Long> atTheCap = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            // The pause after the first failed attempt, the second, the fifth.
            assertThat(pause.apply(1)).isBetween(50L, 100L);
            assertThat(pause.apply(2)).isBetween(100L, 200L);
            assertThat(pause.apply(5)).isBetween(500L, 1000L);
            atTheCap.add(pause.apply(8));
        }
        assertThat(atTheCap).allMatch(ms -> ms >= 500 && ms <= 1000).hasSizeGreaterThan(10);
    }

    @Test
    void retryableFailuresAreRetriedUpToTheLimitAndThenFail() {
        Lines ev = new Lines();
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(
                        () ->
                                new StageRunner(ev, FAST)
                                        .run(
                                                Stage.NARRATION,
                                                "p",
                                                null,
                                                a -> {
                                                    calls.incrementAndGet();
                                                    throw new ProviderException(
                                                            "http_503", "busy", true);
                                                }))
                .isInstanceOf(StageFailedException.class)
                .hasMessageContaining("http_503");
        assertThat(calls).hasValue(3);
        assertThat(ev.lines)
                .containsExactly(
                        "started 1",
                        "failed 1 http_503 true",
                        "started 2",
                        "failed 2 http_503 true",
                        "started 3",
                        "failed 3 http_503 false");
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
        MovableClock clock = new MovableClock(Instant.parse("2026-11-21T10:00:00Z"));
        CircuitBreaker breaker =
                CircuitBreaker.of("p", StageBreakers.config(3, Duration.ofMinutes(1), clock));
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
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
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

        // After the cooldown one trial call goes through, and its success closes the breaker.
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        ev.lines.clear();
        String trial =
                r.run(
                        Stage.SCRIPT,
                        "p",
                        breaker,
                        a -> {
                            calls.incrementAndGet();
                            return StageRunner.Costed.free("ok");
                        });
        assertThat(trial).isEqualTo("ok");
        assertThat(calls).hasValue(4);
        assertThat(ev.lines).containsExactly("started 1", "completed 1");
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
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
