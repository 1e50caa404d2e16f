package io.flywheel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flywheel.config.StreamingSettings;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The faults a newcomer meets first, on the real processes: a process that dies at start stops
 * {@code up} with its name and log; {@code status} says what is down; a process killed later is
 * restarted by the supervisor and counted; a demo whose renders all fail stops with the cause.
 */
class FaultsEndToEndTest {
    private static final Path HOME = Path.of(System.getProperty("flywheel.home"));
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path tmp;
    private Path config;

    private FlywheelCli.Run flywheel(Duration timeout, String... args) throws Exception {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = config.toString();
        FlywheelCli.Run r = new FlywheelCli(HOME).run(timeout, tmp.resolve(args[0] + ".out"), all);
        System.out.println("$ flywheel " + String.join(" ", args) + "\n" + r.out());
        return r;
    }

    @AfterEach
    void down() throws Exception {
        if (config != null) {
            flywheel(Duration.ofMinutes(3), "down");
        }
    }

    @Test
    void aProcessThatDiesAtStartStopsUpWithItsLogAndOneKilledLaterIsRestarted() throws Exception {
        // The API's port is taken: the API exits at start.
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            config = FlywheelCli.config(tmp, "faults-secret", "api.port=" + taken.getLocalPort());
            FlywheelCli.Run up = flywheel(Duration.ofMinutes(8), "up");
            assertThat(up.code()).as(up.out()).isEqualTo(1);
            assertThat(up.out())
                    .contains("flywheel: api exited with")
                    .contains("last lines of " + tmp.resolve("data/logs/api.out"))
                    .doesNotContain("faults-secret");

            FlywheelCli.Run status = flywheel(Duration.ofMinutes(1), "status");
            assertThat(status.code()).as(status.out()).isEqualTo(3);
            assertThat(status.out()).contains("! api is stopped");
            FlywheelCli.Run json = flywheel(Duration.ofMinutes(1), "status", "--json");
            assertThat(json.code()).isEqualTo(3);
            assertThat(JSON.readTree(json.out()).get("healthy").asBoolean()).isFalse();
        }

        // The port is free again: up starts what is missing and returns when all are healthy.
        FlywheelCli.Run up = flywheel(Duration.ofMinutes(8), "up");
        assertThat(up.code()).as(up.out()).isZero();
        JsonNode before = status();
        JsonNode worker = service(before, "render-worker");
        assertThat(worker.get("detail").asText()).contains("in consumer group");
        assertThat(service(before, "streaming").get("detail").asText())
                .isEqualTo(StreamingSettings.JOBS.size() + " jobs RUNNING");

        // Killed later: restarted by the supervisor, counted in status and its metrics.
        long pid = worker.get("pid").asLong();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        JsonNode after = null;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            Thread.sleep(2000);
            FlywheelCli.Run r = flywheel(Duration.ofMinutes(1), "status", "--json");
            after = JSON.readTree(r.out());
            JsonNode w = service(after, "render-worker");
            // Status reads the supervisor's state file and the pid file separately: wait until
            // both say the restart happened.
            if (r.code() == 0 && w.path("pid").asLong() != pid && w.path("restarts").asInt() > 0) {
                break;
            }
        }
        String evidence =
                after
                        + "\nsupervisor.json: "
                        + readIfExists(tmp.resolve("data/run/supervisor.json"))
                        + "\nsupervisor log:\n"
                        + readIfExists(tmp.resolve("data/logs/supervisor.out"));
        JsonNode restarted = service(after, "render-worker");
        assertThat(restarted.get("healthy").asBoolean()).as(evidence).isTrue();
        assertThat(restarted.get("pid").asLong()).as(evidence).isNotEqualTo(pid);
        assertThat(restarted.get("restarts").asInt()).as(evidence).isEqualTo(1);
        assertThat(service(after, "publisher").get("restarts").asInt()).isZero();
    }

    @Test
    void aDemoWhoseRendersAllFailStopsWithTheCause() throws Exception {
        // Every job runs longer than the worker allows: each is dead-lettered as timed out.
        config = FlywheelCli.config(tmp, "faults-secret", "render.job.timeout.s=1");
        FlywheelCli.Run demo =
                flywheel(
                        Duration.ofMinutes(12),
                        "demo",
                        "--history",
                        "0",
                        "--cycles",
                        "1",
                        "--videos",
                        "1");
        assertThat(demo.code()).as(demo.out()).isEqualTo(1);
        assertThat(demo.out())
                .contains("renders of this cycle failed and none succeeded")
                // The first failure to arrive: the stage the timeout interrupted, or the timeout.
                .containsPattern("First failure: [A-Z_]+: (job_timeout|interrupted)")
                .contains(tmp.resolve("data/logs/render-worker.out").toString())
                .doesNotContain("Top arm per segment");
    }

    private JsonNode status() throws Exception {
        FlywheelCli.Run r = flywheel(Duration.ofMinutes(1), "status", "--json");
        assertThat(r.code()).as(r.out()).isZero();
        return JSON.readTree(r.out());
    }

    private static String readIfExists(Path file) throws java.io.IOException {
        return java.nio.file.Files.exists(file) ? java.nio.file.Files.readString(file) : "(none)";
    }

    private static JsonNode service(JsonNode status, String name) {
        for (JsonNode s : status.get("services")) {
            if (s.get("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no " + name + " in " + status);
    }
}
