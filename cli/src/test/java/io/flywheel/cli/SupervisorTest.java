package io.flywheel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.config.SupervisorSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor on real OS processes killed with SIGKILL: restarts after the doubling backoff, a
 * crash loop given up on with its log's last line, counts in the state file and the metrics.
 */
class SupervisorTest {
    @TempDir Path tmp;
    private final AtomicReference<Process> current = new AtomicReference<>();
    private final AtomicInteger starts = new AtomicInteger();

    @AfterEach
    void kill() {
        if (current.get() != null) {
            current.get().destroyForcibly();
        }
    }

    /** A process that lives until killed and says so in its log. */
    private void startSleeper(Path log) {
        try {
            int n = starts.incrementAndGet();
            current.set(
                    new ProcessBuilder(
                                    "sh",
                                    "-c",
                                    "echo start " + n + " >> \"$0\"; exec sleep 600",
                                    log.toString())
                            .start());
            // Returns once the process has said so: a kill before that would race its log line.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!(Files.exists(log) && Files.readString(log).contains("start " + n + "\n"))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the process never wrote its log line");
                }
                Thread.sleep(10);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void killNow() throws Exception {
        Process p = current.get();
        p.destroyForcibly();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aDeadProcessIsRestartedAfterTheBackoffAndACrashLoopIsGivenUp() throws Exception {
        Path log = tmp.resolve("worker.out");
        startSleeper(log);
        MutableClock clock = new MutableClock();
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        List<Supervisor.Unit> units =
                List.of(
                        new Supervisor.Unit(
                                "worker",
                                () -> current.get().isAlive(),
                                () -> startSleeper(log),
                                log));
        Supervisor sup =
                new Supervisor(
                        units,
                        new SupervisorSettings(
                                0, 3, Duration.ofMinutes(10), Duration.ofSeconds(30)),
                        tmp,
                        clock,
                        metrics);

        sup.tick();
        assertThat(starts.get()).as("a live process is left alone").isEqualTo(1);

        // Killed: restarted after 1 s, then 2 s, then 4 s (each restart in the window doubles it).
        long[] waits = {1000, 2000, 4000};
        for (int i = 0; i < waits.length; i++) {
            killNow();
            sup.tick();
            assertThat(starts.get()).as("not before the backoff").isEqualTo(1 + i);
            clock.advance(waits[i] - 1);
            sup.tick();
            assertThat(starts.get()).as("still not before the backoff").isEqualTo(1 + i);
            clock.advance(1);
            sup.tick();
            assertThat(starts.get()).as("restarted once the backoff passed").isEqualTo(2 + i);
            assertThat(current.get().isAlive()).isTrue();
        }
        SupervisorState.Entry e = SupervisorState.read(tmp).services.get("worker");
        assertThat(e.restarts).isEqualTo(3);
        assertThat(e.gaveUp).isFalse();
        assertThat(metrics.counter("flywheel.supervisor.restarts", "service", "worker").count())
                .isEqualTo(3.0);

        // A fourth death within the window: a crash loop, left down and reported with its log.
        killNow();
        clock.advance(60_000);
        sup.tick();
        assertThat(starts.get()).isEqualTo(4);
        e = SupervisorState.read(tmp).services.get("worker");
        assertThat(e.gaveUp).isTrue();
        assertThat(e.reason)
                .contains("crash loop")
                .contains("restarted 3 times")
                .contains("start 4");
        assertThat(
                        metrics.get("flywheel.supervisor.gave.up")
                                .tag("service", "worker")
                                .gauge()
                                .value())
                .isEqualTo(1.0);
        clock.advance(600_000);
        sup.tick();
        assertThat(starts.get()).as("given up: no more restarts").isEqualTo(4);

        // `up` starts it afresh: the supervisor may restart it again, the total is kept.
        SupervisorState.forgive(tmp, List.of("worker"));
        Supervisor again =
                new Supervisor(
                        units,
                        new SupervisorSettings(
                                0, 3, Duration.ofMinutes(10), Duration.ofSeconds(30)),
                        tmp,
                        clock,
                        new SimpleMeterRegistry());
        again.tick();
        clock.advance(1000);
        again.tick();
        assertThat(starts.get()).isEqualTo(5);
        assertThat(SupervisorState.read(tmp).services.get("worker").restarts).isEqualTo(4);
    }

    @Test
    void restartsOutsideTheWindowDoNotCountTowardsACrashLoop() throws Exception {
        Path log = tmp.resolve("w.out");
        startSleeper(log);
        MutableClock clock = new MutableClock();
        Supervisor sup =
                new Supervisor(
                        List.of(
                                new Supervisor.Unit(
                                        "w",
                                        () -> current.get().isAlive(),
                                        () -> startSleeper(log),
                                        log)),
                        new SupervisorSettings(0, 2, Duration.ofMinutes(1), Duration.ofSeconds(30)),
                        tmp,
                        clock,
                        new SimpleMeterRegistry());
        for (int i = 0; i < 5; i++) {
            killNow();
            clock.advance(61_000); // each death a minute apart: never two in the window
            sup.tick();
            clock.advance(1000);
            sup.tick();
        }
        assertThat(starts.get()).isEqualTo(6);
        assertThat(SupervisorState.read(tmp).services.get("w").gaveUp).isFalse();
        assertThat(Files.readString(log)).contains("start 6");
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private long millis = 1_000_000;

        void advance(long ms) {
            millis += ms;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
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
}
