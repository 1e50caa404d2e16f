package io.flywheel.model;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Chooses the arm of each video, one video at a time, repeats allowed: with probability {@code
 * explorationShare} a bootstrapped Thompson draw (one ensemble member at random, each trained on a
 * bootstrap resample, so a draw from the model's posterior; the arm it rates best), otherwise the
 * arm with the best ensemble mean. The videos concentrate on the best arm and explore the members'
 * favourites as often as they disagree with the mean; distinct arms per video would push the later
 * videos of a large brief down to the model's tenth-best arm. The batch's recommendations and the
 * API's both choose with this rule.
 */
public final class BoosterThompson {
    private BoosterThompson() {}

    /**
     * One video's arm.
     *
     * @param arm the index of the chosen arm
     * @param explore whether it was a Thompson draw
     * @param probability the exact probability that a video gets this arm: {@code (1-E) [the mean's
     *     best] + E k/B}, k of the B members rating it best
     */
    public record Slot(int arm, boolean explore, double probability) {}

    public static List<Slot> fill(
            Scores scores, int slots, double explorationShare, RandomGenerator random) {
        List<Slot> out = new ArrayList<>(slots);
        if (scores.arms() == 0) {
            return out;
        }
        int members = scores.members();
        int best = Scores.argmax(scores.mean());
        int[] favourite = favourites(scores);
        double[] drawn = probabilities(favourite, scores.arms());
        for (int s = 0; s < slots; s++) {
            boolean explore = random.nextDouble() < explorationShare;
            int chosen = explore ? favourite[random.nextInt(members)] : best;
            double p =
                    (chosen == best ? 1 - explorationShare : 0) + explorationShare * drawn[chosen];
            out.add(new Slot(chosen, explore, Math.min(1.0, p)));
        }
        return out;
    }

    /**
     * The probability that a Thompson draw takes each arm: {@code k/B}, k of the B members rating
     * it best. With the mean's best ({@link Scores#argmax(double[])} of the mean), the whole of the
     * rule's odds.
     */
    public static double[] exploreProbabilities(Scores scores) {
        return probabilities(favourites(scores), scores.arms());
    }

    /** Each member's best arm. */
    private static int[] favourites(Scores scores) {
        int[] favourite = new int[scores.members()];
        for (int m = 0; m < favourite.length; m++) {
            favourite[m] = Scores.argmax(scores.byMember()[m]);
        }
        return favourite;
    }

    /** The share of members whose best each arm is. */
    private static double[] probabilities(int[] favourite, int arms) {
        int[] favouredBy = new int[arms];
        for (int f : favourite) {
            favouredBy[f]++;
        }
        double[] out = new double[arms];
        for (int a = 0; a < arms; a++) {
            out[a] = (double) favouredBy[a] / favourite.length;
        }
        return out;
    }
}
