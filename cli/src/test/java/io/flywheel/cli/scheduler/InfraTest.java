package io.flywheel.cli.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.flywheel.config.ConfigLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The production equivalents in {@code infra/} match the local scheduler: every
 * ScheduledSparkApplication runs BatchJobMain with a known job, at the local default intervals,
 * never two at once, with executors on the cluster; the Airflow DAG compiles and has the documented
 * chain ({@code infra/validate.py}). Schema validation of every manifest is {@code infra-check}'s.
 */
class InfraTest {
    private static final Path INFRA = Path.of(System.getProperty("flywheel.home"), "infra");

    private static List<JsonNode> documents(Path file) throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser p = new YAMLFactory().createParser(file.toFile())) {
            var it = yaml.readValues(p, JsonNode.class);
            while (it.hasNext()) {
                docs.add(it.next());
            }
        }
        return docs;
    }

    /** "*&#47;15 * * * *" → 15m, "7 3 * * *" → 1d: only the two forms the manifests use. */
    private static Duration cronInterval(String cron) {
        String[] f = cron.split(" ");
        if (f[0].startsWith("*/") && f[1].equals("*")) {
            return Duration.ofMinutes(Integer.parseInt(f[0].substring(2)));
        }
        if (f[0].matches("\\d+") && f[1].matches("\\d+") && f[2].equals("*")) {
            return Duration.ofDays(1);
        }
        throw new AssertionError("unexpected schedule " + cron);
    }

    @Test
    void scheduledSparkApplicationsRunTheShadedJarWithRetries() throws Exception {
        List<JsonNode> docs =
                documents(INFRA.resolve("kubernetes/base/spark-scheduled-applications.yaml"));
        assertThat(docs).hasSize(2);
        var defaults =
                ConfigLoader.load(
                                java.util.Optional.empty(),
                                java.util.Map.of(),
                                java.util.Map.of(),
                                INFRA)
                        .scheduler();
        for (JsonNode app : docs) {
            assertThat(app.get("apiVersion").asText()).isEqualTo("sparkoperator.k8s.io/v1beta2");
            assertThat(app.get("kind").asText()).isEqualTo("ScheduledSparkApplication");
            JsonNode spec = app.get("spec");
            assertThat(spec.get("concurrencyPolicy").asText()).isEqualTo("Forbid");
            JsonNode t = spec.get("template");
            assertThat(t.get("mainClass").asText()).isEqualTo(BatchJobLauncher.MAIN_CLASS);
            assertThat(t.get("mainApplicationFile").asText())
                    .endsWith("flywheel-batch-jobs-spark.jar");
            String job = t.get("arguments").get(0).asText();
            assertThat(List.of("cycle", "maintenance")).contains(job);
            assertThat(t.get("restartPolicy").get("onFailureRetries").asInt()).isEqualTo(2);
            assertThat(t.get("sparkVersion").asText()).startsWith("3.5.");
            assertThat(cronInterval(spec.get("schedule").asText()))
                    .isEqualTo(
                            job.equals("cycle")
                                    ? defaults.cycleInterval()
                                    : defaults.maintenanceInterval());
            // Real executors on the cluster, not Spark inside one pod.
            assertThat(t.get("mode").asText()).isEqualTo("cluster");
            assertThat(t.get("executor").get("instances").asInt()).isEqualTo(2);
            assertThat(t.toString()).doesNotContain("local[").contains("secretKeyRef");
        }
        String docker = Files.readString(INFRA.resolve("docker/Dockerfile.batch-jobs"));
        assertThat(docker)
                .contains(
                        "flywheel-batch-jobs-spark.jar /opt/flywheel/flywheel-batch-jobs-spark.jar");
    }

    @Test
    void theAirflowDagCompilesAndChainsTheJobs() throws Exception {
        Process p =
                new ProcessBuilder("python3", INFRA.resolve("validate.py").toString())
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("cycle ingest >> curate >> train >> recommend");
    }
}
