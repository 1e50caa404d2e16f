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
 * The production equivalents in {@code infra/} are valid and match the local scheduler: the YAML
 * parses, every manifest runs BatchJobMain with a known job, at the local default intervals, never
 * two at once; the Airflow DAG compiles and has the documented chain ({@code infra/validate.py}).
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
    void kubernetesCronJobsRunBatchJobMainAtTheLocalIntervalsOneAtATime() throws Exception {
        List<JsonNode> docs = documents(INFRA.resolve("kubernetes/batch-cronjobs.yaml"));
        assertThat(docs)
                .extracting(d -> d.get("kind").asText())
                .containsExactly("ConfigMap", "CronJob", "CronJob");
        var defaults =
                ConfigLoader.load(
                                java.util.Optional.empty(),
                                java.util.Map.of(),
                                java.util.Map.of(),
                                INFRA)
                        .scheduler();
        for (JsonNode cron : docs.subList(1, 3)) {
            JsonNode spec = cron.get("spec");
            assertThat(cron.get("apiVersion").asText()).isEqualTo("batch/v1");
            assertThat(spec.get("concurrencyPolicy").asText()).isEqualTo("Forbid");
            JsonNode job = spec.get("jobTemplate").get("spec");
            assertThat(job.get("backoffLimit").asInt()).isEqualTo(defaults.retries());
            assertThat(Duration.ofSeconds(job.get("activeDeadlineSeconds").asLong()))
                    .isEqualTo(defaults.jobTimeout());
            JsonNode container = job.get("template").get("spec").get("containers").get(0);
            List<String> command = new ArrayList<>();
            container.get("command").forEach(n -> command.add(n.asText()));
            assertThat(command).contains("io.flywheel.batch.BatchJobMain");
            String arg = command.get(command.size() - 1);
            assertThat(command.get(command.size() - 2)).endsWith("flywheel-batch-jobs-spark.jar");
            Duration every = cronInterval(spec.get("schedule").asText());
            assertThat(every)
                    .isEqualTo(
                            arg.equals("cycle")
                                    ? defaults.cycleInterval()
                                    : defaults.maintenanceInterval());
            assertThat(container.toString())
                    .doesNotContain("password\":\"")
                    .contains("secretKeyRef");
        }
    }

    @Test
    void scheduledSparkApplicationsRunTheShadedJarWithRetries() throws Exception {
        List<JsonNode> docs =
                documents(INFRA.resolve("kubernetes/spark-scheduled-applications.yaml"));
        assertThat(docs).hasSize(2);
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
        }
        String docker = Files.readString(INFRA.resolve("kubernetes/Dockerfile.batch-jobs"));
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
