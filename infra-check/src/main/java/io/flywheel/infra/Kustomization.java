package io.flywheel.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a kustomization the way {@code kubectl kustomize} does, for the part of kustomize that
 * infra/kubernetes uses (no kustomize binary is installable here): {@code resources} (files, or
 * directories holding a kustomization.yaml), {@code namespace}, {@code labels} without selectors,
 * and {@code patches} by path whose patches hold no lists (for those a strategic merge is a JSON
 * merge patch: maps merge, scalars replace, {@code null} deletes). Anything else in a
 * kustomization, or a list in a patch, is refused with its name, so the renderer never silently
 * differs from kustomize.
 */
public final class Kustomization {
    private static final Set<String> SUPPORTED =
            Set.of("apiVersion", "kind", "resources", "namespace", "labels", "patches");

    /** Kinds that live outside a namespace (of those kustomize knows; none used here). */
    private static final Set<String> CLUSTER_SCOPED =
            Set.of("Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding");

    private Kustomization() {}

    /** The manifests of the kustomization in {@code dir}, in kustomize's resource order. */
    public static List<JsonNode> render(Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no kustomization.yaml in " + dir);
        }
        List<JsonNode> docs = YamlDocuments.read(file);
        if (docs.size() != 1) {
            throw new IllegalArgumentException(file + " must hold one document");
        }
        JsonNode k = docs.get(0);
        for (Iterator<String> it = k.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!SUPPORTED.contains(key)) {
                throw new IllegalArgumentException(
                        file + ": '" + key + "' is not supported by this renderer " + SUPPORTED);
            }
        }
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode r : k.path("resources")) {
            Path p = dir.resolve(r.asText()).normalize();
            if (Files.isDirectory(p)) {
                out.addAll(render(p));
            } else if (Files.isRegularFile(p)) {
                out.addAll(YamlDocuments.read(p));
            } else {
                throw new IllegalArgumentException(
                        file + ": resource " + r.asText() + " not found");
            }
        }
        for (JsonNode patch : k.path("patches")) {
            if (!patch.has("path") || patch.size() != 1) {
                throw new IllegalArgumentException(
                        file + ": only patches with a path alone are supported, not " + patch);
            }
            for (JsonNode p : YamlDocuments.read(dir.resolve(patch.path("path").asText()))) {
                apply(p, out, file + " patch " + patch.path("path").asText());
            }
        }
        for (JsonNode l : k.path("labels")) {
            if (l.path("includeSelectors").asBoolean(false) || l.has("fields")) {
                throw new IllegalArgumentException(
                        file + ": labels with selectors or fields are not supported");
            }
            for (JsonNode m : out) {
                ObjectNode meta = metadata(m);
                ObjectNode labels =
                        meta.has("labels")
                                ? (ObjectNode) meta.get("labels")
                                : meta.putObject("labels");
                l.path("pairs")
                        .fields()
                        .forEachRemaining(e -> labels.set(e.getKey(), e.getValue()));
            }
        }
        if (k.hasNonNull("namespace")) {
            for (JsonNode m : out) {
                if (!CLUSTER_SCOPED.contains(m.path("kind").asText())) {
                    metadata(m).put("namespace", k.get("namespace").asText());
                }
            }
        }
        return out;
    }

    private static ObjectNode metadata(JsonNode m) {
        ObjectNode o = (ObjectNode) m;
        return o.has("metadata") ? (ObjectNode) o.get("metadata") : o.putObject("metadata");
    }

    private static void apply(JsonNode patch, List<JsonNode> resources, String where) {
        noLists(patch, where);
        String kind = patch.path("kind").asText();
        String name = patch.path("metadata").path("name").asText();
        JsonNode target =
                resources.stream()
                        .filter(r -> r.path("kind").asText().equals(kind))
                        .filter(r -> r.path("metadata").path("name").asText().equals(name))
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                where + ": no " + kind + "/" + name + " to patch"));
        merge((ObjectNode) target, patch);
    }

    private static void noLists(JsonNode n, String where) {
        if (n.isArray()) {
            throw new IllegalArgumentException(
                    where + ": lists in patches are not supported (kustomize merges them by key)");
        }
        n.forEach(c -> noLists(c, where));
    }

    /** RFC 7386 JSON merge patch. */
    private static void merge(ObjectNode target, JsonNode patch) {
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isNull()) {
                target.remove(e.getKey());
            } else if (v.isObject() && target.get(e.getKey()) instanceof ObjectNode t) {
                merge(t, v);
            } else {
                target.set(e.getKey(), v.deepCopy());
            }
        }
    }
}
