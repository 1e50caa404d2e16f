package io.flywheel.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a Kubernetes manifest against the schema of its {@code apiVersion} and {@code kind}: the
 * Kubernetes schemas for built-in kinds ({@link KubernetesSchemas}), the operators' CRDs for custom
 * resources ({@link CrdSchemas}, whose {@code metadata} is checked against Kubernetes' ObjectMeta,
 * as the API server does), then the project's own rules ({@link ProjectRules}). A kind neither
 * knows is an error: nothing passes unchecked.
 */
public final class ManifestValidator {
    private static final JsonSchemaFactory FACTORY =
            JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
    private static final SchemaValidatorsConfig CONFIG =
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(false).build();

    private final KubernetesSchemas kubernetes;
    private final CrdSchemas crds;
    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

    public ManifestValidator(KubernetesSchemas kubernetes, CrdSchemas crds) {
        this.kubernetes = kubernetes;
        this.crds = crds;
    }

    public static ManifestValidator load() {
        return new ManifestValidator(KubernetesSchemas.load(), CrdSchemas.load());
    }

    /** Each problem as "Kind/name: where: what"; empty when the manifest is valid. */
    public List<String> validate(JsonNode manifest) {
        String apiVersion = manifest.path("apiVersion").asText("");
        String kind = manifest.path("kind").asText("");
        String name = manifest.path("metadata").path("name").asText("?");
        String label = kind + "/" + name;
        List<String> problems = new ArrayList<>();
        if (apiVersion.isEmpty() || kind.isEmpty()) {
            problems.add(label + ": no apiVersion or kind");
            return problems;
        }
        Optional<JsonSchema> builtIn =
                kubernetes
                        .schema(apiVersion, kind)
                        .map(s -> compile("k8s " + apiVersion + kind, s));
        Optional<JsonSchema> custom =
                crds.schema(apiVersion, kind).map(s -> compile("crd " + apiVersion + kind, s));
        if (builtIn.isEmpty() && custom.isEmpty()) {
            problems.add(label + ": no schema for " + apiVersion + " " + kind);
            return problems;
        }
        JsonSchema schema = builtIn.orElseGet(custom::get);
        report(label, schema.validate(manifest), problems);
        if (custom.isPresent()) {
            JsonSchema meta =
                    compile(
                            "k8s ObjectMeta",
                            kubernetes.schemaOf("kubernetes_apimachinery_ObjectMeta"));
            report(label + " metadata", meta.validate(manifest.path("metadata")), problems);
        }
        problems.addAll(ProjectRules.check(manifest));
        return problems;
    }

    private static void report(String label, Iterable<ValidationMessage> ms, List<String> out) {
        for (ValidationMessage m : ms) {
            out.add(label + ": " + m.getMessage());
        }
    }

    private JsonSchema compile(String key, ObjectNode schema) {
        return compiled.computeIfAbsent(key, k -> FACTORY.getSchema(schema, CONFIG));
    }
}
