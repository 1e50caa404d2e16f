package io.flywheel.notebooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What an executed notebook says about itself: the cells that raised (an {@code error} output), the
 * charts it drew; and, for a committed notebook, whether it carries outputs it should not.
 */
public final class NotebookCheck {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NotebookCheck() {}

    /** Each error output as "cell N: name: value", in cell order. */
    public static List<String> errors(Path notebook) throws IOException {
        List<String> out = new ArrayList<>();
        forEachOutput(
                notebook,
                (cell, o) -> {
                    if ("error".equals(o.path("output_type").asText())) {
                        out.add(
                                "cell "
                                        + cell
                                        + ": "
                                        + o.path("ename").asText()
                                        + ": "
                                        + o.path("evalue").asText());
                    }
                });
        return out;
    }

    /** The number of inline PNG outputs (charts). */
    public static int images(Path notebook) throws IOException {
        int[] n = {0};
        forEachOutput(
                notebook,
                (cell, o) -> {
                    if (o.path("data").has("image/png")) {
                        n[0]++;
                    }
                });
        return n[0];
    }

    /** Code cells that carry outputs or an execution count: a committed notebook has none. */
    public static List<String> leftovers(Path notebook) throws IOException {
        List<String> out = new ArrayList<>();
        JsonNode cells = JSON.readTree(notebook.toFile()).path("cells");
        for (int i = 0; i < cells.size(); i++) {
            JsonNode c = cells.get(i);
            if (!"code".equals(c.path("cell_type").asText())) {
                continue;
            }
            if (c.path("outputs").size() > 0 || !c.path("execution_count").isNull()) {
                out.add(
                        "cell "
                                + (i + 1)
                                + " has "
                                + c.path("outputs").size()
                                + " outputs, execution_count "
                                + c.path("execution_count"));
            }
        }
        return out;
    }

    /** The kernel a notebook asks for. */
    public static String kernel(Path notebook) throws IOException {
        return JSON.readTree(notebook.toFile())
                .path("metadata")
                .path("kernelspec")
                .path("name")
                .asText();
    }

    private interface OutputVisitor {
        void visit(int cell, JsonNode output);
    }

    private static void forEachOutput(Path notebook, OutputVisitor v) throws IOException {
        JsonNode cells = JSON.readTree(notebook.toFile()).path("cells");
        for (int i = 0; i < cells.size(); i++) {
            for (JsonNode o : cells.get(i).path("outputs")) {
                v.visit(i + 1, o);
            }
        }
    }
}
