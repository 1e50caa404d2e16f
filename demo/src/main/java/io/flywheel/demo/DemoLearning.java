package io.flywheel.demo;

import io.flywheel.cli.ManualJobRun;
import io.flywheel.cli.Progress;
import io.flywheel.cli.scheduler.Chains;
import io.flywheel.cli.scheduler.JobRunner;
import io.flywheel.cli.scheduler.RunListener;
import io.flywheel.config.FlywheelConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * Runs the batch learning cycle (ingest → curate → train → recommend) through the scheduler's
 * runner, as {@code flywheel jobs run learn --wait} does: all four steps in one Spark JVM (a JVM
 * and a Spark session per step cost more than the steps on a small channel's data), with the
 * runner's retries, logs and history, and never at the same time as a scheduled cycle. The demo's
 * settings reach the batch JVM as configuration.
 */
final class DemoLearning {
    /** The cycle's steps and what each reported, or why it failed. */
    record Outcome(String summary, boolean failed) {}

    private final ManualJobRun run;
    private final DemoTimings timings;

    /**
     * @param env configuration for the batch JVMs as {@code FLYWHEEL_*} variables (the world's
     *     horizon, the demo's minimum training rows)
     */
    DemoLearning(
            FlywheelConfig c,
            Optional<Path> configFile,
            DataSource ds,
            Map<String, String> env,
            DemoTimings timings) {
        this.run = new ManualJobRun(c, configFile, ds, env);
        this.timings = timings;
    }

    /**
     * @param phase the timings' name of the phase this step belongs to, e.g. "cycle 2: "
     */
    Outcome run(String label, String phase) throws Exception {
        System.out.print(label + " ... ");
        System.out.flush();
        long t = System.nanoTime();
        List<String> steps = new ArrayList<>();
        AtomicReference<String> now = new AtomicReference<>("waiting to start");
        AtomicReference<DemoTimings.Lap> attempt = new AtomicReference<>();
        Optional<JobRunner.Outcome> o;
        try (AutoCloseable beat = Progress.heartbeat(System.out, label, now::get)) {
            o =
                    run.run(
                            Chains.LEARN,
                            true,
                            () -> System.out.print("(waiting for a scheduled job) "),
                            new RunListener() {
                                @Override
                                public void started(String job, int n, Path log) {
                                    attempt.set(
                                            timings.step(
                                                    phase + "Spark JVM, " + job + " attempt " + n));
                                    now.set(job + (n > 1 ? " attempt " + n : "") + " running");
                                }

                                @Override
                                public void finished(JobRunner.Attempt a) {
                                    DemoTimings.Lap lap = attempt.getAndSet(null);
                                    if (lap != null) {
                                        lap.end();
                                    }
                                    steps.add(
                                            a.job()
                                                    + (a.status() == JobRunner.Status.SUCCEEDED
                                                            ? ""
                                                            : " attempt "
                                                                    + a.attempt()
                                                                    + " "
                                                                    + a.status().label())
                                                    + ": "
                                                    + a.summary());
                                }
                            });
        }
        System.out.printf(Locale.ROOT, "done (%.0f s)%n", (System.nanoTime() - t) / 1e9);
        boolean failed = o.isEmpty() || !o.get().succeeded();
        return new Outcome(String.join("; ", steps), failed);
    }
}
