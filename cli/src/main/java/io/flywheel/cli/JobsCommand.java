package io.flywheel.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.cli.scheduler.JobRunner;
import io.flywheel.cli.scheduler.RunListener;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.store.Database;
import io.flywheel.store.SchedulerRun;
import io.flywheel.store.SchedulerRunStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "jobs",
        mixinStandardHelpOptions = true,
        description = {
            "Run a batch job now, or show what the scheduler and earlier runs did.",
            "`jobs run JOB|cycle [--wait]`, `jobs history [--job J] [--limit N] [--json]`."
        },
        subcommands = {JobsCommand.Run.class, JobsCommand.History.class})
final class JobsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new UserError("jobs needs a subcommand: run or history (see `flywheel jobs --help`)");
    }

    /** The serving database, or one readable line when it cannot be reached. */
    static HikariDataSource connect(FlywheelConfig c) {
        try {
            return Database.dataSource(c.postgres(), "flywheel-jobs");
        } catch (RuntimeException e) {
            throw new UserError(
                    "cannot reach PostgreSQL at "
                            + c.postgres().host()
                            + ":"
                            + c.postgres().port()
                            + " (is `flywheel up` running?)");
        }
    }

    /** The exit code when another run holds the run lock and --wait was not given (EX_TEMPFAIL). */
    static final int BUSY = 75;

    @Command(
            name = "run",
            mixinStandardHelpOptions = true,
            description = {
                "Run a batch job (ingest, curate, train, recommend, experiments, maintenance) or the"
                        + " learning cycle (ingest → curate → train → recommend) now, through the"
                        + " scheduler's runner: the same retries, timeout, log files and history"
                        + " (recorded as manual). `learn` runs the learning cycle's steps in one"
                        + " Spark JVM (what `flywheel demo` does), `cycle` each in its own.",
                "Exit code: the job's (124 when it timed out); 75 when another job is running and"
                        + " --wait was not given."
            })
    static final class Run implements Callable<Integer> {
        @Mixin ConfigOptions options;

        @Parameters(paramLabel = "JOB", description = "cycle, or one job")
        String job;

        @Option(
                names = "--wait",
                description =
                        "If another job is running (scheduled or manual), wait for it instead of"
                                + " giving up.")
        boolean waitForLock;

        @Override
        public Integer call() throws Exception {
            FlywheelConfig c = options.load();
            try (HikariDataSource ds = connect(c)) {
                Optional<JobRunner.Outcome> outcome =
                        new ManualJobRun(c, options.file(), ds, Map.of())
                                .run(
                                        job,
                                        waitForLock,
                                        () ->
                                                System.out.println(
                                                        "Another job is running; waiting for it to"
                                                                + " finish ..."),
                                        new Printer(System.out));
                if (outcome.isEmpty()) {
                    System.out.println(
                            "Another job is running (see `flywheel jobs history`); use --wait to"
                                    + " run after it.");
                    return BUSY;
                }
                JobRunner.Outcome o = outcome.get();
                System.out.println(
                        o.succeeded()
                                ? job + " succeeded (run " + o.runId() + ")"
                                : job
                                        + " FAILED at "
                                        + o.failedJob()
                                        + " (exit "
                                        + o.exitCode()
                                        + ", run "
                                        + o.runId()
                                        + ")");
                return o.exitCode();
            }
        }
    }

    /** Prints a run's progress, one line per event. */
    static final class Printer implements RunListener {
        private final PrintStream out;

        Printer(PrintStream out) {
            this.out = out;
        }

        @Override
        public void started(String job, int attempt, Path log) {
            out.printf(Locale.ROOT, "%-12s attempt %d running ... (log %s)%n", job, attempt, log);
        }

        @Override
        public void finished(JobRunner.Attempt a) {
            out.printf(
                    Locale.ROOT,
                    "%-12s attempt %d %s in %s (exit %d): %s%n",
                    a.job(),
                    a.attempt(),
                    a.status().label(),
                    HistoryTable.duration(a.took()),
                    a.exitCode(),
                    a.summary());
        }

        @Override
        public void retrying(String job, int attempt, Duration after) {
            out.printf(
                    Locale.ROOT,
                    "%-12s retrying in %s (attempt %d)%n",
                    job,
                    HistoryTable.duration(after),
                    attempt);
        }

        @Override
        public void skipped(String job, String reason) {
            out.printf(Locale.ROOT, "%-12s skipped: %s%n", job, reason);
        }
    }

    @Command(
            name = "history",
            mixinStandardHelpOptions = true,
            description = "The latest attempts of batch jobs, newest first.")
    static final class History implements Callable<Integer> {
        @Mixin ConfigOptions options;

        @Option(
                names = "--job",
                paramLabel = "J",
                description = "Only this job (or chain: cycle, experiments, ...).")
        String job;

        @Option(
                names = "--limit",
                paramLabel = "N",
                description = "At most N attempts (default ${DEFAULT-VALUE}).")
        int limit = 20;

        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            if (limit < 1 || limit > 10_000) {
                throw new UserError("--limit must be 1-10000");
            }
            FlywheelConfig c = options.load();
            try (HikariDataSource ds = connect(c)) {
                var runs =
                        new SchedulerRunStore(Database.jdbi(ds))
                                .recent(Optional.ofNullable(job), limit);
                if (json) {
                    System.out.println(
                            new ObjectMapper()
                                    .writerWithDefaultPrettyPrinter()
                                    .writeValueAsString(runs.stream().map(History::json).toList()));
                } else if (runs.isEmpty()) {
                    System.out.println(
                            "No runs yet"
                                    + (job == null ? "" : " of " + job)
                                    + "; the scheduler runs the jobs on their intervals, or"
                                    + " `flywheel jobs run cycle` now.");
                } else {
                    System.out.print(HistoryTable.format(runs, Instant.now()));
                }
                return 0;
            }
        }

        private static Map<String, Object> json(SchedulerRun r) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("attemptId", r.attemptId());
            m.put("runId", r.runId().toString());
            m.put("chain", r.chain());
            m.put("job", r.job());
            m.put("trigger", r.triggeredBy());
            m.put("attempt", r.attempt());
            m.put("status", r.status());
            m.put("startedAt", r.startedAt().toString());
            m.put("finishedAt", r.finishedAt() == null ? null : r.finishedAt().toString());
            m.put(
                    "durationMs",
                    r.finishedAt() == null
                            ? null
                            : Duration.between(r.startedAt(), r.finishedAt()).toMillis());
            m.put("exitCode", r.exitCode());
            m.put("summary", r.summary());
            m.put("logPath", r.logPath());
            m.put("runner", r.runner());
            m.put("batchRunId", r.batchRunId());
            return m;
        }
    }
}
