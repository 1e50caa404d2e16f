package io.flywheel.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The JSON schemas of Kubernetes' built-in kinds, as fabric8 publishes them in its model jars
 * ({@code io.fabric8:kubernetes-model-core/apps/batch/autoscaling}, {@code
 * schema/validation-schema.json}, generated from the Kubernetes API types). They are written for
 * fabric8's Java code generator, so they are turned into what the API server accepts in JSON:
 *
 * <ul>
 *   <li>{@code IntOrString} is an integer or a string (fabric8: an object with {@code IntVal});
 *   <li>{@code Quantity} is a string or a number (fabric8: an object with {@code Format});
 *   <li>{@code "required": true} on a property (draft 3) becomes the object's {@code required};
 *   <li>objects that list their properties allow no others (fabric8 says {@code
 *       additionalProperties: true} everywhere; the API server rejects unknown fields under strict
 *       field validation), see {@link StrictSchemas}.
 * </ul>
 */
public final class KubernetesSchemas {
    private static final String RESOURCE = "schema/validation-schema.json";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final ObjectNode definitions;

    /** "apps/v1 Deployment" → the definition's name. */
    private final Map<String, String> kinds;

    private KubernetesSchemas(ObjectNode definitions, Map<String, String> kinds) {
        this.definitions = definitions;
        this.kinds = kinds;
    }

    /** The schemas of every fabric8 model jar on the class path. */
    public static KubernetesSchemas load() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode defs = F.objectNode();
        try {
            List<URL> urls =
                    Collections.list(
                            KubernetesSchemas.class.getClassLoader().getResources(RESOURCE));
            if (urls.isEmpty()) {
                throw new IllegalStateException(
                        "no " + RESOURCE + " on the class path (io.fabric8:kubernetes-model-*)");
            }
            for (URL u : urls) {
                try (InputStream in = u.openStream()) {
                    JsonNode schema = json.readTree(in);
                    schema.get("definitions")
                            .fields()
                            .forEachRemaining(e -> defs.set(e.getKey(), e.getValue()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        Map<String, String> kinds = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = defs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode props = e.getValue().path("properties");
            String apiVersion = props.path("apiVersion").path("default").asText("");
            String kind = props.path("kind").path("default").asText("");
            if (!apiVersion.isEmpty() && !kind.isEmpty() && !kind.endsWith("List")) {
                kinds.put(apiVersion + " " + kind, e.getKey());
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = defs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String java = e.getValue().path("existingJavaType").asText("");
            if (java.endsWith("IntOrString")) {
                e.setValue(F.objectNode().set("type", F.arrayNode().add("integer").add("string")));
            } else if (java.equals("Quantity") || java.endsWith(".Quantity")) {
                e.setValue(F.objectNode().set("type", F.arrayNode().add("string").add("number")));
            } else {
                fromFabric8((ObjectNode) e.getValue());
            }
        }
        defs.forEach(StrictSchemas::tighten);
        return new KubernetesSchemas(defs, kinds);
    }

    /** draft-3 {@code required: true} to draft-4+ and no blanket {@code additionalProperties}. */
    private static void fromFabric8(ObjectNode def) {
        JsonNode props = def.get("properties");
        if (props == null || !props.isObject()) {
            return;
        }
        if (def.path("additionalProperties").isBoolean()) {
            def.remove("additionalProperties");
        }
        List<String> required = new ArrayList<>();
        props.fields()
                .forEachRemaining(
                        p -> {
                            if (p.getValue() instanceof ObjectNode o
                                    && o.path("required").isBoolean()) {
                                if (o.get("required").asBoolean()) {
                                    required.add(p.getKey());
                                }
                                o.remove("required");
                                // a default (fabric8's apiVersion/kind) is not a constraint
                                o.remove("default");
                            }
                        });
        if (!required.isEmpty()) {
            def.set("required", F.arrayNode().addAll(required.stream().map(F::textNode).toList()));
        }
    }

    /** The schema of {@code apiVersion}/{@code kind}, if Kubernetes itself defines it. */
    public Optional<ObjectNode> schema(String apiVersion, String kind) {
        String def = kinds.get(apiVersion + " " + kind);
        return def == null ? Optional.empty() : Optional.of(schemaOf(def));
    }

    /** A schema whose root is the named definition, with every definition it may refer to. */
    public ObjectNode schemaOf(String definition) {
        if (!definitions.has(definition)) {
            throw new IllegalArgumentException("no Kubernetes definition " + definition);
        }
        ObjectNode s = F.objectNode();
        s.put("$ref", "#/definitions/" + definition);
        s.set("definitions", definitions);
        return s;
    }

    /** e.g. "apps/v1 Deployment", each kind the schemas cover. */
    public java.util.Set<String> kinds() {
        return Collections.unmodifiableSet(kinds.keySet());
    }
}
