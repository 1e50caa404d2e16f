package io.flywheel.simulator;

import io.flywheel.model.ParameterSpace;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.Platform;

/**
 * The world's true answers, for evaluation only (benchmarks, the demo's summary): the best arm of a
 * segment and what it earns, found by enumerating every arm. Nothing in the learning path may call
 * this.
 */
public final class WorldOracle {
    /** An arm and its true expected objective. */
    public record Best(
            ContentParameters arm, double expectedObjective, double meanObjective, long arms) {}

    private final World world;
    private final ParameterSpace space;

    public WorldOracle(World world, ParameterSpace space) {
        this.world = world;
        this.space = space;
    }

    /** The best arm of a segment, and the mean over all its arms (what random choice earns). */
    public Best best(Platform platform, String niche) {
        double[] best = {Double.NEGATIVE_INFINITY};
        double[] sum = {0};
        long[] n = {0};
        ContentParameters[] arm = {null};
        space.forEachArm(
                platform.name(),
                niche,
                p -> {
                    double v = world.expectedObjective(p);
                    sum[0] += v;
                    n[0]++;
                    if (v > best[0]) {
                        best[0] = v;
                        arm[0] = ContentParameters.newBuilder(p).build();
                    }
                });
        return new Best(arm[0], best[0], sum[0] / n[0], n[0]);
    }
}
