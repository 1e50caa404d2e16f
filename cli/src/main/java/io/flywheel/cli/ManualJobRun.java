package io.flywheel.cli;

import io.flywheel.cli.scheduler.AdvisoryLock;
import io.flywheel.cli.scheduler.BatchJobLauncher;
import io.flywheel.cli.scheduler.Chains;
import io.flywheel.cli.scheduler.JobRunner;
import io.flywheel.cli.scheduler.RetryPolicy;
import io.flywheel.cli.scheduler.RunListener;
import io.flywheel.cli.scheduler.SchedulerMain;
import io.flywheel.cli.scheduler.Trigger;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.store.Database;
import io.flywheel.store.SchedulerRunStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * A batch job or chain run now through the scheduler's runner: the same launcher, retries, timeout,
 * log files and history (recorded as manual), under the run lock so it never overlaps a scheduled
 * run. {@code flywheel jobs run} and the demo's learning step both use it.
 */
public final class ManualJobRun {
    private final FlywheelConfig c;
    private final DataSource ds;
    private final Map<String, String> env;

    /**
     * @param env the batch JVM's environment on top of the scheduler's (e.g. the config file, or
     *     the demo's settings as {@code FLYWHEEL_*} variables)
     */
    public ManualJobRun(
            FlywheelConfig c, Optional<Path> configFile, DataSource ds, Map<String, String> env) {
        this.c = c;
        this.ds = ds;
        this.env = SchedulerMain.childEnvironment(c);
        configFile.ifPresent(f -> this.env.put("FLYWHEEL_CONFIG", f.toAbsolutePath().toString()));
        this.env.putAll(env);
    }

    /** Waits for the run lock when asked to; empty when another run holds it and not waiting. */
    public Optional<JobRunner.Outcome> run(
            String chain, boolean waitForLock, Runnable onWait, RunListener listener)
            throws Exception {
        List<String> steps;
        try {
            steps = Chains.steps(chain);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        var s = c.scheduler();
        SchedulerRunStore store = new SchedulerRunStore(Database.jdbi(ds));
        JobRunner runner =
                new JobRunner(
                        BatchJobLauncher.of(c, s.jobHeap(), env),
                        store,
                        SchedulerMain.logDir(c),
                        new RetryPolicy(s.retries(), s.retryBackoff()),
                        s.jobTimeout(),
                        new SimpleMeterRegistry(),
                        JobRunner.thisProcess());
        AdvisoryLock.Connections connections = SchedulerMain.connections(c.postgres());
        Optional<AdvisoryLock> lock = AdvisoryLock.tryAcquire(connections, AdvisoryLock.RUN);
        if (lock.isEmpty()) {
            if (!waitForLock) {
                return Optional.empty();
            }
            onWait.run();
            while (lock.isEmpty()) {
                Thread.sleep(1000);
                lock = AdvisoryLock.tryAcquire(connections, AdvisoryLock.RUN);
            }
        }
        // Ctrl-C kills the running job (recorded as interrupted) instead of orphaning it.
        CountDownLatch done = new CountDownLatch(1);
        Thread hook =
                new Thread(
                        () -> {
                            runner.requestStop(Duration.ZERO);
                            try {
                                done.await(15, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        });
        Runtime.getRuntime().addShutdownHook(hook);
        try (AdvisoryLock held = lock.get()) {
            store.closeOrphans(Instant.now());
            return Optional.of(runner.run(chain, steps, Trigger.MANUAL, listener));
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Already shutting down.
            }
        }
    }
}
