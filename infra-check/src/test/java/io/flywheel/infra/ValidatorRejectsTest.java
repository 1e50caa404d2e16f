package io.flywheel.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The validator fails what the API server or the operators would refuse, and what the project's
 * rules forbid: each case breaks one thing in a manifest that is valid as committed, and the
 * validator names exactly that.
 */
class ValidatorRejectsTest {
    static ManifestValidator validator;
    static List<JsonNode> base;

    @BeforeAll
    static void load() {
        validator = ManifestValidator.load();
        base = Kustomization.render(InfraManifestsTest.KUBERNETES.resolve("base"));
    }

    static ObjectNode copy(String kind, String name) {
        ObjectNode doc = InfraManifestsTest.find(base, kind, name).deepCopy();
        assertThat(validator.validate(doc)).as("the unbroken " + kind).isEmpty();
        return doc;
    }

    @Test
    void aFlinkDeploymentWithAStringParallelism() {
        ObjectNode flink = copy("FlinkDeployment", "flywheel-engagement");
        ((ObjectNode) flink.at("/spec/job")).put("parallelism", "two");
        assertThat(validator.validate(flink))
                .singleElement()
                .asString()
                .contains("/spec/job/parallelism")
                .contains("string found, integer expected");
    }

    @Test
    void aFlinkDeploymentWithAnUnknownUpgradeMode() {
        ObjectNode flink = copy("FlinkDeployment", "flywheel-ops");
        ((ObjectNode) flink.at("/spec/job")).put("upgradeMode", "snapshot");
        assertThat(validator.validate(flink))
                .singleElement()
                .asString()
                .contains("/spec/job/upgradeMode")
                .contains("[\"last-state\", \"savepoint\", \"stateless\"]");
    }

    @Test
    void aFlinkDeploymentWithAFlinkVersionTheOperatorDoesNotKnowOrAMisspeltField() {
        ObjectNode flink = copy("FlinkDeployment", "flywheel-ops");
        ((ObjectNode) flink.get("spec")).put("flinkVersion", "v2_9");
        ((ObjectNode) flink.at("/spec/job")).put("entrypoint", "io.flywheel.streaming.ClusterJobs");
        assertThat(validator.validate(flink))
                .hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("/spec/flinkVersion"))
                .anySatisfy(p -> assertThat(p).contains("'entrypoint' is not defined"));
    }

    @Test
    void aDeploymentWithoutResourcesOrProbes() {
        ObjectNode api = copy("Deployment", "flywheel-api");
        ObjectNode c = (ObjectNode) api.at("/spec/template/spec/containers/0");
        c.remove(List.of("resources", "readinessProbe", "livenessProbe"));
        assertThat(validator.validate(api))
                .containsExactlyInAnyOrder(
                        "Deployment/flywheel-api container strategy-api: no resources.requests.cpu",
                        "Deployment/flywheel-api container strategy-api: no resources.requests.memory",
                        "Deployment/flywheel-api container strategy-api: no resources.limits.cpu",
                        "Deployment/flywheel-api container strategy-api: no resources.limits.memory",
                        "Deployment/flywheel-api container strategy-api: no readinessProbe",
                        "Deployment/flywheel-api container strategy-api: no livenessProbe");
    }

    @Test
    void aSecretWrittenIntoAManifest() {
        ObjectNode worker = copy("Deployment", "flywheel-render-worker");
        ArrayNode env = (ArrayNode) worker.at("/spec/template/spec/containers/0/env");
        env.addObject().put("name", "FLYWHEEL_RENDER_OPENAI_API_KEY").put("value", "sk-123");
        assertThat(validator.validate(worker))
                .containsExactly(
                        "Deployment/flywheel-render-worker: FLYWHEEL_RENDER_OPENAI_API_KEY has a"
                                + " value; secrets come from valueFrom.secretKeyRef");
    }

    @Test
    void kubernetesKindsAreCheckedAgainstTheirSchemaStrictly() {
        ObjectNode api = copy("Deployment", "flywheel-api");
        ((ObjectNode) api.get("spec")).put("replicas", "2");
        ((ObjectNode) api.at("/spec/template/spec/containers/0")).put("imagePullPolicy", 3);
        ((ObjectNode) api.at("/spec/template/spec/containers/0")).put("livenesProbe", "typo");
        assertThat(validator.validate(api))
                .hasSize(3)
                .anySatisfy(p -> assertThat(p).contains("/spec/replicas").contains("string found"))
                .anySatisfy(
                        p -> assertThat(p).contains("imagePullPolicy").contains("integer found"))
                .anySatisfy(p -> assertThat(p).contains("'livenesProbe' is not defined"));

        ObjectNode service = copy("Service", "flywheel-api");
        // targetPort is an int-or-string (a named port here); port must be a number
        ((ObjectNode) service.at("/spec/ports/0")).put("port", "http");
        assertThat(validator.validate(service))
                .singleElement()
                .asString()
                .contains("/spec/ports/0/port");
    }

    @Test
    void operatorKindsAreCheckedAgainstTheirCrd() {
        ObjectNode topic = copy("KafkaTopic", "flywheel.dlq");
        ((ObjectNode) topic.get("spec")).put("replicas", "three");
        assertThat(validator.validate(topic)).singleElement().asString().contains("/spec/replicas");

        ObjectNode pool = copy("KafkaNodePool", "dual-role");
        ((ArrayNode) pool.at("/spec/roles")).add("zookeeper");
        assertThat(validator.validate(pool)).singleElement().asString().contains("/spec/roles/2");

        ObjectNode scaled = copy("ScaledObject", "flywheel-render-worker");
        ((ObjectNode) scaled.get("spec")).remove("scaleTargetRef");
        assertThat(validator.validate(scaled))
                .singleElement()
                .asString()
                .contains("required property 'scaleTargetRef' not found");

        ObjectNode spark = copy("ScheduledSparkApplication", "flywheel-cycle");
        ((ObjectNode) spark.at("/spec/template")).put("mode", "local");
        assertThat(validator.validate(spark))
                .singleElement()
                .asString()
                .contains("/spec/template/mode");

        ObjectNode kafka = copy("Kafka", "flywheel");
        ((ObjectNode) kafka.get("spec")).putObject("zookeeper").put("replicas", 3);
        assertThat(validator.validate(kafka))
                .singleElement()
                .asString()
                .contains("'zookeeper' is not defined");
    }

    @Test
    void metadataOfCustomResourcesIsCheckedLikeAnyObjects() {
        ObjectNode topic = copy("KafkaTopic", "flywheel.dlq");
        ((ObjectNode) topic.get("metadata")).put("labels", "strimzi.io/cluster=flywheel");
        assertThat(validator.validate(topic))
                .singleElement()
                .asString()
                .contains("metadata")
                .contains("labels");
    }

    @Test
    void aKindWithoutSchemaIsAnError() {
        ObjectNode doc = copy("ConfigMap", "flywheel-config");
        doc.put("apiVersion", "v2");
        assertThat(validator.validate(doc))
                .containsExactly("ConfigMap/flywheel-config: no schema for v2 ConfigMap");
    }
}
