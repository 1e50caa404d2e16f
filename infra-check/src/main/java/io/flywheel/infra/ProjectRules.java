package io.flywheel.infra;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Flywheel's own rules for its manifests, beyond what the schemas require:
 *
 * <ul>
 *   <li>every container of a Deployment has CPU and memory requests and limits, a readiness and a
 *       liveness probe;
 *   <li>a secret is referenced, never written: an environment variable whose name says password,
 *       secret, token or key has no {@code value} (only {@code valueFrom.secretKeyRef}), in any
 *       kind (Deployments, the FlinkDeployments' pod templates, the Spark applications);
 *   <li>images carry a fixed tag, not {@code latest} or none.
 * </ul>
 */
public final class ProjectRules {
    private static final Pattern SECRET_NAME =
            Pattern.compile("(?i).*(PASSWORD|SECRET|TOKEN|ACCESS_KEY|API_KEY|CREDENTIAL).*");

    private ProjectRules() {}

    public static List<String> check(JsonNode manifest) {
        String label =
                manifest.path("kind").asText()
                        + "/"
                        + manifest.path("metadata").path("name").asText();
        List<String> problems = new ArrayList<>();
        if ("Deployment".equals(manifest.path("kind").asText())) {
            for (JsonNode c :
                    manifest.path("spec").path("template").path("spec").path("containers")) {
                String where = label + " container " + c.path("name").asText();
                for (String kind : List.of("requests", "limits")) {
                    for (String r : List.of("cpu", "memory")) {
                        if (c.path("resources").path(kind).path(r).isMissingNode()) {
                            problems.add(where + ": no resources." + kind + "." + r);
                        }
                    }
                }
                for (String probe : List.of("readinessProbe", "livenessProbe")) {
                    if (!c.has(probe)) {
                        problems.add(where + ": no " + probe);
                    }
                }
            }
        }
        walk(manifest, label, problems);
        return problems;
    }

    /** Every {@code env} list and {@code image} anywhere in the manifest. */
    private static void walk(JsonNode node, String label, List<String> problems) {
        if (node.isObject()) {
            node.fields()
                    .forEachRemaining(
                            e -> {
                                if (e.getKey().equals("env") && e.getValue().isArray()) {
                                    for (JsonNode v : e.getValue()) {
                                        String name = v.path("name").asText();
                                        if (SECRET_NAME.matcher(name).matches() && v.has("value")) {
                                            problems.add(
                                                    label
                                                            + ": "
                                                            + name
                                                            + " has a value; secrets come from"
                                                            + " valueFrom.secretKeyRef");
                                        }
                                    }
                                }
                                if (e.getKey().equals("image") && e.getValue().isTextual()) {
                                    String image = e.getValue().asText();
                                    String last = image.substring(image.lastIndexOf('/') + 1);
                                    if (!last.contains(":") || last.endsWith(":latest")) {
                                        problems.add(
                                                label + ": image " + image + " has no fixed tag");
                                    }
                                }
                                walk(e.getValue(), label, problems);
                            });
        } else if (node.isArray()) {
            node.forEach(n -> walk(n, label, problems));
        }
    }
}
