package io.flywheel.cli.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.config.Secret;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.embedded.PostgresServer;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL (its own server process, on a free port) is stopped and started again while a batch
 * job runs. The runner's advisory lock dies with its session, and a second runner takes it at once
 * as {@code flywheel jobs run} would; the run lease still keeps the two jobs apart, and the history
 * says what happened to each attempt, once.
 */
class PostgresRestartTest {
    @TempDir Path tmp;
    private PostgresServer pg;
    private final List<HikariDataSource> pools = new ArrayList<>();
    private AdvisoryLock.Connections connections;
    private Path marker;
    private final AtomicBoolean watching = new AtomicBoolean(true);
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private Thread watcher;
    private final AtomicInteger orphansClosed = new AtomicInteger();
    private final Map<String, SimpleMeterRegistry> metrics = new java.util.HashMap<>();

    @BeforeEach
    void postgres() throws Exception {
        pg = Ephemeral.ownPostgres(tmp.resolve("pg"), Secret.of("restart-pw"));
        pg.start(false, Duration.ofSeconds(60));
        Database.migrate(pool("migrate"));
        PostgresServer.Spec s = pg.spec();
        connections =
                () -> DriverManager.getConnection(s.jdbcUrl(), s.user(), s.password().reveal());
        marker = tmp.resolve("a-job-runs");
        // Counts the fake batch jobs alive at once, as the operating system sees them.
        watcher =
                new Thread(
                        () -> {
                            while (watching.get()) {
                                long alive =
                                        ProcessHandle.current()
                                                .descendants()
                                                .filter(
                                                        p ->
                                                                p.info()
                                                                        .commandLine()
                                                                        .orElse("")
                                                                        .contains(
                                                                                FakeJob.class
                                                                                        .getName()))
                                                .count();
                                mostAtOnce.accumulateAndGet((int) alive, Math::max);
                                try {
                                    Thread.sleep(20);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        },
                        "job-watcher");
        watcher.start();
    }

    @AfterEach
    void stop() throws Exception {
        watching.set(false);
        watcher.join(5000);
        pools.forEach(HikariDataSource::close);
        new PostgresServer(pg.spec()).stop();
    }

    private HikariDataSource pool(String name) {
        PostgresServer.Spec s = pg.spec();
        HikariDataSource ds =
                Database.dataSource(s.jdbcUrl(), s.user(), s.password().reveal(), name);
        pools.add(ds);
        return ds;
    }

    /** A runner as its own process would have it: its own pool, its own name. */
    private JobRunner runner(String name, Map<String, String> behaviour, Duration leaseTtl)
            throws Exception {
        String classes =
                Path.of(FakeJob.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                        .toString();
        JobLauncher fake =
                job ->
                        new ProcessBuilder(
                                BatchJobLauncher.javaBinary(),
                                "-Xmx32m",
                                "-XX:TieredStopAtLevel=1",
                                "-cp",
                                classes,
                                FakeJob.class.getName(),
                                behaviour.getOrDefault(job, "ok"),
                                job);
        return new JobRunner(
                fake,
                new SchedulerRunStore(Database.jdbi(pool("runner-" + name))),
                tmp.resolve("logs/jobs"),
                new RetryPolicy(0, Duration.ofMillis(10)),
                Duration.ofSeconds(120),
                metrics.computeIfAbsent(name, n -> new SimpleMeterRegistry()),
                name,
                leaseTtl);
    }

    /** What the scheduler and {@code flywheel jobs run} do: advisory lock, orphans, run. */
    private CompletableFuture<JobRunner.Outcome> runUnderTheLock(
            AdvisoryLock lock, SchedulerRunStore store, JobRunner runner, List<String> steps) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try (AdvisoryLock held = lock) {
                        orphansClosed.addAndGet(store.closeOrphans(Instant.now()));
                        return runner.run(
                                String.join("+", steps), steps, Trigger.MANUAL, RunListener.NONE);
                    }
                });
    }

    private static void await(String what, Duration max, BooleanSupplier done)
            throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private List<SchedulerRun> history(SchedulerRunStore store) {
        List<SchedulerRun> runs = new ArrayList<>(store.recent(Optional.empty(), 1000));
        runs.sort(Comparator.comparingLong(SchedulerRun::attemptId));
        return runs;
    }

    private static boolean logSays(Path dir, String text) {
        try (var files = Files.list(dir)) {
            return files.anyMatch(
                    f -> {
                        try {
                            return Files.readString(f).contains(text);
                        } catch (java.io.IOException e) {
                            return false;
                        }
                    });
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void aRestartDuringAStepNeitherLetsASecondJobOverlapNorLosesTheStepsOutcome() throws Exception {
        SchedulerRunStore store = new SchedulerRunStore(Database.jdbi(pool("test")));
        JobRunner first =
                runner(
                        "first",
                        Map.of(
                                "ingest", "exclusive:" + marker + ":5000",
                                "curate", "exclusive:" + marker + ":1500"),
                        Duration.ofSeconds(30));
        JobRunner second =
                runner(
                        "second",
                        Map.of("experiments", "exclusive:" + marker + ":1000"),
                        Duration.ofSeconds(30));

        AdvisoryLock firstLock =
                AdvisoryLock.tryAcquire(connections, AdvisoryLock.RUN).orElseThrow();
        CompletableFuture<JobRunner.Outcome> a =
                runUnderTheLock(firstLock, store, first, List.of("ingest", "curate"));
        await(
                "ingest to run",
                Duration.ofSeconds(30),
                () -> Files.exists(marker) && logSays(tmp.resolve("logs/jobs"), "fake ingest"));

        Instant down = Instant.now();
        pg.stop();
        // ingest ends while PostgreSQL is away: its outcome cannot be written yet.
        await("ingest to end", Duration.ofSeconds(30), () -> !Files.exists(marker));
        Thread.sleep(500);
        pg = new PostgresServer(pg.spec());
        pg.start(false, Duration.ofSeconds(60));
        Instant back = Instant.now();

        // The first runner's advisory lock died with its session: a second runner gets it at once.
        Optional<AdvisoryLock> secondLock = AdvisoryLock.tryAcquire(connections, AdvisoryLock.RUN);
        assertThat(secondLock).as("the advisory lock is lost in a restart").isPresent();
        assertThat(firstLock.held()).isFalse();
        CompletableFuture<JobRunner.Outcome> b =
                runUnderTheLock(secondLock.get(), store, second, List.of("experiments"));

        JobRunner.Outcome outcomeA = a.get(90, TimeUnit.SECONDS);
        JobRunner.Outcome outcomeB = b.get(90, TimeUnit.SECONDS);

        assertThat(outcomeA.succeeded()).isTrue();
        assertThat(outcomeB.succeeded()).isTrue();
        assertThat(orphansClosed.get())
                .as("the lease holder's running attempt is no orphan to the second runner")
                .isZero();
        assertThat(lapses(metrics.get("first"))).as("a short outage costs no job").isZero();
        assertThat(mostAtOnce.get()).as("batch jobs alive at once, at most").isEqualTo(1);
        List<SchedulerRun> runs = history(store);
        assertThat(runs)
                .extracting(
                        SchedulerRun::runner,
                        SchedulerRun::job,
                        SchedulerRun::attempt,
                        SchedulerRun::status,
                        SchedulerRun::exitCode,
                        SchedulerRun::summary)
                .containsExactly(
                        tuple("first", "ingest", 1, "succeeded", 0, "fake ingest done"),
                        tuple("first", "curate", 1, "succeeded", 0, "fake curate done"),
                        tuple("second", "experiments", 1, "succeeded", 0, "fake experiments done"));
        // ingest's end is the true one, from while PostgreSQL was away, written once it was back.
        assertThat(runs.get(0).finishedAt()).isAfter(down).isBefore(back);
        for (int i = 1; i < runs.size(); i++) {
            assertThat(runs.get(i).startedAt())
                    .as("attempt %d starts after %d ended", i, i - 1)
                    .isAfterOrEqualTo(runs.get(i - 1).finishedAt());
        }
        assertThat(store.lease())
                .hasValueSatisfying(
                        l -> {
                            assertThat(l.token()).as("one take-over").isEqualTo(2);
                            assertThat(l.runId()).isEqualTo(outcomeB.runId());
                            assertThat(l.expiresAt()).isBefore(Instant.now());
                        });
    }

    @Test
    void aJobIsKilledWhenPostgresStaysAwayPastHalfTheLeaseAndTheKillIsRecordedWhenItIsBack()
            throws Exception {
        SchedulerRunStore store = new SchedulerRunStore(Database.jdbi(pool("test")));
        Duration ttl = Duration.ofSeconds(6);
        // Not exclusive: a killed job leaves its marker behind; the watcher counts overlaps.
        JobRunner first = runner("first", Map.of("ingest", "sleep:120000"), ttl);
        JobRunner second =
                runner("second", Map.of("experiments", "exclusive:" + marker + ":500"), ttl);

        CompletableFuture<JobRunner.Outcome> a =
                runUnderTheLock(
                        AdvisoryLock.tryAcquire(connections, AdvisoryLock.RUN).orElseThrow(),
                        store,
                        first,
                        List.of("ingest", "curate"));
        await(
                "ingest to run",
                Duration.ofSeconds(30),
                () -> logSays(tmp.resolve("logs/jobs"), "fake ingest starting"));

        Instant down = Instant.now();
        pg.stop();
        // Longer than the whole lease: the table would let anyone take it when PostgreSQL is back.
        await("ingest to be killed", Duration.ofSeconds(30), () -> mostAliveNow() == 0);
        Instant killed = Instant.now();
        Thread.sleep(Math.max(0, ttl.toMillis() - Duration.between(down, killed).toMillis()) + 500);
        pg = new PostgresServer(pg.spec());
        pg.start(false, Duration.ofSeconds(60));

        CompletableFuture<JobRunner.Outcome> b =
                runUnderTheLock(
                        AdvisoryLock.tryAcquire(connections, AdvisoryLock.RUN).orElseThrow(),
                        store,
                        second,
                        List.of("experiments"));
        JobRunner.Outcome outcomeA = a.get(90, TimeUnit.SECONDS);
        JobRunner.Outcome outcomeB = b.get(90, TimeUnit.SECONDS);

        assertThat(Duration.between(down, killed))
                .as("killed within the lease, before anyone could take it over")
                .isLessThan(ttl);
        assertThat(outcomeA.succeeded()).isFalse();
        assertThat(outcomeA.exitCode()).isEqualTo(143);
        assertThat(outcomeB.succeeded()).isTrue();
        assertThat(mostAtOnce.get()).isEqualTo(1);
        List<SchedulerRun> runs = history(store);
        assertThat(runs)
                .extracting(
                        SchedulerRun::runner,
                        SchedulerRun::job,
                        SchedulerRun::attempt,
                        SchedulerRun::status,
                        SchedulerRun::summary)
                // The second run may start before the first records its skipped step.
                .containsExactlyInAnyOrder(
                        tuple(
                                "first",
                                "ingest",
                                1,
                                "interrupted",
                                "killed: PostgreSQL did not answer for 3s (half the run lease);"
                                        + " another runner may take over"),
                        tuple("first", "curate", 0, "skipped", "skipped: ingest interrupted"),
                        tuple("second", "experiments", 1, "succeeded", "fake experiments done"));
        SchedulerRun ingest = runs.stream().filter(r -> r.job().equals("ingest")).findFirst().get();
        SchedulerRun experiments =
                runs.stream().filter(r -> r.job().equals("experiments")).findFirst().get();
        assertThat(ingest.exitCode()).isEqualTo(143);
        assertThat(
                        metrics.get("first")
                                .get("flywheel.scheduler.lease.lapses")
                                .tag("job", "ingest")
                                .counter()
                                .count())
                .isEqualTo(1);
        assertThat(lapses(metrics.get("second"))).isZero();
        assertThat(ingest.finishedAt()).isAfter(down).isBefore(killed.plusSeconds(1));
        assertThat(experiments.startedAt()).isAfterOrEqualTo(ingest.finishedAt());
    }

    private static long mostAliveNow() {
        return ProcessHandle.current()
                .descendants()
                .filter(p -> p.info().commandLine().orElse("").contains(FakeJob.class.getName()))
                .count();
    }

    /** Lease lapses counted by a registry (the series exist at zero from the start). */
    private static double lapses(io.micrometer.core.instrument.MeterRegistry registry) {
        return registry.find("flywheel.scheduler.lease.lapses").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count)
                .sum();
    }
}
