package io.flywheel.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Makes a schema as strict as the API server with field validation {@code Strict} (kubectl's
 * default): a field the schema does not name is an error, not silently dropped. Applied to the
 * Kubernetes schemas and the CRDs' openAPIV3Schema alike:
 *
 * <ul>
 *   <li>an object schema with {@code properties} and no {@code additionalProperties} gets {@code
 *       additionalProperties: false}, unless it says {@code x-kubernetes-preserve-unknown-fields};
 *   <li>{@code x-kubernetes-int-or-string} becomes {@code type: [integer, string]};
 *   <li>{@code nullable: true} adds {@code null} to the type;
 *   <li>vendor keywords the validator does not know ({@code x-kubernetes-*}, fabric8's {@code
 *       java*}) are removed, so they neither warn nor validate.
 * </ul>
 */
final class StrictSchemas {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private StrictSchemas() {}

    static void tighten(JsonNode node) {
        if (node instanceof ArrayNode a) {
            a.forEach(StrictSchemas::tighten);
            return;
        }
        if (!(node instanceof ObjectNode o)) {
            return;
        }
        boolean preserve = o.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (o.path("x-kubernetes-int-or-string").asBoolean(false)) {
            o.remove("type");
            o.set("type", F.arrayNode().add("integer").add("string"));
        }
        JsonNode type = o.get("type");
        if (o.path("nullable").asBoolean(false) && type != null && type.isTextual()) {
            o.set("type", F.arrayNode().add(type.asText()).add("null"));
        }
        List<String> drop = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            String key = it.next().getKey();
            if (key.startsWith("x-kubernetes-")
                    || key.startsWith("java")
                    || key.equals("existingJavaType")
                    || key.equals("nullable")) {
                drop.add(key);
            }
        }
        drop.forEach(o::remove);
        if (o.has("properties") && o.get("properties").isObject()) {
            if (!o.has("additionalProperties") && !preserve) {
                o.put("additionalProperties", false);
            }
            o.get("properties").forEach(StrictSchemas::tighten);
        }
        for (String child :
                List.of(
                        "items",
                        "additionalProperties",
                        "definitions",
                        "allOf",
                        "anyOf",
                        "oneOf",
                        "not")) {
            JsonNode c = o.get(child);
            if (c == null) {
                continue;
            }
            if (child.equals("definitions")) {
                c.forEach(StrictSchemas::tighten);
            } else {
                tighten(c);
            }
        }
    }
}
