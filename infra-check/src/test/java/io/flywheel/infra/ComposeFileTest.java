package io.flywheel.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * infra/docker-compose.yml is valid against the compose specification's schema and runs the cluster
 * profile: 3 KRaft nodes, Flink's JobManager and 2 TaskManagers, Spark's master and 2 workers, the
 * S3 server, PostgreSQL, Flywheel's processes, Prometheus and Grafana. Docker is not installed
 * here, so this is as far as the file can be checked.
 */
class ComposeFileTest {
    static final Path COMPOSE =
            Path.of(System.getProperty("flywheel.home"), "infra", "docker-compose.yml");
    static ComposeValidator validator;

    @BeforeAll
    static void load() {
        validator = ComposeValidator.load();
    }

    @Test
    void theComposeFileIsValidAndRunsTheClusterProfile() {
        assertThat(validator.validate(COMPOSE)).isEmpty();
        JsonNode compose = YamlDocuments.read(COMPOSE).get(0);
        List<String> services = iterable(compose.path("services").fieldNames());
        assertThat(services)
                .containsExactlyInAnyOrder(
                        "kafka-1",
                        "kafka-2",
                        "kafka-3",
                        "s3-bucket",
                        "s3",
                        "postgres",
                        "flink-jobmanager",
                        "flink-taskmanager-1",
                        "flink-taskmanager-2",
                        "flink-submit",
                        "spark-master",
                        "spark-worker-1",
                        "spark-worker-2",
                        "api",
                        "render-worker",
                        "publisher",
                        "audience",
                        "scheduler",
                        "prometheus",
                        "grafana");
        JsonNode s = compose.path("services");
        // the merge keys resolved: each Kafka node has the shared settings and its own id
        for (int i = 1; i <= 3; i++) {
            JsonNode env = s.path("kafka-" + i).path("environment");
            assertThat(env.path("KAFKA_NODE_ID").asInt()).isEqualTo(i);
            assertThat(env.path("KAFKA_CONTROLLER_QUORUM_VOTERS").asText())
                    .isEqualTo("1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093");
            assertThat(env.path("KAFKA_MIN_INSYNC_REPLICAS").asInt()).isEqualTo(2);
        }
        assertThat(s.at("/render-worker/deploy/replicas").asInt()).isEqualTo(2);
        // secrets from the shell's environment, required, never a value in the file
        assertThat(s.at("/api/environment/FLYWHEEL_POSTGRES_PASSWORD").asText())
                .startsWith("${FLYWHEEL_POSTGRES_PASSWORD:?");
        assertThat(s.at("/flink-submit/command").toString())
                .contains("io.flywheel.streaming.ClusterJobs", "flywheel-streaming-jobs-job.jar");
    }

    @Test
    void aBrokenComposeFileIsRefused() {
        ObjectNode compose = (ObjectNode) YamlDocuments.read(COMPOSE).get(0);
        ((ObjectNode) compose.at("/services/api")).put("restart_policy", "always");
        ((ObjectNode) compose.at("/services/postgres")).put("ports", "5432");
        ((ObjectNode) compose.at("/services/grafana")).putArray("depends_on").add("prometheus2");
        ((ObjectNode) compose.at("/services/kafka-1")).putArray("volumes").add("kafka-9:/data");
        assertThat(validator.validate(compose, COMPOSE.getParent()))
                .hasSize(4)
                .anySatisfy(p -> assertThat(p).contains("restart_policy"))
                .anySatisfy(p -> assertThat(p).contains("/services/postgres/ports"))
                .contains("grafana: depends on unknown service prometheus2")
                .contains("kafka-1: volume kafka-9 is not declared");
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
