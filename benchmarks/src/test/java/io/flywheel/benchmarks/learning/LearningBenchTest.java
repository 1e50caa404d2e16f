package io.flywheel.benchmarks.learning;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.batch.TestSpark;
import io.flywheel.simulator.World;
import io.flywheel.simulator.WorldFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench/learning --parallel}: world-runs at once give the figures and files of world-runs
 * one at a time, in the same order.
 */
class LearningBenchTest {
    @TempDir Path dir;

    @Test
    void worldRunsAtOnceGiveTheSameFiguresAndFilesAsOneAtATime() throws Exception {
        World world =
                WorldFile.load(Path.of(getClass().getResource("/worlds/planted.json").toURI()));
        List<Long> seeds = List.of(1L, 2L);

        List<WorldFigures> sequential = run(world, seeds, "one", 1, List.of());
        List<WorldFigures> parallel = run(world, seeds, "two", 2, List.of());

        String csv = Files.readString(dir.resolve("one").resolve("learning.csv"));
        // a header, then every seed × round × policy in the sequential order: seed 1 first
        List<String> rows = csv.lines().toList();
        assertThat(rows).hasSize(1 + 2 * 3 * 7);
        assertThat(rows.get(1)).startsWith(world.name() + ",1,1,flywheel,");
        assertThat(rows.get(rows.size() - 1)).startsWith(world.name() + ",2,3,informed,");
        assertThat(Files.readString(dir.resolve("two").resolve("learning.csv"))).isEqualTo(csv);
        for (long seed : seeds) {
            String choices = "choices-" + world.name() + "-seed" + seed + ".csv";
            assertThat(Files.readString(dir.resolve("two").resolve(choices)))
                    .isEqualTo(Files.readString(dir.resolve("one").resolve(choices)));
        }
        assertThat(parallel.get(0).line()).isEqualTo(sequential.get(0).line());
        assertThat(parallel.get(0).table()).isEqualTo(sequential.get(0).table());
    }

    @Test
    void namedPoliciesRunBesideFlywheelAndGiveFlywheelTheSameFigures() throws Exception {
        World world =
                WorldFile.load(Path.of(getClass().getResource("/worlds/planted.json").toURI()));

        WorldFigures all = run(world, List.of(1L), "all", 1, List.of()).get(0);
        WorldFigures two = run(world, List.of(1L), "two", 1, List.of("linucb")).get(0);

        assertThat(all.policies()).isEqualTo(LearningBench.POLICIES);
        assertThat(two.policies()).containsExactly("flywheel", "linucb");
        assertThat(Files.readString(dir.resolve("two").resolve("learning.csv")).lines())
                .hasSize(1 + 3 * 2);
        assertThat(two.figures("flywheel")).isEqualTo(all.figures("flywheel"));
        assertThat(two.figures("linucb")).isEqualTo(all.figures("linucb"));
        // the goal needs every policy: with some, it is not judged
        assertThat(two.line()).contains("best_baseline=linucb").endsWith("goal=n/a");
        assertThat(all.line()).containsPattern("goal=(met|MISSED)$");
    }

    /** The world's seeds, 3 rounds of 20 videos, Flywheel and {@code only}, into dir/name. */
    private List<WorldFigures> run(
            World world, List<Long> seeds, String name, int parallel, List<String> only)
            throws Exception {
        return LearningBench.run(
                TestSpark.session(),
                List.of(world),
                seeds,
                3,
                20,
                dir.resolve(name),
                parallel,
                only);
    }
}
