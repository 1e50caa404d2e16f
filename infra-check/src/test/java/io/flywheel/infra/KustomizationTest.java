package io.flywheel.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The renderer does what kustomize does for the features infra/kubernetes uses (its output for the
 * base and overlays/local was compared with {@code kubectl kustomize} 5.5.0: identical), and
 * refuses the rest rather than rendering something kustomize would not.
 */
class KustomizationTest {
    @TempDir Path dir;

    private void write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    void anOverlayMergesItsPatchesSetsItsNamespaceAndLabels() throws Exception {
        write(
                "base/kustomization.yaml",
                "resources: [cm.yaml]\nlabels:\n  - pairs: {team: video}\n");
        write(
                "base/cm.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {A: '1', B: '2', C: '3'}\n");
        write(
                "local/kustomization.yaml",
                "namespace: dev\nresources: [../base]\npatches:\n  - path: p.yaml\n");
        write(
                "local/p.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {B: 'two', C: null}\n");
        List<JsonNode> docs = Kustomization.render(dir.resolve("local"));
        assertThat(docs).hasSize(1);
        assertThat(docs.get(0).toString())
                .isEqualTo(
                        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\","
                                + "\"labels\":{\"team\":\"video\"},\"namespace\":\"dev\"},"
                                + "\"data\":{\"A\":\"1\",\"B\":\"two\"}}");
    }

    @Test
    void whatTheRendererDoesNotDoIsRefusedByName() throws Exception {
        write("a/kustomization.yaml", "resources: []\nimages:\n  - name: x\n    newTag: y\n");
        assertThatThrownBy(() -> Kustomization.render(dir.resolve("a")))
                .hasMessageContaining("'images' is not supported");

        write("b/kustomization.yaml", "resources: [cm.yaml]\npatches:\n  - path: p.yaml\n");
        write("b/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
        write(
                "b/p.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, finalizers: [x]}\n");
        assertThatThrownBy(() -> Kustomization.render(dir.resolve("b")))
                .hasMessageContaining("lists in patches are not supported");

        write("c/kustomization.yaml", "resources: [cm.yaml]\npatches:\n  - path: p.yaml\n");
        write("c/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
        write("c/p.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d}\n");
        assertThatThrownBy(() -> Kustomization.render(dir.resolve("c")))
                .hasMessageContaining("no ConfigMap/d to patch");
    }
}
