package io.flywheel.e2e.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.flywheel.e2e.FlywheelCli;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operators' view checked against the real stack: one {@code flywheel up} (as a user runs it,
 * every engine in its own JVM), {@code status} names each process's metrics address, each one is
 * scraped, and every metric that a Grafana panel or a Prometheus alert rule reads is exported by
 * some process. With Debian's {@code promtool} installed, the rules, the scrape config and every
 * panel query also pass Prometheus's own parser.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardMetricsTest {
    private static final Path HOME = Path.of(System.getProperty("flywheel.home"));
    private static final Path DASHBOARDS = HOME.resolve("infra/grafana/dashboards");
    private static final Path RULES = HOME.resolve("infra/prometheus/alerts.yml");
    private static final Path SCRAPE = HOME.resolve("infra/prometheus/prometheus.yml");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Each process of {@code up} and the config key of its metrics port. */
    private static final Map<String, String> PORT_KEYS = new LinkedHashMap<>();

    static {
        PORT_KEYS.put("streaming", "metrics.streaming.port");
        PORT_KEYS.put("render-worker", "metrics.render.port");
        PORT_KEYS.put("publisher", "metrics.publisher.port");
        PORT_KEYS.put("audience", "metrics.audience.port");
        PORT_KEYS.put("api", "api.port");
        PORT_KEYS.put("scheduler", "scheduler.port");
        PORT_KEYS.put("supervisor", "supervisor.port");
    }

    /** Series Prometheus makes itself for every target. */
    private static final Set<String> PROMETHEUS_OWN =
            Set.of(
                    "up",
                    "scrape_duration_seconds",
                    "scrape_samples_scraped",
                    "scrape_samples_post_metric_relabeling",
                    "scrape_series_added",
                    "ALERTS",
                    "ALERTS_FOR_STATE");

    @TempDir static Path tmp;
    private Path config;
    private final HttpClient http = HttpClient.newHttpClient();
    private JsonNode status;
    private String statusTable;
    private final Map<String, Exposition> scraped = new TreeMap<>();

    @BeforeAll
    void upOnceAndScrapeEveryProcess() throws Exception {
        config = FlywheelCli.config(tmp, "metrics-secret");
        FlywheelCli.Run up = flywheel(Duration.ofMinutes(8), "up");
        assertThat(up.code()).as(up.out()).isZero();
        FlywheelCli.Run json = flywheel(Duration.ofMinutes(1), "status", "--json");
        assertThat(json.code()).as(json.out()).isZero();
        status = JSON.readTree(json.out());
        statusTable = flywheel(Duration.ofMinutes(1), "status").out();
        // A job's operators register their metrics as their tasks start, moments after RUNNING.
        Set<String> wanted = new TreeSet<>();
        queries().values().forEach(e -> wanted.addAll(PromQlMetricNames.of(e)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        do {
            scrapeAll();
            if (wanted.stream().allMatch(n -> exported(n) || PROMETHEUS_OWN.contains(n))) {
                break;
            }
            Thread.sleep(3000);
        } while (System.nanoTime() < deadline);
        scraped.forEach(
                (p, e) ->
                        System.out.println(
                                "[metrics] "
                                        + p
                                        + ": "
                                        + e.samples().stream()
                                                .filter(
                                                        n ->
                                                                n.startsWith("flywheel_")
                                                                        || n.startsWith("flink_")
                                                                        || n.startsWith("http_"))
                                                .toList()));
    }

    @AfterAll
    void down() throws Exception {
        if (config != null) {
            flywheel(Duration.ofMinutes(3), "down");
        }
    }

    @Test
    void statusPrintsEachProcesssMetricsAddressFromTheConfig() throws Exception {
        for (Map.Entry<String, String> p : PORT_KEYS.entrySet()) {
            String expected =
                    "http://127.0.0.1:" + FlywheelCli.port(config, p.getValue()) + "/metrics";
            assertThat(service(p.getKey()).get("metrics").asText())
                    .as(p.getKey())
                    .isEqualTo(expected);
            assertThat(statusTable).contains(expected);
        }
        assertThat(service("kafka").get("metrics").asText()).isEqualTo("-");
        assertThat(statusTable).contains("METRICS");
    }

    @Test
    void theNewEndpointsServePrometheusTextOnGetOnly() throws Exception {
        for (String p : List.of("render-worker", "publisher", "audience")) {
            String url = service(p).get("metrics").asText();
            HttpResponse<String> get =
                    http.send(
                            HttpRequest.newBuilder(URI.create(url)).build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).as(p).isEqualTo(200);
            assertThat(get.headers().firstValue("Content-Type").orElse(""))
                    .startsWith("text/plain; version=0.0.4");
            HttpResponse<String> post =
                    http.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .POST(HttpRequest.BodyPublishers.ofString("x"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).as(p + " POST").isEqualTo(405);
            HttpResponse<String> other =
                    http.send(
                            HttpRequest.newBuilder(URI.create(url.replace("/metrics", "/health")))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(other.statusCode()).as(p + " other path").isEqualTo(404);
        }
        // The secret of this stack's PostgreSQL is in no process's metrics.
        scraped.values().forEach(e -> assertThat(e.samples()).noneMatch(n -> n.contains("secret")));
    }

    @Test
    void everyProcessExportsItsOwnMetrics() {
        assertThat(scraped.keySet()).containsExactlyInAnyOrderElementsOf(PORT_KEYS.keySet());
        Map<String, String> sample = new LinkedHashMap<>();
        sample.put("render-worker", "flywheel_render_stage_seconds_bucket");
        sample.put("publisher", "flywheel_publisher_quota_left");
        sample.put("audience", "flywheel_audience_engagement_events_total");
        sample.put("streaming", "flink_jobmanager_job_lastCheckpointDuration");
        sample.put("api", "flywheel_model_champion_rmse");
        sample.put("scheduler", "flywheel_scheduler_failures_total");
        sample.put("supervisor", "flywheel_supervisor_restarts_total");
        sample.forEach((p, n) -> assertThat(scraped.get(p).exports(n)).as(p + " " + n).isTrue());
    }

    @Test
    void everyDashboardPanelQueryNamesAnExportedMetric() throws Exception {
        Map<String, String> panels = panelQueries();
        assertThat(panels.keySet().stream().map(k -> k.substring(0, k.indexOf(" / "))).distinct())
                .containsExactlyInAnyOrder(
                        "flywheel-pipeline.json",
                        "flywheel-streaming.json",
                        "flywheel-learning.json",
                        "flywheel-api.json");
        assertEveryNameExported(panels);
    }

    @Test
    void everyAlertRuleNamesAnExportedMetric() throws Exception {
        Map<String, String> rules = ruleQueries();
        assertThat(rules).hasSizeGreaterThanOrEqualTo(10);
        assertEveryNameExported(rules);
    }

    @Test
    void theScrapeConfigHasOneJobPerProcessAtItsDefaultPort() throws Exception {
        JsonNode root = YAML.readTree(SCRAPE.toFile());
        Map<String, String> targets = new TreeMap<>();
        for (JsonNode job : root.get("scrape_configs")) {
            targets.put(
                    job.get("job_name").asText(),
                    job.get("static_configs").get(0).get("targets").get(0).asText());
        }
        assertThat(targets)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "flywheel-api", "127.0.0.1:18080",
                                "flywheel-scheduler", "127.0.0.1:18082",
                                "flywheel-supervisor", "127.0.0.1:18083",
                                "flywheel-render-worker", "127.0.0.1:18084",
                                "flywheel-publisher", "127.0.0.1:18085",
                                "flywheel-audience", "127.0.0.1:18086",
                                "flywheel-streaming", "127.0.0.1:18087"));
        assertThat(root.get("rule_files").get(0).asText()).isEqualTo("alerts.yml");
    }

    @Test
    void promtoolAcceptsTheRulesTheScrapeConfigAndEveryPanelQuery() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        assertThat(Files.isExecutable(promtool))
                .as("Debian's prometheus package (./flywheel test installs it)")
                .isTrue();
        assertThat(promtool(promtool, "check", "rules", RULES.toString())).contains("SUCCESS");
        assertThat(promtool(promtool, "check", "config", "--syntax-only", SCRAPE.toString()))
                .contains("SUCCESS");
        // Each panel query as a recording rule: Prometheus's own parser reads every one.
        StringBuilder y = new StringBuilder("groups:\n  - name: panels\n    rules:\n");
        int i = 0;
        for (String expr : panelQueries().values()) {
            y.append("      - record: panel:query:")
                    .append(i++)
                    .append("\n        expr: ")
                    .append(JSON.writeValueAsString(expr.replace("$__rate_interval", "5m")))
                    .append('\n');
        }
        Path panels = tmp.resolve("panel-queries.yml");
        Files.writeString(panels, y.toString());
        assertThat(promtool(promtool, "check", "rules", panels.toString()))
                .contains("SUCCESS: " + i + " rules found");
    }

    private void assertEveryNameExported(Map<String, String> queries) {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, String> q : queries.entrySet()) {
            Set<String> names = PromQlMetricNames.of(q.getValue());
            if (names.isEmpty()) {
                missing.add(q.getKey() + ": names no metric: " + q.getValue());
            }
            for (String n : names) {
                if (!exported(n) && !PROMETHEUS_OWN.contains(n)) {
                    missing.add(q.getKey() + ": " + n);
                }
            }
        }
        assertThat(missing).as("metrics no process exports").isEmpty();
    }

    private boolean exported(String name) {
        return scraped.values().stream().anyMatch(e -> e.exports(name));
    }

    private void scrapeAll() throws Exception {
        for (String p : PORT_KEYS.keySet()) {
            HttpResponse<String> r =
                    http.send(
                            HttpRequest.newBuilder(URI.create(service(p).get("metrics").asText()))
                                    .timeout(Duration.ofSeconds(20))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(p + " /metrics").isEqualTo(200);
            Exposition e = new Exposition();
            e.add(r.body());
            scraped.put(p, e);
        }
    }

    private Map<String, String> queries() throws Exception {
        Map<String, String> all = new LinkedHashMap<>(panelQueries());
        all.putAll(ruleQueries());
        return all;
    }

    /** "file / panel title / refId" to the panel query, rows' panels included. */
    private static Map<String, String> panelQueries() throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                collectPanels(f.getFileName().toString(), JSON.readTree(f.toFile()), out);
            }
        }
        return out;
    }

    private static void collectPanels(String file, JsonNode node, Map<String, String> out) {
        for (JsonNode panel : node.path("panels")) {
            for (JsonNode t : panel.path("targets")) {
                out.put(
                        file
                                + " / "
                                + panel.path("title").asText()
                                + " / "
                                + t.path("refId").asText(),
                        t.path("expr").asText());
            }
            collectPanels(file, panel, out);
        }
    }

    private static Map<String, String> ruleQueries() throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode group : YAML.readTree(RULES.toFile()).get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                String name =
                        rule.has("alert")
                                ? rule.get("alert").asText()
                                : rule.get("record").asText();
                out.put("alerts.yml / " + name, rule.get("expr").asText());
            }
        }
        return out;
    }

    private String promtool(Path promtool, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(promtool.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private JsonNode service(String name) {
        for (JsonNode s : status.get("services")) {
            if (s.get("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no " + name + " in " + status);
    }

    private FlywheelCli.Run flywheel(Duration timeout, String... args) throws Exception {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = config.toString();
        FlywheelCli.Run r = new FlywheelCli(HOME).run(timeout, tmp.resolve(args[0] + ".out"), all);
        System.out.println("$ flywheel " + String.join(" ", args) + "\n" + r.out());
        return r;
    }
}
