package io.flywheel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flywheel.embedded.FreePorts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default end to end, as a user drives it: up, status, up again, down, up. */
class UpStatusDownTest {
    @TempDir Path tmp;
    private Path config;

    @AfterEach
    void down() {
        if (config != null) {
            run("down", "--config", config.toString());
        }
    }

    @Test
    void upStartsRealKafkaAndPostgresThatOrdinaryClientsCanUseAndDownStopsThem() throws Exception {
        int kafkaPort = FreePorts.pick();
        int pgPort = FreePorts.pick();
        int supervisorPort = FreePorts.pick();
        config = tmp.resolve("flywheel.properties");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "data.dir=" + tmp.resolve("data"),
                        "kafka.broker.port=" + kafkaPort,
                        "kafka.controller.port=" + FreePorts.pick(),
                        "postgres.port=" + pgPort,
                        "postgres.password=test-secret",
                        "supervisor.port=" + supervisorPort,
                        "kafka.topic.partitions=2",
                        ""));

        Result up = run("up", "--infra-only", "--verbose", "--config", config.toString());
        assertThat(up.code).as(up.out).isZero();
        assertThat(up.out)
                .contains("Flywheel is up")
                .contains("created 6")
                .doesNotContain("test-secret");
        assertThat(up.out).contains("postgres.password                ****");

        Result status = run("status", "--json", "--config", config.toString());
        assertThat(status.code).isZero();
        JsonNode json = new ObjectMapper().readTree(status.out);
        assertThat(json.get("healthy").asBoolean()).isTrue();
        List<String> running = new ArrayList<>();
        json.get("services")
                .forEach(
                        n -> {
                            if (n.get("running").asBoolean()) {
                                running.add(n.get("name").asText());
                            }
                        });
        assertThat(running)
                .as(
                        "--infra-only starts Kafka and PostgreSQL, and the supervisor that keeps them up")
                .containsExactly("kafka", "postgres", "supervisor");
        assertThat(json.get("services").findValuesAsText("name"))
                .contains(
                        "streaming", "render-worker", "publisher", "audience", "api", "scheduler");
        assertThat(json.get("services").get(0).get("address").asText())
                .isEqualTo("127.0.0.1:" + kafkaPort);

        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort);
        try (Admin admin = Admin.create(p)) {
            Set<String> topics = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            assertThat(topics)
                    .contains(
                            "flywheel.content.requests",
                            "flywheel.engagement.events",
                            "flywheel.dlq");
        }
        String url = "jdbc:postgresql://127.0.0.1:" + pgPort + "/flywheel";
        try (Connection c = DriverManager.getConnection(url, "flywheel", "test-secret");
                ResultSet rs =
                        c.createStatement().executeQuery("SELECT count(*) FROM content_jobs")) {
            assertThat(rs.next()).isTrue();
        }

        // Kafka killed: the supervisor brings it back; status and the metrics count the restart.
        long brokerPid = json.get("services").get(0).get("pid").asLong();
        ProcessHandle.of(brokerPid).orElseThrow().destroyForcibly();
        JsonNode back = awaitHealthy(config, 120);
        JsonNode kafka = back.get("services").get(0);
        assertThat(kafka.get("name").asText()).isEqualTo("kafka");
        assertThat(kafka.get("pid").asLong()).isNotEqualTo(brokerPid);
        assertThat(kafka.get("restarts").asInt()).isEqualTo(1);
        assertThat(
                        java.net.http.HttpClient.newHttpClient()
                                .send(
                                        java.net.http.HttpRequest.newBuilder(
                                                        java.net.URI.create(
                                                                "http://127.0.0.1:"
                                                                        + supervisorPort
                                                                        + "/metrics"))
                                                .build(),
                                        java.net.http.HttpResponse.BodyHandlers.ofString())
                                .body())
                .contains("flywheel_supervisor_restarts_total{service=\"kafka\"} 1.0")
                .contains("flywheel_supervisor_running{service=\"postgres\"} 1.0");
        try (Admin admin = Admin.create(p)) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .contains("flywheel.content.requests");
        }

        Result again = run("up", "--infra-only", "--config", config.toString());
        assertThat(again.code).isZero();
        assertThat(again.out).contains("already running");

        Result down = run("down", "--config", config.toString());
        assertThat(down.code).isZero();
        Result stopped = run("status", "--config", config.toString());
        assertThat(stopped.code).isEqualTo(StatusCommand.NOT_HEALTHY);
        assertThat(stopped.out).contains("stopped");

        Result restart = run("up", "--infra-only", "--config", config.toString());
        assertThat(restart.code).as(restart.out).isZero();
        assertThat(restart.out).contains("Topics ... all present").contains("up to date");
    }

    /** Polls {@code status --json} until it exits 0 (or fails after {@code seconds}). */
    private static JsonNode awaitHealthy(Path config, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Result r;
        do {
            Thread.sleep(1000);
            r = run("status", "--json", "--config", config.toString());
        } while (r.code != 0 && System.nanoTime() < deadline);
        assertThat(r.code).as(r.out).isZero();
        return new ObjectMapper().readTree(r.out);
    }

    @Test
    void badConfigIsOneClearLine() throws Exception {
        Path bad = tmp.resolve("bad.properties");
        Files.writeString(bad, "postgres.prot=1\n");
        Result r = run("status", "--config", bad.toString());
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).contains("flywheel: unknown config key 'postgres.prot'");
    }

    record Result(int code, String out, String err) {}

    /** Runs the CLI as its own JVM, as a user does: each command is a separate process. */
    static Result run(String... args) {
        try {
            java.util.List<String> cmd = new java.util.ArrayList<>();
            cmd.add(ProcessHandle.current().info().command().orElse("java"));
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add("-Dflywheel.home=" + System.getProperty("flywheel.home"));
            // The CLI's own logging, as ./flywheel runs it: library logs to the file, so stdout
            // (e.g. `status --json`) holds only what the command prints.
            cmd.add("-Dlog4j2.configurationFile=log4j2.properties");
            cmd.add(Main.class.getName());
            cmd.addAll(java.util.List.of(args));
            Process p = new ProcessBuilder(cmd).start();
            var out = p.getInputStream().readAllBytes();
            var err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(3, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("flywheel " + String.join(" ", args) + " hung");
            }
            return new Result(
                    p.exitValue(),
                    new String(out, StandardCharsets.UTF_8),
                    new String(err, StandardCharsets.UTF_8));
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
