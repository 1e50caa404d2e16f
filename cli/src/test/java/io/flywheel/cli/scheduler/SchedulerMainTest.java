package io.flywheel.cli.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.embedded.FreePorts;
import io.flywheel.embedded.PostgresServer;
import io.flywheel.store.Database;
import io.flywheel.store.SchedulerRun;
import io.flywheel.store.SchedulerRunStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler process as {@code flywheel up} starts it: it leads, runs a real scheduled
 * BatchJobMain job, serves its health and Prometheus metrics, and stops promptly on SIGTERM.
 */
class SchedulerMainTest {
    @TempDir Path tmp;

    @Test
    void theSchedulerProcessRunsARealScheduledJobAndReportsItsMetrics() throws Exception {
        String db = Ephemeral.database("schedmain");
        Map<String, String> jdbc = Ephemeral.jdbc(db);
        PostgresServer.Spec pg = Ephemeral.postgres().spec();
        int port = FreePorts.pick();
        try (HikariDataSource ds =
                Database.dataSource(jdbc.get("url"), jdbc.get("user"), jdbc.get("password"), "m")) {
            Database.migrate(ds);
            ProcessBuilder pb =
                    new ProcessBuilder(
                                    BatchJobLauncher.javaBinary(),
                                    "-Xmx256m",
                                    "-cp",
                                    System.getProperty("java.class.path"),
                                    SchedulerMain.class.getName())
                            .redirectErrorStream(true)
                            .redirectOutput(tmp.resolve("scheduler.out").toFile());
            Map<String, String> env = pb.environment();
            env.put("FLYWHEEL_HOME", System.getProperty("flywheel.home"));
            env.put("FLYWHEEL_DATA_DIR", tmp.resolve("data").toString());
            env.put("FLYWHEEL_POSTGRES_PORT", Integer.toString(pg.port()));
            env.put("FLYWHEEL_POSTGRES_DATABASE", db);
            env.put("FLYWHEEL_POSTGRES_USER", jdbc.get("user"));
            env.put("FLYWHEEL_POSTGRES_PASSWORD", jdbc.get("password"));
            env.put("FLYWHEEL_SCHEDULER_PORT", Integer.toString(port));
            env.put("FLYWHEEL_SCHEDULER_EXPERIMENTS_INTERVAL", "2s");
            env.put("FLYWHEEL_SCHEDULER_JOB_HEAP", "1g");
            Process p = pb.start();
            try {
                SchedulerRunStore store = new SchedulerRunStore(Database.jdbi(ds));
                long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
                List<SchedulerRun> runs = List.of();
                while (System.nanoTime() < end && p.isAlive()) {
                    runs = store.recent(Optional.of("experiments"), 10);
                    if (runs.stream().anyMatch(r -> r.finishedAt() != null)) {
                        break;
                    }
                    Thread.sleep(500);
                }
                String out = Files.readString(tmp.resolve("scheduler.out"));
                assertThat(runs).as(out).isNotEmpty();
                SchedulerRun run = runs.get(runs.size() - 1);
                assertThat(run.status()).as(out).isEqualTo("succeeded");
                assertThat(run.triggeredBy()).isEqualTo("scheduled");
                assertThat(run.summary()).isEqualTo("0 experiments reported");
                assertThat(run.batchRunId()).isNotNull();
                assertThat(out)
                        .as("logs carry the run id")
                        .contains("[run=" + run.runId() + "]")
                        .contains("this scheduler leads");

                HttpClient http = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + port;
                HttpResponse<String> health =
                        http.send(
                                HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.body()).contains("\"leader\":true");
                String metrics =
                        http.send(
                                        HttpRequest.newBuilder(URI.create(base + "/metrics"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .body();
                assertThat(metrics)
                        .contains("flywheel_scheduler_leader 1.0")
                        // Every job's series exist at zero from the start: this one counted.
                        .containsPattern(
                                "flywheel_scheduler_attempts_total\\{job=\"experiments\",status=\"succeeded\"\\}"
                                        + " [1-9]")
                        .containsPattern(
                                "flywheel_scheduler_job_duration_seconds_count\\{job=\"experiments\",status=\"succeeded\"\\}"
                                        + " [1-9]");
            } finally {
                p.destroy();
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
            }
            String out = Files.readString(tmp.resolve("scheduler.out"));
            assertThat(out)
                    .contains("stopping: a running job may finish within")
                    .contains("stopped");
        }
    }
}
