package io.flywheel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.flywheel.config.ConfigLoader;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.embedded.FreePorts;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code up --with-grafana}'s Prometheus (Debian's, which {@code ./flywheel test} installs) scrapes
 * one target per process at the addresses {@code status} prints, loads infra/prometheus/alerts.yml,
 * and {@code down} stops it. One process (the API's port) is served here by a small /metrics
 * endpoint; the others are not running, so Prometheus reports them down.
 */
class LocalPrometheusTest {
    @TempDir Path tmp;

    @Test
    void scrapesEveryProcessWithTheAlertRulesAndStops() throws Exception {
        Path binary =
                LocalPrometheus.binary()
                        .orElseThrow(
                                () ->
                                        new AssertionError(
                                                "prometheus is not on the PATH (Debian's"
                                                        + " prometheus; ./flywheel test installs"
                                                        + " it)"));
        int apiPort = FreePorts.pick();
        HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", apiPort), 0);
        api.createContext(
                "/metrics",
                ex -> {
                    byte[] body = "flywheel_test_up 1\n".getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
                    ex.sendResponseHeaders(200, body.length);
                    ex.getResponseBody().write(body);
                    ex.close();
                });
        api.start();
        FlywheelConfig config =
                ConfigLoader.load(
                        Optional.empty(),
                        Map.of(),
                        Map.of("data.dir", tmp.toString(), "api.port", Integer.toString(apiPort)),
                        Path.of(System.getProperty("flywheel.home")));
        LocalPrometheus prometheus = new LocalPrometheus(config, FreePorts.pick());
        try {
            prometheus.start(binary);
            assertThat(prometheus.running()).isPresent();
            HttpClient http = HttpClient.newHttpClient();
            ObjectMapper json = new ObjectMapper();

            JsonNode rules = get(http, json, prometheus.url() + "api/v1/rules");
            int count = 0;
            for (JsonNode g : rules.at("/data/groups")) {
                count += g.path("rules").size();
            }
            assertThat(count).isEqualTo(17);

            long deadline = System.nanoTime() + 45_000_000_000L;
            JsonNode targets;
            do {
                Thread.sleep(500);
                targets =
                        get(http, json, prometheus.url() + "api/v1/targets")
                                .at("/data/activeTargets");
            } while (!apiUp(targets) && System.nanoTime() < deadline);
            assertThat(targets).hasSize(MetricsAddresses.of(config).size());
            assertThat(apiUp(targets)).as(targets.toString()).isTrue();
        } finally {
            boolean stopped = prometheus.stop();
            api.stop(0);
            assertThat(stopped).isTrue();
        }
        assertThat(prometheus.running()).isEmpty();
        assertThat(tmp.resolve("run/prometheus.pid")).doesNotExist();
        assertThat(Files.readString(tmp.resolve("prometheus/prometheus.yml")))
                .contains("job_name: flywheel-api", "127.0.0.1:" + apiPort, "alerts.yml");
    }

    private static boolean apiUp(JsonNode targets) {
        for (JsonNode t : targets) {
            if (t.at("/labels/job").asText().equals("flywheel-api")) {
                return t.path("health").asText().equals("up");
            }
        }
        return false;
    }

    private static JsonNode get(HttpClient http, ObjectMapper json, String url) throws Exception {
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        return json.readTree(r.body());
    }
}
