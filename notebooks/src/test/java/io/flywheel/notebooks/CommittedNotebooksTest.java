package io.flywheel.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notebooks are committed clean: no outputs, no execution counts, the Java kernel. */
class CommittedNotebooksTest {
    static final Path NOTEBOOKS = Path.of("").toAbsolutePath();
    static final List<String> EXPECTED =
            List.of("01-lake", "02-models", "03-experiments", "04-operations");

    @Test
    void theFourNotebooksAreCommittedWithoutOutputs() throws Exception {
        List<Path> found = NotebooksMain.select(NOTEBOOKS, "");
        assertThat(found)
                .extracting(p -> p.getFileName().toString())
                .containsExactlyElementsOf(EXPECTED.stream().map(n -> n + ".ipynb").toList());
        for (Path nb : found) {
            assertThat(NotebookCheck.leftovers(nb)).as(nb.toString()).isEmpty();
            assertThat(NotebookCheck.kernel(nb)).as(nb.toString()).isEqualTo(KernelSpec.NAME);
            assertThat(Files.readString(nb))
                    .as("explains itself in Markdown")
                    .contains("\"markdown\"");
        }
    }

    @Test
    void aNotebookWithOutputsOrErrorsIsCaught(@TempDir Path dir) throws Exception {
        Path nb = dir.resolve("dirty.ipynb");
        Files.writeString(
                nb,
                """
                {"cells": [
                  {"cell_type": "markdown", "metadata": {}, "source": ["# x"]},
                  {"cell_type": "code", "metadata": {}, "execution_count": 3, "source": ["1"],
                   "outputs": [{"output_type": "execute_result", "execution_count": 3,
                                "data": {"text/plain": ["1"]}, "metadata": {}}]},
                  {"cell_type": "code", "metadata": {}, "execution_count": null, "source": ["x"],
                   "outputs": [{"output_type": "error", "ename": "CellException",
                                "evalue": "boom", "traceback": []},
                               {"output_type": "display_data", "metadata": {},
                                "data": {"image/png": "iVBOR", "text/plain": ["chart"]}}]}
                ],
                 "metadata": {"kernelspec": {"name": "flywheel-java"}}, "nbformat": 4,
                 "nbformat_minor": 5}
                """);
        assertThat(NotebookCheck.leftovers(nb))
                .containsExactly(
                        "cell 2 has 1 outputs, execution_count 3",
                        "cell 3 has 2 outputs, execution_count null");
        assertThat(NotebookCheck.errors(nb)).containsExactly("cell 3: CellException: boom");
        assertThat(NotebookCheck.images(nb)).isEqualTo(1);
    }
}
