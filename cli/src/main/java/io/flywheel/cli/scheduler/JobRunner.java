package io.flywheel.cli.scheduler;

import io.flywheel.config.ConfigLoader;
import io.flywheel.store.DatabaseOutage;
import io.flywheel.store.SchedulerRunStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs a chain of batch jobs, each as a child process: one log file per attempt, a timeout per
 * attempt, a failed step retried with backoff, and the later steps skipped once its last attempt
 * failed. Every attempt (and every skipped step) is a row of {@code scheduler_runs}. The caller
 * holds the run lock ({@link AdvisoryLock#RUN}), and the run itself holds the {@link RunLease},
 * which survives a restart of PostgreSQL (the advisory lock does not): an attempt starts only under
 * it, and a job is killed once it can no longer be sure of it. While PostgreSQL is away the history
 * is written when it is back, with what really happened. The scheduler and {@code flywheel jobs
 * run} share this class, so both behave and record alike.
 */
public final class JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    /** The exit code reported for a step killed at its timeout, as coreutils' timeout does. */
    public static final int TIMEOUT_EXIT = 124;

    /** The exit code reported for a step that could not be started at all. */
    public static final int NOT_STARTED_EXIT = 127;

    /** After SIGTERM, how long a child may take to stop before it is killed outright. */
    static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private static final DateTimeFormatter LOG_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /** How one attempt ended. */
    public enum Status {
        SUCCEEDED("succeeded"),
        FAILED("failed"),
        TIMED_OUT("timed_out"),
        INTERRUPTED("interrupted");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One finished attempt, as recorded. */
    public record Attempt(
            String job,
            int attempt,
            Status status,
            int exitCode,
            Duration took,
            Path log,
            String summary) {}

    /**
     * The end of a run.
     *
     * @param exitCode 0, or the exit code of the step that failed ({@link #TIMEOUT_EXIT} when it
     *     timed out)
     * @param failedJob the step that failed, or null
     */
    public record Outcome(UUID runId, boolean succeeded, int exitCode, String failedJob) {}

    private final JobLauncher launcher;
    private final SchedulerRunStore store;
    private final Path logDir;
    private final RetryPolicy retry;
    private final Duration timeout;
    private final MeterRegistry metrics;
    private final String runner;
    private final Duration leaseTtl;
    private volatile boolean stopping;
    private volatile long stopDeadlineNanos = Long.MAX_VALUE;

    /**
     * @param logDir one file per attempt is written here (below the data directory)
     * @param runner names this process in the history, e.g. {@code host:pid}
     */
    public JobRunner(
            JobLauncher launcher,
            SchedulerRunStore store,
            Path logDir,
            RetryPolicy retry,
            Duration timeout,
            MeterRegistry metrics,
            String runner) {
        this(launcher, store, logDir, retry, timeout, metrics, runner, RunLease.DEFAULT_TTL);
    }

    /**
     * @param leaseTtl the run lease's time (see {@link RunLease}): a job goes on through an outage
     *     of PostgreSQL of up to half of it, and is stopped after that
     */
    public JobRunner(
            JobLauncher launcher,
            SchedulerRunStore store,
            Path logDir,
            RetryPolicy retry,
            Duration timeout,
            MeterRegistry metrics,
            String runner,
            Duration leaseTtl) {
        this.launcher = launcher;
        this.store = store;
        this.logDir = logDir;
        this.retry = retry;
        this.timeout = timeout;
        this.metrics = metrics;
        this.runner = runner;
        this.leaseTtl = leaseTtl;
        // Every job's series exist from the start (at zero), so dashboards and alerts see them.
        for (String job : Chains.JOBS) {
            failures(job);
            leaseLapses(job);
            for (Status st : Status.values()) {
                durations(job, st);
                attempts(job, st);
            }
        }
    }

    private Counter failures(String job) {
        return Counter.builder("flywheel.scheduler.failures")
                .description("runs that ended with a failed, timed-out or killed step")
                .tag("job", job)
                .register(metrics);
    }

    private Counter leaseLapses(String job) {
        return Counter.builder("flywheel.scheduler.lease.lapses")
                .description("jobs stopped or not started because the run lease could not be kept")
                .tag("job", job)
                .register(metrics);
    }

    private Timer durations(String job, Status status) {
        return Timer.builder("flywheel.scheduler.job.duration")
                .description("how long each attempt of a batch job ran")
                .tag("job", job)
                .tag("status", status.label())
                .register(metrics);
    }

    private Counter attempts(String job, Status status) {
        return Counter.builder("flywheel.scheduler.attempts")
                .description("attempts of batch jobs, by how they ended")
                .tag("job", job)
                .tag("status", status.label())
                .register(metrics);
    }

    /** {@code host:pid} of this process. */
    public static String thisProcess() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        return host + ":" + ProcessHandle.current().pid();
    }

    /**
     * Stops after the running step: it may still finish within {@code grace}; after that it is
     * killed (SIGTERM, then SIGKILL after {@link #KILL_WAIT}) and recorded as interrupted. No
     * further attempt or step starts.
     */
    public void requestStop(Duration grace) {
        stopDeadlineNanos = System.nanoTime() + grace.toNanos();
        stopping = true;
    }

    public boolean stopping() {
        return stopping;
    }

    /**
     * Runs the steps under the run lease, waiting for it while another run holds it (e.g. one that
     * still runs after PostgreSQL restarted and took the callers' advisory lock with it).
     */
    public Outcome run(String chain, List<String> steps, Trigger trigger, RunListener listener) {
        UUID runId = UUID.randomUUID();
        MDC.put("run_id", runId.toString());
        try {
            LOG.info("{} run {} ({}): {}", chain, runId, trigger.label(), steps);
            RunLease lease = awaitLease(runId, chain);
            try {
                return runSteps(runId, chain, steps, trigger, listener, lease);
            } finally {
                if (lease != null) {
                    lease.close();
                }
            }
        } finally {
            MDC.remove("run_id");
        }
    }

    private Outcome runSteps(
            UUID runId,
            String chain,
            List<String> steps,
            Trigger trigger,
            RunListener listener,
            RunLease lease) {
        String ended = "the runner stopped";
        for (int i = 0; i < steps.size(); i++) {
            String job = steps.get(i);
            Attempt last = null;
            for (int n = 1; lease != null && n <= retry.maxAttempts() && !stopping; n++) {
                if (n > 1) {
                    Duration wait = retry.delayBefore(n);
                    listener.retrying(job, n, wait);
                    LOG.info("{} failed; attempt {} in {}", job, n, wait);
                    if (!sleepUnlessStopping(wait)) {
                        break;
                    }
                }
                Optional<Attempt> a = attempt(runId, chain, job, trigger, n, listener, lease);
                if (a.isEmpty()) {
                    if (!stopping) {
                        ended = "the run lease lapsed: " + lease.lapse();
                        LOG.error("{} not started: {}", job, ended);
                        leaseLapsed(job);
                    }
                    break;
                }
                last = a.get();
                if (last.status() == Status.SUCCEEDED || last.status() == Status.INTERRUPTED) {
                    break;
                }
            }
            if (last == null || last.status() != Status.SUCCEEDED) {
                String why = last == null ? ended : job + " " + last.status().label();
                int from = last == null ? i : i + 1;
                for (String later : steps.subList(from, steps.size())) {
                    untilRecorded(
                            later + " skipped",
                            () -> {
                                store.skipped(
                                        runId,
                                        chain,
                                        later,
                                        trigger.label(),
                                        now(),
                                        "skipped: " + why,
                                        runner);
                                return true;
                            });
                    listener.skipped(later, why);
                    LOG.info("{} skipped: {}", later, why);
                }
                String failed = last == null ? job : last.job();
                failures(failed).increment();
                int code =
                        last == null
                                ? 143
                                : last.status() == Status.TIMED_OUT
                                        ? TIMEOUT_EXIT
                                        : last.exitCode() == 0 ? 1 : last.exitCode();
                return new Outcome(runId, false, code, failed);
            }
        }
        return new Outcome(runId, true, 0, null);
    }

    private void leaseLapsed(String job) {
        leaseLapses(job).increment();
    }

    /** The run lease, once nobody else holds it; null if the runner stops first. */
    private RunLease awaitLease(UUID runId, String chain) {
        boolean told = false;
        while (!stopping) {
            try {
                Optional<RunLease> lease = RunLease.tryAcquire(store, runId, runner, leaseTtl);
                if (lease.isPresent()) {
                    return lease.get();
                }
                if (!told) {
                    LOG.info(
                            "{}: another run holds the run lease ({}); waiting for it",
                            chain,
                            store.lease().map(Object::toString).orElse("?"));
                    told = true;
                }
            } catch (RuntimeException e) {
                if (!DatabaseOutage.causedBy(e)) {
                    throw e;
                }
                LOG.warn("{}: cannot take the run lease yet: {}", chain, e.toString());
            }
            if (!sleepUnlessStopping(Duration.ofMillis(500))) {
                break;
            }
        }
        return null;
    }

    /**
     * Retries a write of the history while PostgreSQL is away (restarting, unreachable), so that
     * what happened is recorded once it is back; gives up only when the runner stops and PostgreSQL
     * stays away past the stop's grace, logging what could not be recorded.
     */
    private <T> Optional<T> untilRecorded(String what, Supplier<T> write) {
        long backoffMs = 200;
        for (int failures = 0; ; failures++) {
            try {
                T written = write.get();
                if (failures > 0) {
                    LOG.info("recorded {} once PostgreSQL was back ({} tries)", what, failures + 1);
                }
                return Optional.of(written);
            } catch (RuntimeException e) {
                if (!DatabaseOutage.causedBy(e)) {
                    throw e;
                }
                if (failures == 0 || failures % 10 == 0) {
                    LOG.warn(
                            "cannot record {} yet ({}); trying again until PostgreSQL is back",
                            what,
                            e.toString());
                }
                if (stopping && System.nanoTime() - stopDeadlineNanos - KILL_WAIT.toNanos() > 0) {
                    LOG.error("gave up recording {}: PostgreSQL is still away at shutdown", what);
                    return Optional.empty();
                }
                try {
                    Thread.sleep(backoffMs);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    LOG.error("gave up recording {}: interrupted", what);
                    return Optional.empty();
                }
                backoffMs = Math.min(5000, backoffMs * 2);
            }
        }
    }

    /**
     * Records the attempt as started while the lease is trusted and still this run's in the table
     * (waiting out an outage of PostgreSQL meanwhile); empty when it lapsed or the runner stops.
     */
    private Optional<Long> recordStart(
            RunLease lease,
            UUID runId,
            String chain,
            String job,
            Trigger trigger,
            int n,
            Instant start,
            Path log) {
        long backoffMs = 200;
        boolean warned = false;
        while (!stopping && lease.trusted()) {
            try {
                Optional<Long> id =
                        store.startedUnderLease(
                                lease.token(),
                                runId,
                                chain,
                                job,
                                trigger.label(),
                                n,
                                start,
                                log.toString(),
                                runner);
                if (id.isEmpty()) {
                    lease.markLost();
                }
                return id;
            } catch (RuntimeException e) {
                if (!DatabaseOutage.causedBy(e)) {
                    throw e;
                }
                if (!warned) {
                    LOG.warn(
                            "{} attempt {} waits for PostgreSQL to record its start: {}",
                            job,
                            n,
                            e.toString());
                    warned = true;
                }
                if (!sleepUnlessStopping(Duration.ofMillis(backoffMs))) {
                    break;
                }
                backoffMs = Math.min(2000, backoffMs * 2);
            }
        }
        return Optional.empty();
    }

    /** One attempt; empty when it could not start under the lease (or the runner stops). */
    private Optional<Attempt> attempt(
            UUID runId,
            String chain,
            String job,
            Trigger trigger,
            int n,
            RunListener listener,
            RunLease lease) {
        Instant start = now();
        Path log =
                logDir.resolve(
                        LOG_STAMP.format(start)
                                + "-"
                                + job
                                + "-"
                                + runId.toString().substring(0, 8)
                                + "-a"
                                + n
                                + ".log");
        Optional<Long> recorded = recordStart(lease, runId, chain, job, trigger, n, start, log);
        if (recorded.isEmpty()) {
            return Optional.empty();
        }
        long id = recorded.get();
        listener.started(job, n, log);
        LOG.info("{} attempt {} started; log {}", job, n, log);
        long t0 = System.nanoTime();
        Status status;
        int exit;
        String summary;
        try {
            Files.createDirectories(logDir);
            ProcessBuilder pb =
                    launcher.builder(job)
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Process p = pb.start();
            long deadline = t0 + timeout.toNanos();
            while (true) {
                if (p.waitFor(200, TimeUnit.MILLISECONDS)) {
                    exit = p.exitValue();
                    status = exit == 0 ? Status.SUCCEEDED : Status.FAILED;
                    summary = lastLine(log);
                    break;
                }
                long now = System.nanoTime();
                if (now - deadline > 0) {
                    exit = kill(p);
                    status = Status.TIMED_OUT;
                    summary =
                            "timed out after " + ConfigLoader.formatDuration(timeout) + "; killed";
                    break;
                }
                if (stopping && now - stopDeadlineNanos > 0) {
                    exit = kill(p);
                    status = Status.INTERRUPTED;
                    summary = "killed: the runner stopped before the job finished";
                    break;
                }
                if (!lease.trusted()) {
                    // Killed while the other half of the lease is still this run's: no other
                    // runner can start a job before this one is gone.
                    String why = lease.lapse();
                    LOG.error("{} attempt {}: {}; killing it", job, n, why);
                    leaseLapsed(job);
                    exit = kill(p);
                    status = Status.INTERRUPTED;
                    summary = "killed: " + why + "; another runner may take over";
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            exit = NOT_STARTED_EXIT;
            status = Status.FAILED;
            summary = "could not start: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exit = 143;
            status = Status.INTERRUPTED;
            summary = "interrupted";
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        boolean jobSummary = status == Status.SUCCEEDED || status == Status.FAILED;
        Instant finishedAt = now();
        String fallback = summary;
        Status finalStatus = status;
        int finalExit = exit;
        boolean preferJob = jobSummary && exit != 127;
        summary =
                untilRecorded(
                                job
                                        + " attempt "
                                        + n
                                        + " "
                                        + status.label()
                                        + " (exit "
                                        + exit
                                        + ")",
                                () ->
                                        store.finished(
                                                id,
                                                finalStatus.label(),
                                                finalExit,
                                                finishedAt,
                                                fallback,
                                                preferJob))
                        .orElse(fallback);
        durations(job, status).record(took);
        attempts(job, status).increment();
        Attempt a = new Attempt(job, n, status, exit, took, log, summary);
        LOG.info(
                "{} attempt {} {} (exit {}) in {} s: {}",
                job,
                n,
                status.label(),
                exit,
                took.toSeconds(),
                summary);
        listener.finished(a);
        return Optional.of(a);
    }

    /** SIGTERM to the child and its descendants, then SIGKILL if it does not stop in time. */
    private static int kill(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        if (!p.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
        }
        return p.exitValue();
    }

    private boolean sleepUnlessStopping(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        try {
            while (!stopping && end - System.nanoTime() > 0) {
                Thread.sleep(Math.min(100, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return !stopping;
    }

    /** The last non-blank line of a log (its tail only), for the history's summary. */
    static String lastLine(Path log) {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long len = f.length();
            int n = (int) Math.min(len, 8192);
            byte[] b = new byte[n];
            f.seek(len - n);
            f.readFully(b);
            String[] lines = new String(b, StandardCharsets.UTF_8).split("\\R");
            for (int i = lines.length - 1; i >= 0; i--) {
                String l = lines[i].strip();
                if (!l.isEmpty()) {
                    return l.length() > 500 ? l.substring(0, 500) : l;
                }
            }
            return "";
        } catch (IOException e) {
            return "";
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
