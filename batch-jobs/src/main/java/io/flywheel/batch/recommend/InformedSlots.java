package io.flywheel.batch.recommend;

import io.flywheel.batch.model.Arm;
import io.flywheel.batch.model.Ensemble;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Chooses the arm of each video of a segment, one video at a time, repeats allowed: the candidate
 * with the best ensemble mean or, with probability {@code explorationShare}, the most optimistic
 * candidate: the best log mean plus a bonus {@code bonus / sqrt(1 + n)}, n the segment's outcomes
 * of the candidate's least-tried level ({@link Coverage}). Bootstrap members agree where no data
 * was ever collected, so Thompson draws over them never correct an early wrong belief about an
 * untried level or posting-hour region; the count bonus does, and an exploration video never costs
 * more than its bonus in the model's own belief. Each chosen video counts as tried for the next, so
 * a segment's exploration videos spread over its least-tried levels, and the bonus shrinks as the
 * segment's data grows, so exploration gets cheaper with time.
 */
public final class InformedSlots {
    private static final boolean SCREEN_HALF =
            System.getenv("FLYWHEEL_SCREEN_THOMPSON_HALF") != null;

    private static final double SCREEN_LCB =
            Double.parseDouble(System.getenv().getOrDefault("FLYWHEEL_SCREEN_LCB", "0"));

    private InformedSlots() {}

    /** The chosen candidate's index for each of {@code slots} videos. */
    public static List<Integer> fill(
            List<Arm> arms,
            float[][] byMember,
            Coverage coverage,
            int slots,
            double explorationShare,
            double bonus,
            Random random) {
        double[] logMean = Ensemble.mean(byMember);
        for (int i = 0; i < logMean.length; i++) {
            logMean[i] = Math.log(Math.max(logMean[i], 1e-9));
        }
        double[] cautious = logMean.clone();
        if (SCREEN_LCB > 0) {
            double[] mean = Ensemble.mean(byMember);
            double[] sd = Ensemble.sd(byMember);
            for (int i = 0; i < cautious.length; i++) {
                cautious[i] -= SCREEN_LCB * sd[i] / Math.max(mean[i], 1e-9);
            }
        }
        int best = ThompsonSlots.argmax(cautious);
        List<Integer> out = new ArrayList<>(slots);
        for (int s = 0; s < slots; s++) {
            int chosen = best;
            if (random.nextDouble() < explorationShare) {
                chosen = optimistic(arms, logMean, coverage, bonus);
                if (SCREEN_HALF && random.nextBoolean()) {
                    chosen = ThompsonSlots.argmax(byMember[random.nextInt(byMember.length)]);
                }
            }
            coverage.add(arms.get(chosen));
            out.add(chosen);
        }
        return out;
    }

    /** The candidate with the best log mean plus its count bonus; ties to the first. */
    static int optimistic(List<Arm> arms, double[] logMean, Coverage coverage, double bonus) {
        int arg = 0;
        double top = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < logMean.length; i++) {
            double v = logMean[i] + bonus / Math.sqrt(1 + coverage.leastTried(arms.get(i)));
            if (v > top) {
                top = v;
                arg = i;
            }
        }
        return arg;
    }
}
