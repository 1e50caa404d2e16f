package io.flywheel.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.config.ConfigLoader;
import io.flywheel.config.FlywheelConfig;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executes every committed notebook headless, as {@code ./flywheel notebooks --execute} does, on
 * the sample lake it prepares (an empty data directory: no gold table), with real Jupyter, the real
 * Java kernel, Spark, Delta and PostgreSQL; first proves that a notebook with broken cells fails
 * the check.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotebooksExecuteTest {
    @TempDir static Path data;
    @TempDir static Path out;

    static String classpath() {
        Path target = Path.of("target").toAbsolutePath();
        return target.resolve("classes") + File.pathSeparator + target.resolve("lib") + "/*";
    }

    static FlywheelConfig emptyDataDir() {
        return ConfigLoader.load(
                Optional.empty(),
                Map.of(),
                Map.of("data.dir", data.toString()),
                Path.of("").toAbsolutePath());
    }

    @Test
    @Order(2)
    void everyNotebookRunsWithoutAnErrorAndDrawsItsCharts() throws Exception {
        long t0 = System.nanoTime();
        List<NotebookRunner.Result> results =
                NotebooksMain.execute(
                        CommittedNotebooksTest.NOTEBOOKS, out, classpath(), "", emptyDataDir());
        System.out.printf(
                "executed %d notebooks in %.0f s%n",
                results.size(), (System.nanoTime() - t0) / 1e9);

        assertThat(results)
                .extracting(NotebookRunner.Result::name)
                .containsExactlyElementsOf(CommittedNotebooksTest.EXPECTED);
        for (NotebookRunner.Result r : results) {
            assertThat(r.errors()).as(r.name()).isEmpty();
            assertThat(r.images()).as(r.name() + " charts").isGreaterThanOrEqualTo(3);
            assertThat(Files.readString(r.html()))
                    .as(r.name() + " HTML")
                    .contains("data:image/png;base64,");
            assertThat(NotebookCheck.leftovers(r.executed()))
                    .as("executed: has outputs")
                    .isNotEmpty();
        }
        assertThat(out.resolve("sample/prepared")).exists();
    }

    /** The check itself: no data needed, so it runs on its own kernel without the sample. */
    @Test
    @Order(1)
    void aNotebookWithABrokenCellFailsTheCheck(@TempDir Path dir) throws Exception {
        Path jupyter = dir.resolve("jupyter");
        KernelSpec.write(jupyter, classpath(), "512m");
        NotebookRunner runner = new NotebookRunner(jupyter, Map.of(), Duration.ofMinutes(5));

        NotebookRunner.Result r =
                runner.execute(Path.of("src/test/resources/broken.ipynb"), dir.resolve("out"));

        assertThat(r.ok()).isFalse();
        assertThat(r.errors()).hasSize(2);
        assertThat(r.errors().get(0))
                .startsWith("cell 3: ")
                .contains("IllegalStateException: deliberately broken");
        assertThat(r.errors().get(1)).startsWith("cell 5: ").contains("incompatible types");
        assertThat(Files.readString(r.executed()))
                .contains("answer 42")
                .contains("still runs after the error");
        assertThat(r.html()).exists();
    }
}
