package io.flywheel.demo;

import io.flywheel.model.ParameterSpace;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.Platform;
import io.flywheel.simulator.World;
import io.flywheel.simulator.WorldOracle;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores the demo's choices with the world's true expected outcomes. Evaluation only: the demo's
 * summary reads it after each cycle; nothing it computes reaches the briefs, the jobs or the model.
 */
final class WorldScore {
    private final World world;
    private final WorldOracle oracle;
    private final Map<String, WorldOracle.Best> best = new HashMap<>();

    WorldScore(World world) {
        this.world = world;
        this.oracle = new WorldOracle(world, ParameterSpace.DEFAULT);
    }

    World world() {
        return world;
    }

    /** The segment's best arm and what a uniform random choice earns there. */
    WorldOracle.Best best(Platform platform, String niche) {
        return best.computeIfAbsent(platform + "/" + niche, k -> oracle.best(platform, niche));
    }

    double expected(ContentParameters arm) {
        return world.expectedObjective(arm);
    }

    /** An arm's true expected outcome as a share of its segment's best (1.0 = the oracle). */
    double shareOfBest(ContentParameters arm) {
        return expected(arm)
                / best(arm.getPlatform(), arm.getNiche().toString()).expectedObjective();
    }

    /** The mean share of the best over a set of choices; NaN when there are none. */
    double meanShareOfBest(List<ContentParameters> arms) {
        return arms.stream().mapToDouble(this::shareOfBest).average().orElse(Double.NaN);
    }

    /** What uniform random choice earns in these segments, as a share of the best. */
    double randomShareOfBest(List<Platform> platforms, List<String> niches) {
        double sum = 0;
        for (Platform p : platforms) {
            for (String n : niches) {
                WorldOracle.Best b = best(p, n);
                sum += b.meanObjective() / b.expectedObjective();
            }
        }
        return sum / (platforms.size() * niches.size());
    }
}
