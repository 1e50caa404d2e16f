package io.flywheel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.cli.scheduler.AdvisoryLock;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.embedded.PostgresServer;
import io.flywheel.store.Database;
import io.flywheel.store.SchedulerRunStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flywheel jobs run|history} as a user runs them: each command its own JVM. */
class JobsCommandTest {
    @TempDir Path tmp;
    private Path config;
    private HikariDataSource ds;
    private Map<String, String> jdbc;

    @BeforeEach
    void database() throws Exception {
        String db = Ephemeral.database("jobs");
        jdbc = Ephemeral.jdbc(db);
        ds = Database.dataSource(jdbc.get("url"), jdbc.get("user"), jdbc.get("password"), "jobs");
        Database.migrate(ds);
        PostgresServer.Spec pg = Ephemeral.postgres().spec();
        config = tmp.resolve("flywheel.properties");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "data.dir=" + tmp.resolve("data"),
                        "postgres.port=" + pg.port(),
                        "postgres.database=" + db,
                        "postgres.user=" + jdbc.get("user"),
                        "postgres.password=" + jdbc.get("password"),
                        "scheduler.retries=0",
                        "scheduler.job.heap=1g",
                        ""));
    }

    /** What the command printed, without the test classpath's log lines on the console. */
    private static String printed(UpStatusDownTest.Result r) {
        return r.out()
                .lines()
                .filter(l -> !l.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d+ .*"))
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    @AfterEach
    void close() {
        ds.close();
    }

    @Test
    void jobsRunStartsTheRealBatchJobThroughTheRunnerAndHistoryShowsIt() throws Exception {
        UpStatusDownTest.Result run =
                UpStatusDownTest.run("jobs", "run", "experiments", "--config", config.toString());

        assertThat(run.code()).as(run.out() + run.err()).isZero();
        assertThat(run.out())
                .contains("experiments  attempt 1 running ...")
                .contains("experiments  attempt 1 succeeded")
                .contains("(exit 0): 0 experiments reported")
                .contains("experiments succeeded (run ");

        UpStatusDownTest.Result json =
                UpStatusDownTest.run("jobs", "history", "--json", "--config", config.toString());
        assertThat(json.code()).isZero();
        JsonNode rows = new ObjectMapper().readTree(printed(json));
        assertThat(rows).hasSize(1);
        JsonNode r = rows.get(0);
        assertThat(r.get("job").asText()).isEqualTo("experiments");
        assertThat(r.get("status").asText()).isEqualTo("succeeded");
        assertThat(r.get("trigger").asText()).isEqualTo("manual");
        assertThat(r.get("exitCode").asInt()).isZero();
        assertThat(r.get("summary").asText())
                .as("the job's own summary from batch_job_runs")
                .isEqualTo("0 experiments reported");
        assertThat(r.get("batchRunId").isNull()).as("linked to batch_job_runs").isFalse();
        Path log = Path.of(r.get("logPath").asText());
        assertThat(log).startsWith(tmp.resolve("data/logs/jobs"));
        assertThat(Files.readString(log)).contains("experiments done: 0 experiments reported");
        try (var c = ds.getConnection();
                var rs =
                        c.createStatement()
                                .executeQuery(
                                        "SELECT job, status FROM batch_job_runs WHERE run_id = "
                                                + r.get("batchRunId").asLong())) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("experiments");
            assertThat(rs.getString(2)).isEqualTo("succeeded");
        }
    }

    @Test
    void historyIsAReadableTableFilteredByJobAndLimited() throws Exception {
        SchedulerRunStore store = new SchedulerRunStore(Database.jdbi(ds));
        UUID run = UUID.randomUUID();
        Instant t = Instant.parse("2026-11-21T10:00:00Z");
        long ingest =
                store.started(run, "cycle", "ingest", "scheduled", 1, t, "/d/ingest.log", "h:1");
        store.finished(ingest, "succeeded", 0, t.plusSeconds(12), "ingested 42 records", false);
        long curate =
                store.started(
                        run,
                        "cycle",
                        "curate",
                        "scheduled",
                        1,
                        t.plusSeconds(13),
                        "/d/curate.log",
                        "h:1");
        store.finished(
                curate, "failed", 1, t.plusSeconds(75), "gold check failed: null arm", false);
        store.skipped(
                run,
                "cycle",
                "train",
                "scheduled",
                t.plusSeconds(75),
                "skipped: curate failed",
                "h:1");

        UpStatusDownTest.Result all =
                UpStatusDownTest.run("jobs", "history", "--config", config.toString());
        assertThat(all.code()).isZero();
        String[] lines = printed(all).split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0])
                .startsWith("JOB")
                .contains("STATUS", "STARTED", "DURATION", "ATTEMPT", "SUMMARY", "LOG");
        assertThat(lines[1]).startsWith("train").contains("SKIPPED", "skipped: curate failed");
        assertThat(lines[2])
                .startsWith("curate")
                .contains("FAILED", "1m02s", "gold check failed: null arm", "/d/curate.log");
        assertThat(lines[3])
                .startsWith("ingest")
                .contains(
                        "succeeded", "12.0s", "ingested 42 records", "scheduled", "/d/ingest.log");

        UpStatusDownTest.Result curateOnly =
                UpStatusDownTest.run(
                        "jobs", "history", "--job", "curate", "--config", config.toString());
        assertThat(printed(curateOnly).split("\n")).hasSize(2);
        assertThat(curateOnly.out()).contains("curate").doesNotContain("ingest");
        UpStatusDownTest.Result one =
                UpStatusDownTest.run(
                        "jobs", "history", "--limit", "1", "--config", config.toString());
        assertThat(printed(one).split("\n")).hasSize(2);
    }

    @Test
    void jobsRunRefusesUnknownJobsAndGivesWayToARunningJob() throws Exception {
        UpStatusDownTest.Result bogus =
                UpStatusDownTest.run("jobs", "run", "ingest;rm", "--config", config.toString());
        assertThat(bogus.code()).isEqualTo(1);
        assertThat(bogus.err()).contains("unknown job 'ingest;rm'");

        try (AdvisoryLock held =
                AdvisoryLock.tryAcquire(
                                () ->
                                        DriverManager.getConnection(
                                                jdbc.get("url"),
                                                jdbc.get("user"),
                                                jdbc.get("password")),
                                AdvisoryLock.RUN)
                        .orElseThrow()) {
            UpStatusDownTest.Result busy =
                    UpStatusDownTest.run("jobs", "run", "cycle", "--config", config.toString());
            assertThat(busy.code()).isEqualTo(JobsCommand.BUSY);
            assertThat(busy.out()).contains("Another job is running");
        }
        UpStatusDownTest.Result empty =
                UpStatusDownTest.run("jobs", "history", "--config", config.toString());
        assertThat(empty.out()).contains("No runs yet");
    }
}
