package io.flywheel.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flywheel.config.ConfigLoader;
import io.flywheel.schemas.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every manifest in infra/kubernetes, as rendered for the base and for overlays/local, is valid
 * against its Kubernetes or operator CRD schema and the project's rules, and agrees with the code:
 * the topics are Flywheel's, the ConfigMap's keys are keys the config knows.
 */
class InfraManifestsTest {
    static final Path KUBERNETES =
            Path.of(System.getProperty("flywheel.home"), "infra", "kubernetes");
    static ManifestValidator validator;

    @BeforeAll
    static void load() {
        validator = ManifestValidator.load();
    }

    static Map<String, Long> kinds(List<JsonNode> docs) {
        return docs.stream()
                .collect(
                        Collectors.groupingBy(
                                d -> d.path("kind").asText(), TreeMap::new, Collectors.counting()));
    }

    static List<String> problems(List<JsonNode> docs) {
        List<String> problems = new ArrayList<>();
        docs.forEach(d -> problems.addAll(validator.validate(d)));
        return problems;
    }

    @Test
    void theBaseAndTheLocalOverlayRenderToValidManifests() {
        Map<String, Long> expected = new TreeMap<>();
        expected.put("ConfigMap", 1L);
        expected.put("Deployment", 4L);
        expected.put("FlinkDeployment", 3L);
        expected.put("Kafka", 1L);
        expected.put("KafkaNodePool", 1L);
        expected.put("KafkaTopic", 7L);
        expected.put("ScaledObject", 1L);
        expected.put("ScheduledSparkApplication", 2L);
        expected.put("Service", 4L);
        for (String dir : List.of("base", "overlays/local")) {
            List<JsonNode> docs = Kustomization.render(KUBERNETES.resolve(dir));
            assertThat(kinds(docs)).as(dir).isEqualTo(expected);
            assertThat(problems(docs)).as(dir).isEmpty();
        }
    }

    @Test
    void everyFileOfTheBaseIsValidOnItsOwn() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(KUBERNETES.resolve("base"))) {
            files =
                    s.filter(p -> p.toString().endsWith(".yaml"))
                            .filter(p -> !p.endsWith("kustomization.yaml"))
                            .sorted()
                            .toList();
        }
        assertThat(files).hasSize(10);
        for (Path f : files) {
            assertThat(problems(YamlDocuments.read(f))).as(f.toString()).isEmpty();
        }
    }

    @Test
    void theLocalOverlayPatchesWhatItSays() {
        List<JsonNode> docs = Kustomization.render(KUBERNETES.resolve("overlays/local"));
        assertThat(docs)
                .allSatisfy(
                        d ->
                                assertThat(d.at("/metadata/namespace").asText())
                                        .isEqualTo("flywheel"));
        assertThat(docs)
                .allSatisfy(
                        d ->
                                assertThat(
                                                d.at("/metadata/labels/app.kubernetes.io~1part-of")
                                                        .asText())
                                        .isEqualTo("flywheel"));
        JsonNode api = find(docs, "Deployment", "flywheel-api");
        assertThat(api.at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(
                        find(
                                        Kustomization.render(KUBERNETES.resolve("base")),
                                        "Deployment",
                                        "flywheel-api")
                                .at("/spec/replicas")
                                .asInt())
                .isEqualTo(2);
        JsonNode config = find(docs, "ConfigMap", "flywheel-config");
        assertThat(config.at("/data/FLYWHEEL_STORAGE_S3_ENDPOINT").asText())
                .isEqualTo("http://flywheel-s3:9000");
        // the patch merged into the ConfigMap, it did not replace it
        assertThat(config.at("/data/FLYWHEEL_KAFKA_BOOTSTRAP_SERVERS").asText())
                .isEqualTo("flywheel-kafka-bootstrap:9092");
        for (String job : List.of("flywheel-engagement", "flywheel-ops", "flywheel-trends")) {
            JsonNode flink = find(docs, "FlinkDeployment", job);
            assertThat(flink.at("/spec/flinkConfiguration/s3.endpoint").asText())
                    .isEqualTo("http://flywheel-s3:9000");
            assertThat(flink.at("/spec/flinkConfiguration/execution.checkpointing.dir").asText())
                    .isEqualTo("s3://flywheel/flink/checkpoints");
            assertThat(flink.at("/spec/taskManager/resource/memory").asText()).isEqualTo("1536m");
        }
    }

    @Test
    void theTopicsAreFlywheelsWithThreeReplicasAndTwoInSync() {
        List<JsonNode> topics =
                Kustomization.render(KUBERNETES.resolve("base")).stream()
                        .filter(d -> d.path("kind").asText().equals("KafkaTopic"))
                        .toList();
        List<String> expected = new ArrayList<>(Topic.allNames("flywheel."));
        // the streaming jobs' KPI topic (io.flywheel.streaming.Endpoints.KPI_VIDEO_SUFFIX)
        expected.add("flywheel.kpi.video");
        assertThat(topics)
                .extracting(t -> t.at("/metadata/name").asText())
                .containsExactlyInAnyOrderElementsOf(expected);
        var defaults =
                ConfigLoader.load(Optional.empty(), Map.of(), Map.of(), Path.of(".")).kafka();
        for (JsonNode t : topics) {
            assertThat(t.at("/spec/replicas").asInt()).isEqualTo(3);
            assertThat(t.at("/spec/partitions").asInt()).isEqualTo(defaults.partitions());
            assertThat(t.at("/spec/config/min.insync.replicas").asInt()).isEqualTo(2);
            assertThat(t.at("/spec/config/retention.ms").asLong())
                    .isEqualTo(defaults.retentionMs());
            assertThat(t.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo("flywheel");
        }
    }

    @Test
    void theConfigMapSetsOnlyKeysTheConfigKnows() {
        for (String dir : List.of("base", "overlays/local")) {
            JsonNode config =
                    find(
                            Kustomization.render(KUBERNETES.resolve(dir)),
                            "ConfigMap",
                            "flywheel-config");
            Map<String, String> env = new HashMap<>();
            config.path("data")
                    .fields()
                    .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            // the Secrets' keys, as the pods get them
            env.put("FLYWHEEL_POSTGRES_PASSWORD", "from-the-secret");
            env.put("FLYWHEEL_STORAGE_S3_ACCESS_KEY", "from-the-secret");
            env.put("FLYWHEEL_STORAGE_S3_SECRET_KEY", "from-the-secret");
            var c = ConfigLoader.load(Optional.empty(), env, Map.of(), Path.of("/opt/flywheel"));
            assertThat(c.kafka().embedded()).isFalse();
            assertThat(c.kafka().replicationFactor()).isEqualTo((short) 3);
            assertThat(c.storage().s3()).as(dir).isTrue();
        }
    }

    @Test
    void theStreamingJobsRunTheJobJarWithSavepointUpgrades() {
        List<JsonNode> docs = Kustomization.render(KUBERNETES.resolve("base"));
        for (String job : List.of("engagement", "ops", "trends")) {
            JsonNode spec = find(docs, "FlinkDeployment", "flywheel-" + job).path("spec");
            assertThat(spec.at("/job/jarURI").asText())
                    .isEqualTo("local:///opt/flink/usrlib/flywheel-streaming-jobs-job.jar");
            assertThat(spec.at("/job/entryClass").asText())
                    .isEqualTo("io.flywheel.streaming.ClusterJobs");
            assertThat(spec.at("/job/args").toString()).isEqualTo("[\"--job\",\"" + job + "\"]");
            assertThat(spec.at("/job/upgradeMode").asText()).isEqualTo("savepoint");
            assertThat(spec.at("/flinkVersion").asText()).isEqualTo("v2_2");
            assertThat(
                            spec.at("/flinkConfiguration/execution.checkpointing.savepoint-dir")
                                    .asText())
                    .isEqualTo("s3://flywheel/flink/savepoints");
            assertThat(spec.at("/flinkConfiguration/metrics.reporter.prom.factory.class").asText())
                    .isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        }
    }

    static JsonNode find(List<JsonNode> docs, String kind, String name) {
        return docs.stream()
                .filter(d -> d.path("kind").asText().equals(kind))
                .filter(d -> d.at("/metadata/name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + "/" + name));
    }
}
