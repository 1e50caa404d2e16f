package io.flywheel.cli.scheduler;

import io.flywheel.config.SchedulerSettings;
import io.flywheel.store.SchedulerRunStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each schedule's chain when it is due, through a {@link JobRunner}. Only the scheduler that
 * holds {@link AdvisoryLock#LEADER} schedules; others on the same database wait as stand-bys and
 * take over when the leader's session ends. A chain is due one interval after its last scheduled
 * start in the history (or after this scheduler started, if it never ran), so a take-over or a
 * restart never runs a chain again early. Each run holds {@link AdvisoryLock#RUN}, which {@code
 * flywheel jobs run} takes too, and the {@link RunLease} that survives a restart of PostgreSQL (see
 * {@link JobRunner}): one batch job at a time per database.
 */
public final class Scheduler implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    /** A chain and how often it runs. */
    public record Schedule(String chain, List<String> steps, Duration interval) {}

    /** What {@code /health} reports. */
    public record State(boolean leader, Optional<String> running) {}

    private final AdvisoryLock.Connections connections;
    private final SchedulerRunStore store;
    private final JobRunner runner;
    private final List<Schedule> schedules;
    private final Duration tick;
    private final Instant startedAt = Instant.now();
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean stopped;
    private volatile AdvisoryLock leadership;
    private volatile String running;

    public Scheduler(
            AdvisoryLock.Connections connections,
            SchedulerRunStore store,
            JobRunner runner,
            List<Schedule> schedules,
            Duration tick) {
        this.connections = connections;
        this.store = store;
        this.runner = runner;
        this.schedules = List.copyOf(schedules);
        this.tick = tick;
    }

    /** The local default: the learning cycle, the experiment report and maintenance. */
    public static List<Schedule> schedules(SchedulerSettings s) {
        return List.of(
                new Schedule("cycle", Chains.CYCLE, s.cycleInterval()),
                new Schedule("experiments", List.of("experiments"), s.experimentsInterval()),
                new Schedule("maintenance", List.of("maintenance"), s.maintenanceInterval()));
    }

    public State state() {
        AdvisoryLock l = leadership;
        return new State(l != null, Optional.ofNullable(running));
    }

    @Override
    public void run() {
        try {
            while (!stopped) {
                try {
                    tick();
                } catch (Exception e) {
                    // A database hiccup: drop leadership if its session is gone, try again later.
                    LOG.warn("scheduler tick failed: {}", e.toString());
                    if (leadership != null && !leadership.held()) {
                        resign();
                    }
                }
                sleep(tick);
            }
        } finally {
            resign();
            done.countDown();
        }
    }

    /**
     * Stops scheduling; a running step may finish within {@code grace}, then it is killed. Returns
     * once the loop has ended (or {@code grace} plus the kill wait has passed).
     */
    public boolean stop(Duration grace) throws InterruptedException {
        stopped = true;
        runner.requestStop(grace);
        return done.await(
                grace.plus(JobRunner.KILL_WAIT).plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() throws Exception {
        if (leadership != null && !leadership.held()) {
            LOG.warn("lost the scheduler lock (database session ended)");
            resign();
        }
        if (leadership == null) {
            leadership = AdvisoryLock.tryAcquire(connections, AdvisoryLock.LEADER).orElse(null);
            if (leadership == null) {
                return;
            }
            LOG.info("this scheduler leads; schedules: {}", schedules);
        }
        for (Schedule s : schedules) {
            if (stopped) {
                return;
            }
            Instant due = store.lastScheduledStart(s.chain()).orElse(startedAt).plus(s.interval());
            if (Instant.now().isBefore(due)) {
                continue;
            }
            Optional<AdvisoryLock> run = AdvisoryLock.tryAcquire(connections, AdvisoryLock.RUN);
            if (run.isEmpty()) {
                LOG.info("{} is due, but another run holds the run lock; next tick", s.chain());
                return;
            }
            try (AdvisoryLock held = run.get()) {
                // Asked again under the lock: after PostgreSQL restarted, another scheduler may
                // have led for a moment and run this chain meanwhile.
                Instant dueNow =
                        store.lastScheduledStart(s.chain()).orElse(startedAt).plus(s.interval());
                if (Instant.now().isBefore(dueNow)) {
                    continue;
                }
                int orphans = store.closeOrphans(Instant.now());
                if (orphans > 0) {
                    LOG.warn(
                            "{} attempts left running by a process that died: interrupted",
                            orphans);
                }
                running = s.chain();
                runner.run(s.chain(), s.steps(), Trigger.SCHEDULED, RunListener.NONE);
            } finally {
                running = null;
            }
        }
    }

    private void resign() {
        AdvisoryLock l = leadership;
        leadership = null;
        if (l != null) {
            l.close();
        }
    }

    private void sleep(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        try {
            while (!stopped && end - System.nanoTime() > 0) {
                Thread.sleep(Math.min(100, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }
}
