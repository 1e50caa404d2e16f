package io.flywheel.cli;

import io.flywheel.config.SupervisorSettings;
import io.flywheel.embedded.JavaService;
import io.flywheel.embedded.LogTail;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the processes that {@code up} started alive: one that is found dead is restarted after a
 * backoff that doubles from 1 s with each restart in the window ({@code supervisor.max.backoff} at
 * most); after {@code supervisor.max.restarts} restarts within {@code supervisor.restart.window} it
 * is left down and reported as crash-looping, with the last lines of its log. Restarts are counted
 * in the state file (for {@code status}) and in Prometheus metrics.
 */
final class Supervisor {
    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

    /** One supervised process: how to tell it runs, how to start it again, where it logs. */
    record Unit(String name, BooleanSupplier alive, Runnable restart, Path log) {}

    private final List<Unit> units;
    private final SupervisorSettings settings;
    private final Path runDir;
    private final Clock clock;
    private final SupervisorState state;
    private final Map<String, Counter> restartCounters = new ConcurrentHashMap<>();

    Supervisor(
            List<Unit> units,
            SupervisorSettings settings,
            Path runDir,
            Clock clock,
            MeterRegistry metrics) {
        this.units = units;
        this.settings = settings;
        this.runDir = runDir;
        this.clock = clock;
        this.state = SupervisorState.read(runDir);
        for (Unit u : units) {
            SupervisorState.Entry e = state.entry(u.name());
            restartCounters.put(
                    u.name(),
                    Counter.builder("flywheel.supervisor.restarts")
                            .description("Restarts of a process by the supervisor")
                            .tag("service", u.name())
                            .register(metrics));
            Gauge.builder("flywheel.supervisor.running", u, x -> x.alive().getAsBoolean() ? 1 : 0)
                    .description("1 while the process runs")
                    .tag("service", u.name())
                    .register(metrics);
            Gauge.builder("flywheel.supervisor.gave.up", e, x -> x.gaveUp ? 1 : 0)
                    .description("1 when the supervisor stopped restarting a crash-looping process")
                    .tag("service", u.name())
                    .register(metrics);
        }
    }

    /** The units of a local stack that {@code up} started, in start order. */
    static List<Unit> units(LocalStack stack, Launched launched, boolean detached) {
        List<Unit> out = new ArrayList<>();
        List<String> names = launched.services();
        if (stack.kafkaEmbedded() && names.contains("kafka")) {
            out.add(
                    new Unit(
                            "kafka",
                            () -> stack.kafka().process().isPresent(),
                            () -> stack.kafka().start(detached, Duration.ofSeconds(120)),
                            stack.config().dataPath("kafka", "logs", "kafka.out")));
        }
        if (stack.postgresEmbedded() && names.contains("postgres")) {
            out.add(
                    new Unit(
                            "postgres",
                            () -> stack.postgres().process().isPresent(),
                            () -> stack.postgres().start(detached, Duration.ofSeconds(120)),
                            stack.config().dataPath("postgres", "postgres.out")));
        }
        for (ClusterNode n : stack.clusterNodes()) {
            if (names.contains(n.name())) {
                out.add(
                        new Unit(
                                n.name(),
                                () -> n.process().isPresent(),
                                () -> n.start(detached, Duration.ofSeconds(150)),
                                n.log()));
            }
        }
        if (stack.clusterStreaming().isPresent() && names.contains(ClusterStreaming.NAME)) {
            ClusterStreaming jobs = stack.clusterStreaming().get();
            // Flink restarts a job's tasks itself; this resubmits a job that is gone (a
            // JobManager that came back has none).
            out.add(
                    new Unit(
                            ClusterStreaming.NAME,
                            jobs::submitted,
                            () -> jobs.ensureRunning(Duration.ofSeconds(180)),
                            stack.config()
                                    .dataPath("flink-cluster", "logs", "flink-jobmanager.out")));
        }
        for (JavaService s : stack.services()) {
            if (names.contains(s.spec().name())) {
                out.add(
                        new Unit(
                                s.spec().name(),
                                () -> s.process().isPresent(),
                                () -> s.launch(detached),
                                s.logFile()));
            }
        }
        return out;
    }

    /** One look at every process; restarts those whose backoff has passed. */
    synchronized void tick() {
        boolean changed = false;
        for (Unit u : units) {
            SupervisorState.Entry e = state.entry(u.name());
            if (u.alive().getAsBoolean()) {
                if (e.downSince != 0) {
                    e.downSince = 0;
                    changed = true;
                }
                continue;
            }
            if (e.gaveUp) {
                continue;
            }
            long now = clock.millis();
            changed = true;
            if (e.downSince == 0) {
                e.downSince = now;
                LOG.warn(
                        "{} is not running; last lines of {}:\n{}",
                        u.name(),
                        u.log(),
                        LogTail.of(u.log(), 10));
            }
            e.recentRestarts.removeIf(t -> t < now - settings.restartWindow().toMillis());
            int recent = e.recentRestarts.size();
            if (recent >= settings.maxRestarts()) {
                e.gaveUp = true;
                e.reason =
                        "crash loop: restarted "
                                + recent
                                + " times within "
                                + settings.restartWindow().toMinutes()
                                + " min and it died again; last line of "
                                + u.log()
                                + ": "
                                + lastLine(u.log());
                LOG.error("giving up on {}: {}", u.name(), e.reason);
                continue;
            }
            if (now - e.downSince < backoff(recent).toMillis()) {
                continue;
            }
            e.restarts++;
            e.recentRestarts.add(now);
            restartCounters.get(u.name()).increment();
            // Counted before the restart, which can take a while (Kafka waits until it answers):
            // status must never show the new process without its restart.
            state.write(runDir);
            try {
                u.restart().run();
                e.reason = "";
                e.downSince = 0;
                LOG.info("restarted {} (restart {} in all)", u.name(), e.restarts);
            } catch (RuntimeException ex) {
                e.reason = "restart failed: " + ex.getMessage();
                e.downSince = clock.millis();
                LOG.error("restart of {} failed: {}", u.name(), ex.toString());
            }
        }
        if (changed) {
            state.write(runDir);
        }
    }

    /** 1 s, 2 s, 4 s, ... with each restart already made in the window, capped. */
    Duration backoff(int recentRestarts) {
        long ms = 1000L << Math.min(20, recentRestarts);
        return Duration.ofMillis(Math.min(ms, settings.maxBackoff().toMillis()));
    }

    /** What it knows of each process, as JSON (for its {@code /health}). */
    synchronized String stateJson() {
        return state.toJson();
    }

    /** Runs {@link #tick()} each second until interrupted; skips a tick while up/down runs. */
    void run() {
        while (!Thread.currentThread().isInterrupted()) {
            Optional<StartupLock> lock = StartupLock.tryAcquire(runDir);
            if (lock.isPresent()) {
                try (StartupLock l = lock.get()) {
                    tick();
                } catch (RuntimeException e) {
                    LOG.error("supervisor tick failed", e);
                }
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static String lastLine(Path log) {
        String[] lines = LogTail.of(log, 1).strip().split("\n");
        return lines.length == 0 ? "" : lines[lines.length - 1];
    }
}
