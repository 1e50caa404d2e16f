package io.flywheel.api.scoring;

import io.flywheel.model.Arm;
import java.util.Map;

/**
 * Every way the policy can reach an arm for one video, with its probability: the exploiting route
 * to {@code best} ({@code exploit}, {@code 1 - E}), and the exploration draws ({@code explore}:
 * each arm a draw can take and the probability of getting it that way, {@code E} times the draw's
 * odds). The probabilities sum to 1. Whatever rewrites picks afterwards ({@link
 * io.flywheel.api.trends.TrendBoost}) sums over these routes for the new selection probability.
 *
 * @param best the exploiting pick (null when every video explores, as on a cold start)
 */
public record PickRoutes(Arm best, double exploit, Map<Arm, Double> explore) {
    public PickRoutes {
        explore = Map.copyOf(explore);
    }

    /**
     * The probability of {@code arm} without any rewriting: its exploiting and exploring routes.
     */
    public double probability(Arm arm) {
        return (arm.equals(best) ? exploit : 0) + explore.getOrDefault(arm, 0.0);
    }
}
