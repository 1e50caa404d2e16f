package io.flywheel.batch.recommend;

import io.flywheel.batch.model.Ensemble;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Chooses the arm of each video of a segment, one video at a time, repeats allowed: with
 * probability {@code explorationShare} a bootstrapped Thompson draw (one ensemble member at random,
 * the candidate it rates best), otherwise the candidate with the best ensemble mean. The videos
 * concentrate on the best arm and explore the members' favourites, as often as they disagree with
 * the mean. Distinct arms per video, as a ranked list gives them, would push the later videos of a
 * segment with a dozen slots down to the model's tenth-best arm.
 */
public final class ThompsonSlots {
    private ThompsonSlots() {}

    /** The chosen candidate's index for each of {@code slots} videos. */
    public static List<Integer> fill(
            float[][] byMember, int slots, double explorationShare, Random random) {
        int best = argmax(Ensemble.mean(byMember));
        int[] favourite = new int[byMember.length];
        for (int m = 0; m < byMember.length; m++) {
            favourite[m] = argmax(byMember[m]);
        }
        List<Integer> out = new ArrayList<>(slots);
        for (int s = 0; s < slots; s++) {
            boolean explore = random.nextDouble() < explorationShare;
            out.add(explore ? favourite[random.nextInt(byMember.length)] : best);
        }
        return out;
    }

    /**
     * The probability that a video gets candidate {@code i}: {@code (1-E) [i is the mean's best] +
     * E k/B}, k of the B members rating it best.
     */
    public static double probability(float[][] byMember, int i, double explorationShare) {
        int agree = 0;
        for (float[] member : byMember) {
            if (argmax(member) == i) {
                agree++;
            }
        }
        double exploit = argmax(Ensemble.mean(byMember)) == i ? 1 - explorationShare : 0;
        return exploit + explorationShare * agree / byMember.length;
    }

    /** The first index of the highest value, so ties always go the same way. */
    static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
