package io.flywheel.cli;

import io.flywheel.config.FlywheelConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Prometheus for {@code flywheel up --with-grafana}: Debian's {@code prometheus} (which {@code
 * ./flywheel test} installs), scraping every process at the address {@code flywheel status} prints
 * ({@link MetricsAddresses}) with infra/prometheus's alert rules, its data in {@code
 * data/prometheus}, its pid in {@code data/run/prometheus.pid}; {@code flywheel down} stops it.
 * Grafana itself is not packaged in Debian or npm, so it is not run here (infra/docker-compose.yml
 * runs it with infra/grafana's provisioning).
 */
final class LocalPrometheus {
    static final String GRAFANA_NOTE =
            "Grafana is not installable on this machine (not packaged in Debian or npm); Prometheus"
                    + " runs alone. `docker compose -f infra/docker-compose.yml up -d` runs Grafana"
                    + " with infra/grafana's dashboards where Docker is available.";

    private final FlywheelConfig config;
    private final int port;

    LocalPrometheus(FlywheelConfig config, int port) {
        this.config = config;
        this.port = port;
    }

    /** The binary on the PATH, if Debian's prometheus package is installed. */
    static Optional<Path> binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "prometheus");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    String url() {
        String host = config.listenAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/";
    }

    private Path pidFile() {
        return config.dataPath("run", "prometheus.pid");
    }

    Optional<ProcessHandle> running() {
        try {
            long pid = Long.parseLong(Files.readString(pidFile()).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The scrape config: one job per process, the rules of infra/prometheus/alerts.yml. */
    String scrapeConfig() {
        StringBuilder y = new StringBuilder();
        y.append("# Written by `flywheel up --with-grafana` from the effective configuration.\n");
        y.append("global:\n  scrape_interval: 15s\n  evaluation_interval: 30s\n");
        Path rules = config.home().resolve("infra/prometheus/alerts.yml");
        if (Files.isRegularFile(rules)) {
            y.append("rule_files:\n  - \"").append(rules).append("\"\n");
        }
        y.append("scrape_configs:\n");
        for (Map.Entry<String, String> e : MetricsAddresses.of(config).entrySet()) {
            URI u = URI.create(e.getValue());
            y.append("  - job_name: flywheel-").append(e.getKey()).append('\n');
            y.append("    static_configs:\n");
            y.append("      - targets: [\"")
                    .append(u.getHost())
                    .append(':')
                    .append(u.getPort())
                    .append("\"]\n");
        }
        return y.toString();
    }

    /** Starts it unless it runs; returns once it answers /-/ready (60 s at most). */
    void start(Path binary) throws IOException, InterruptedException {
        if (running().isPresent()) {
            return;
        }
        Path dir = config.dataPath("prometheus");
        Files.createDirectories(dir);
        Path yml = dir.resolve("prometheus.yml");
        Files.writeString(yml, scrapeConfig(), StandardCharsets.UTF_8);
        Path log = config.dataPath("logs", "prometheus.out");
        Files.createDirectories(log.getParent());
        Files.createDirectories(pidFile().getParent());
        Process p =
                new ProcessBuilder(
                                binary.toString(),
                                "--config.file=" + yml,
                                "--storage.tsdb.path=" + dir.resolve("tsdb"),
                                "--web.listen-address=" + config.listenAddress() + ":" + port)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start();
        Files.writeString(pidFile(), Long.toString(p.pid()));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new UserError(
                        "Prometheus exited with code " + p.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> r =
                        http.send(
                                HttpRequest.newBuilder(URI.create(url() + "-/ready")).build(),
                                HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        p.destroy();
        throw new UserError("Prometheus was not ready within 60 s; see " + log);
    }

    /** Stops it if it runs; true when it did. */
    boolean stop() throws InterruptedException {
        Optional<ProcessHandle> h = running();
        if (h.isEmpty()) {
            return false;
        }
        h.get().destroy();
        try {
            h.get().onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException
                | java.util.concurrent.TimeoutException e) {
            h.get().destroyForcibly();
        }
        try {
            Files.deleteIfExists(pidFile());
        } catch (IOException ignored) {
            // a stale pid file is ignored by running()
        }
        return true;
    }
}
