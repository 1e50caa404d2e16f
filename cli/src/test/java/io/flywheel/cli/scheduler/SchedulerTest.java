package io.flywheel.cli.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.store.Database;
import io.flywheel.store.SchedulerRun;
import io.flywheel.store.SchedulerRunStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner and the scheduler on a real PostgreSQL, with tiny real child processes. */
class SchedulerTest {
    @TempDir Path tmp;
    private HikariDataSource ds;
    private Jdbi jdbi;
    private SchedulerRunStore store;
    private AdvisoryLock.Connections connections;
    private final List<Thread> threads = new ArrayList<>();
    private final List<Scheduler> schedulers = new ArrayList<>();

    @BeforeEach
    void database() {
        Map<String, String> c = Ephemeral.jdbc(Ephemeral.database("scheduler"));
        ds = Database.dataSource(c.get("url"), c.get("user"), c.get("password"), "sched-test");
        Database.migrate(ds);
        jdbi = Database.jdbi(ds);
        store = new SchedulerRunStore(jdbi);
        connections =
                () -> DriverManager.getConnection(c.get("url"), c.get("user"), c.get("password"));
    }

    @AfterEach
    void close() throws Exception {
        for (Scheduler s : schedulers) {
            s.stop(Duration.ZERO);
        }
        for (Thread t : threads) {
            t.join(20_000);
        }
        ds.close();
    }

    /** Runs FakeJob with the behaviour given per job ("ok" when not named). */
    private JobLauncher fake(Map<String, String> behaviour) throws Exception {
        String classes =
                Path.of(FakeJob.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                        .toString();
        return job ->
                new ProcessBuilder(
                        BatchJobLauncher.javaBinary(),
                        "-Xmx32m",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        classes,
                        FakeJob.class.getName(),
                        behaviour.getOrDefault(job, "ok"),
                        job);
    }

    private JobRunner runner(
            JobLauncher launcher,
            int retries,
            Duration backoff,
            Duration timeout,
            SimpleMeterRegistry metrics,
            String name) {
        return new JobRunner(
                launcher,
                store,
                tmp.resolve("logs/jobs"),
                new RetryPolicy(retries, backoff),
                timeout,
                metrics,
                name);
    }

    private Scheduler start(JobRunner runner, List<Scheduler.Schedule> schedules) {
        Scheduler s = new Scheduler(connections, store, runner, schedules, Duration.ofMillis(100));
        Thread t = new Thread(s, "scheduler-under-test");
        t.start();
        schedulers.add(s);
        threads.add(t);
        return s;
    }

    private static void await(String what, Duration max, BooleanSupplier done)
            throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private List<SchedulerRun> all() {
        List<SchedulerRun> runs = new ArrayList<>(store.recent(Optional.empty(), 1000));
        runs.sort(Comparator.comparingLong(SchedulerRun::attemptId));
        return runs;
    }

    @Test
    void aScheduleRunsTheChainInOrderAndRecordsEachStep() throws Exception {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        JobRunner runner =
                runner(
                        fake(Map.of()),
                        0,
                        Duration.ofMillis(10),
                        Duration.ofSeconds(60),
                        metrics,
                        "a");
        Instant before = Instant.now();
        start(
                runner,
                List.of(new Scheduler.Schedule("cycle", Chains.CYCLE, Duration.ofMillis(500))));
        await(
                "one scheduled cycle",
                Duration.ofSeconds(60),
                () ->
                        all().stream()
                                .filter(r -> r.job().equals("recommend"))
                                .anyMatch(r -> r.finishedAt() != null));
        List<SchedulerRun> runs = all();
        List<SchedulerRun> first =
                runs.stream().filter(r -> r.runId().equals(runs.get(0).runId())).toList();

        assertThat(first).extracting(SchedulerRun::job).containsExactlyElementsOf(Chains.CYCLE);
        assertThat(first)
                .allSatisfy(
                        r -> {
                            assertThat(r.status()).isEqualTo("succeeded");
                            assertThat(r.chain()).isEqualTo("cycle");
                            assertThat(r.triggeredBy()).isEqualTo("scheduled");
                            assertThat(r.attempt()).isEqualTo(1);
                            assertThat(r.exitCode()).isZero();
                            assertThat(r.summary()).isEqualTo("fake " + r.job() + " done");
                            assertThat(Files.readString(Path.of(r.logPath())))
                                    .contains("fake " + r.job() + " starting");
                            assertThat(Path.of(r.logPath())).startsWith(tmp.resolve("logs/jobs"));
                        });
        // Not before one interval after the scheduler started, then each step after the last.
        assertThat(first.get(0).startedAt()).isAfter(before.plusMillis(500));
        for (int i = 1; i < first.size(); i++) {
            assertThat(first.get(i).startedAt()).isAfterOrEqualTo(first.get(i - 1).finishedAt());
        }
        // Every series exists at zero from the start: sum over all that match.
        assertThat(
                        metrics
                                .get("flywheel.scheduler.attempts")
                                .tag("job", "train")
                                .tag("status", "succeeded")
                                .counters()
                                .stream()
                                .mapToDouble(io.micrometer.core.instrument.Counter::count)
                                .sum())
                .isGreaterThanOrEqualTo(1);
        assertThat(
                        metrics
                                .get("flywheel.scheduler.job.duration")
                                .tag("job", "ingest")
                                .timers()
                                .stream()
                                .mapToLong(io.micrometer.core.instrument.Timer::count)
                                .sum())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void aFailingStepIsRetriedWithBackoffThenRecordedFailedAndTheLaterStepsSkipped()
            throws Exception {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        JobRunner runner =
                runner(
                        fake(Map.of("curate", "fail")),
                        2,
                        Duration.ofMillis(300),
                        Duration.ofSeconds(60),
                        metrics,
                        "a");

        JobRunner.Outcome o = runner.run("cycle", Chains.CYCLE, Trigger.MANUAL, RunListener.NONE);

        assertThat(o.succeeded()).isFalse();
        assertThat(o.exitCode()).isEqualTo(3);
        assertThat(o.failedJob()).isEqualTo("curate");
        List<SchedulerRun> runs = store.ofRun(o.runId());
        assertThat(runs)
                .extracting(SchedulerRun::job, SchedulerRun::attempt, SchedulerRun::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ingest", 1, "succeeded"),
                        org.assertj.core.groups.Tuple.tuple("curate", 1, "failed"),
                        org.assertj.core.groups.Tuple.tuple("curate", 2, "failed"),
                        org.assertj.core.groups.Tuple.tuple("curate", 3, "failed"),
                        org.assertj.core.groups.Tuple.tuple("train", 0, "skipped"),
                        org.assertj.core.groups.Tuple.tuple("recommend", 0, "skipped"));
        assertThat(runs.get(1).exitCode()).isEqualTo(3);
        assertThat(runs.get(1).summary()).isEqualTo("fake curate broke");
        assertThat(runs.get(4).summary()).isEqualTo("skipped: curate failed");
        assertThat(runs).allSatisfy(r -> assertThat(r.triggeredBy()).isEqualTo("manual"));
        // Backoff: 300 ms before the second attempt, doubled before the third.
        assertThat(Duration.between(runs.get(1).finishedAt(), runs.get(2).startedAt()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(Duration.between(runs.get(2).finishedAt(), runs.get(3).startedAt()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(600));
        assertThat(runs.stream().map(SchedulerRun::logPath).distinct().count())
                .as("one log per attempt, none for skipped steps")
                .isEqualTo(5);
        assertThat(
                        metrics.get("flywheel.scheduler.failures")
                                .tag("job", "curate")
                                .counter()
                                .count())
                .isEqualTo(1);
        assertThat(
                        metrics.get("flywheel.scheduler.attempts")
                                .tag("job", "curate")
                                .tag("status", "failed")
                                .counter()
                                .count())
                .isEqualTo(3);
    }

    @Test
    void aStepThatFailsOnceSucceedsOnItsRetryAndTheChainGoesOn() throws Exception {
        Path marker = tmp.resolve("failed-once");
        JobRunner runner =
                runner(
                        fake(Map.of("train", "fail-once:" + marker)),
                        1,
                        Duration.ofMillis(10),
                        Duration.ofSeconds(60),
                        new SimpleMeterRegistry(),
                        "a");

        JobRunner.Outcome o = runner.run("cycle", Chains.CYCLE, Trigger.MANUAL, RunListener.NONE);

        assertThat(o.succeeded()).isTrue();
        assertThat(o.exitCode()).isZero();
        assertThat(store.ofRun(o.runId()))
                .extracting(SchedulerRun::job, SchedulerRun::status, SchedulerRun::exitCode)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ingest", "succeeded", 0),
                        org.assertj.core.groups.Tuple.tuple("curate", "succeeded", 0),
                        org.assertj.core.groups.Tuple.tuple("train", "failed", 4),
                        org.assertj.core.groups.Tuple.tuple("train", "succeeded", 0),
                        org.assertj.core.groups.Tuple.tuple("recommend", "succeeded", 0));
    }

    @Test
    void aStepPastItsTimeoutIsKilledAndRecordedAsTimedOut() throws Exception {
        JobRunner runner =
                runner(
                        fake(Map.of("ingest", "sleep:120000")),
                        0,
                        Duration.ofMillis(10),
                        Duration.ofMillis(2500),
                        new SimpleMeterRegistry(),
                        "a");
        long t0 = System.nanoTime();

        JobRunner.Outcome o = runner.run("cycle", Chains.CYCLE, Trigger.MANUAL, RunListener.NONE);

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
        assertThat(o.succeeded()).isFalse();
        assertThat(o.exitCode()).isEqualTo(JobRunner.TIMEOUT_EXIT);
        List<SchedulerRun> runs = store.ofRun(o.runId());
        assertThat(runs.get(0).status()).isEqualTo("timed_out");
        assertThat(runs.get(0).summary()).isEqualTo("timed out after 2500ms; killed");
        assertThat(runs.get(0).exitCode()).as("SIGTERM").isEqualTo(143);
        assertThat(Duration.between(runs.get(0).startedAt(), runs.get(0).finishedAt()))
                .isBetween(Duration.ofMillis(2500), Duration.ofSeconds(15));
        assertThat(Files.readString(Path.of(runs.get(0).logPath())))
                .contains("fake ingest starting")
                .doesNotContain("fake ingest done");
        assertThat(runs.subList(1, 4)).allSatisfy(r -> assertThat(r.status()).isEqualTo("skipped"));
    }

    @Test
    void twoSchedulersOnOneDatabaseNeverRunAJobAtTheSameTimeAndTheStandByTakesOver()
            throws Exception {
        Path marker = tmp.resolve("running");
        JobLauncher exclusive = fake(Map.of("experiments", "exclusive:" + marker + ":400"));
        List<Scheduler.Schedule> schedules =
                List.of(
                        new Scheduler.Schedule(
                                "experiments", List.of("experiments"), Duration.ofMillis(300)));
        Scheduler first =
                start(
                        runner(
                                exclusive,
                                0,
                                Duration.ofMillis(10),
                                Duration.ofSeconds(60),
                                new SimpleMeterRegistry(),
                                "first"),
                        schedules);
        await("the first scheduler to lead", Duration.ofSeconds(10), () -> first.state().leader());
        Scheduler second =
                start(
                        runner(
                                exclusive,
                                0,
                                Duration.ofMillis(10),
                                Duration.ofSeconds(60),
                                new SimpleMeterRegistry(),
                                "second"),
                        schedules);
        await(
                "four runs",
                Duration.ofSeconds(60),
                () -> all().stream().filter(r -> r.finishedAt() != null).count() >= 4);
        assertThat(second.state().leader()).isFalse();

        first.stop(Duration.ofSeconds(30));
        int before = all().size();
        await(
                "the stand-by to take over",
                Duration.ofSeconds(60),
                () ->
                        all().stream()
                                .anyMatch(
                                        r ->
                                                r.runner().equals("second")
                                                        && r.finishedAt() != null));
        assertThat(second.state().leader()).isTrue();

        List<SchedulerRun> runs = all();
        assertThat(runs.size()).isGreaterThan(before);
        assertThat(runs)
                .allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo("succeeded"));
        for (int i = 1; i < runs.size(); i++) {
            if (runs.get(i).finishedAt() != null) {
                assertThat(runs.get(i).startedAt())
                        .as("attempt %d starts after %d ended", i, i - 1)
                        .isAfterOrEqualTo(runs.get(i - 1).finishedAt());
            }
        }
        // The stand-by scheduled from the history: its first run came one interval after the last.
        SchedulerRun lastOfFirst =
                runs.stream()
                        .filter(r -> r.runner().equals("first"))
                        .reduce((a, b) -> b)
                        .orElseThrow();
        SchedulerRun firstOfSecond =
                runs.stream().filter(r -> r.runner().equals("second")).findFirst().orElseThrow();
        assertThat(firstOfSecond.startedAt())
                .isAfterOrEqualTo(lastOfFirst.startedAt().plusMillis(300));
    }

    @Test
    void aScheduledRunWaitsWhileAManualRunHoldsTheRunLockAndClosesOrphanedAttempts()
            throws Exception {
        long orphan =
                store.started(
                        java.util.UUID.randomUUID(),
                        "ingest",
                        "ingest",
                        "manual",
                        1,
                        Instant.now(),
                        null,
                        "a-process-that-died");
        JobRunner runner =
                runner(
                        fake(Map.of()),
                        0,
                        Duration.ofMillis(10),
                        Duration.ofSeconds(60),
                        new SimpleMeterRegistry(),
                        "a");
        AdvisoryLock manual = AdvisoryLock.tryAcquire(connections, AdvisoryLock.RUN).orElseThrow();
        assertThat(AdvisoryLock.tryAcquire(connections, AdvisoryLock.RUN)).isEmpty();
        Scheduler s =
                start(
                        runner,
                        List.of(
                                new Scheduler.Schedule(
                                        "experiments",
                                        List.of("experiments"),
                                        Duration.ofMillis(200))));
        await("leadership", Duration.ofSeconds(10), () -> s.state().leader());
        Thread.sleep(1500);
        assertThat(all()).as("nothing runs while the run lock is held").hasSize(1);

        manual.close();
        await(
                "the deferred run",
                Duration.ofSeconds(30),
                () -> all().stream().anyMatch(r -> r.job().equals("experiments")));
        assertThat(all().get(0).attemptId()).isEqualTo(orphan);
        assertThat(all().get(0).status()).isEqualTo("interrupted");
    }

    @Test
    void onStopARunningStepMayFinishWithinTheGraceAndNothingElseStarts() throws Exception {
        JobRunner runner =
                runner(
                        fake(Map.of("ingest", "sleep:1500")),
                        2,
                        Duration.ofMillis(10),
                        Duration.ofSeconds(60),
                        new SimpleMeterRegistry(),
                        "a");
        var outcome =
                java.util.concurrent.CompletableFuture.supplyAsync(
                        () ->
                                runner.run(
                                        "cycle",
                                        Chains.CYCLE,
                                        Trigger.SCHEDULED,
                                        RunListener.NONE));
        await("ingest to start", Duration.ofSeconds(20), () -> !all().isEmpty());
        runner.requestStop(Duration.ofSeconds(30));

        JobRunner.Outcome o = outcome.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(o.succeeded()).isFalse();
        assertThat(store.ofRun(o.runId()))
                .extracting(SchedulerRun::job, SchedulerRun::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ingest", "succeeded"),
                        org.assertj.core.groups.Tuple.tuple("curate", "skipped"),
                        org.assertj.core.groups.Tuple.tuple("train", "skipped"),
                        org.assertj.core.groups.Tuple.tuple("recommend", "skipped"));
        assertThat(store.ofRun(o.runId()).get(1).summary())
                .isEqualTo("skipped: the runner stopped");
    }

    @Test
    void onStopARunningStepIsKilledAfterTheGraceAndRecordedInterrupted() throws Exception {
        JobRunner runner =
                runner(
                        fake(Map.of("ingest", "sleep:120000")),
                        2,
                        Duration.ofMillis(10),
                        Duration.ofSeconds(60),
                        new SimpleMeterRegistry(),
                        "a");
        var outcome =
                java.util.concurrent.CompletableFuture.supplyAsync(
                        () ->
                                runner.run(
                                        "cycle",
                                        Chains.CYCLE,
                                        Trigger.SCHEDULED,
                                        RunListener.NONE));
        await("ingest to start", Duration.ofSeconds(20), () -> !all().isEmpty());
        long t0 = System.nanoTime();
        runner.requestStop(Duration.ofMillis(500));

        JobRunner.Outcome o = outcome.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(12));
        List<SchedulerRun> runs = store.ofRun(o.runId());
        assertThat(runs)
                .extracting(SchedulerRun::job, SchedulerRun::attempt, SchedulerRun::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ingest", 1, "interrupted"),
                        org.assertj.core.groups.Tuple.tuple("curate", 0, "skipped"),
                        org.assertj.core.groups.Tuple.tuple("train", 0, "skipped"),
                        org.assertj.core.groups.Tuple.tuple("recommend", 0, "skipped"));
        assertThat(runs.get(0).exitCode()).isEqualTo(143);
        assertThat(o.exitCode()).isEqualTo(143);
    }
}
