package io.flywheel.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code openAPIV3Schema} of each served version of the operators' CustomResourceDefinitions,
 * as the API server validates a custom resource (made strict by {@link StrictSchemas}). The CRDs
 * are copied unchanged from the operators' releases into {@code src/main/resources/schemas}; which
 * release each comes from is in infra/README.md and in the file names.
 */
public final class CrdSchemas {
    /** The CRDs Flywheel's manifests use. */
    public static final List<String> FILES =
            List.of(
                    "strimzi-1.2.0-040-Crd-kafka.yaml",
                    "strimzi-1.2.0-043-Crd-kafkatopic.yaml",
                    "strimzi-1.2.0-045-Crd-kafkanodepool.yaml",
                    "flink-kubernetes-operator-1.15-flinkdeployments.flink.apache.org-v1.yml",
                    "spark-operator-2.5.2-sparkoperator.k8s.io_scheduledsparkapplications.yaml",
                    "keda-2.20.2-keda.sh_scaledobjects.yaml");

    /** "group/version Kind" → the schema. */
    private final Map<String, ObjectNode> schemas;

    private CrdSchemas(Map<String, ObjectNode> schemas) {
        this.schemas = schemas;
    }

    public static CrdSchemas load() {
        Map<String, ObjectNode> schemas = new TreeMap<>();
        for (String file : FILES) {
            for (JsonNode crd : read("schemas/" + file)) {
                if (!"CustomResourceDefinition".equals(crd.path("kind").asText())) {
                    throw new IllegalStateException(file + " is not a CustomResourceDefinition");
                }
                String group = crd.path("spec").path("group").asText();
                String kind = crd.path("spec").path("names").path("kind").asText();
                for (JsonNode v : crd.path("spec").path("versions")) {
                    if (!v.path("served").asBoolean(false)) {
                        continue;
                    }
                    JsonNode s = v.path("schema").path("openAPIV3Schema");
                    if (!(s instanceof ObjectNode schema)) {
                        throw new IllegalStateException(
                                file + " has no openAPIV3Schema for " + v.path("name"));
                    }
                    implicitFields(schema);
                    StrictSchemas.tighten(schema);
                    schemas.put(group + "/" + v.path("name").asText() + " " + kind, schema);
                }
            }
        }
        return new CrdSchemas(schemas);
    }

    /**
     * The API server accepts apiVersion, kind and metadata on every object whether or not the CRD's
     * schema names them (the Flink operator's does not).
     */
    private static void implicitFields(ObjectNode schema) {
        ObjectNode props =
                schema.has("properties")
                        ? (ObjectNode) schema.get("properties")
                        : schema.putObject("properties");
        for (String f : List.of("apiVersion", "kind")) {
            if (!props.has(f)) {
                props.putObject(f).put("type", "string");
            }
        }
        if (!props.has("metadata")) {
            props.putObject("metadata").put("type", "object");
        }
    }

    private static List<JsonNode> read(String resource) {
        try (InputStream in = CrdSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + " on the class path");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return YamlDocuments.parse(text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    public Optional<ObjectNode> schema(String apiVersion, String kind) {
        return Optional.ofNullable(schemas.get(apiVersion + " " + kind));
    }

    /** e.g. "flink.apache.org/v1beta1 FlinkDeployment", each served version of each CRD. */
    public java.util.Set<String> kinds() {
        return Collections.unmodifiableSet(schemas.keySet());
    }
}
