package io.flywheel.batch.recommend;

import io.flywheel.model.Arm;
import io.flywheel.model.Scores;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Picks a segment's recommendations from scored candidates. The first slots exploit: the highest
 * ensemble means. The exploration share of slots goes to bootstrapped Thompson sampling: draw one
 * ensemble member at random and take the candidate it rates best among those not picked yet.
 */
public final class Ranking {
    private Ranking() {}

    public static List<Recommendation> rank(
            List<Arm> candidates,
            float[][] byMember,
            int slots,
            double explorationShare,
            Random random) {
        int n = candidates.size();
        Scores scores = Scores.of(byMember);
        double[] mean = scores.mean();
        double[] sd = scores.spread();
        int[] wins = new int[n];
        for (float[] member : byMember) {
            wins[argmax(member, Set.of())]++;
        }
        double[] share = new double[n];
        for (int i = 0; i < n; i++) {
            share[i] = (double) wins[i] / byMember.length;
        }
        int explore = (int) Math.round(Math.min(slots, n) * explorationShare);
        int exploit = Math.min(slots, n) - explore;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        order.sort(
                Comparator.<Integer>comparingDouble(i -> -mean[i])
                        .thenComparing(i -> candidates.get(i).armKey()));
        List<Recommendation> out = new ArrayList<>();
        Set<Integer> taken = new HashSet<>();
        for (int i = 0; i < exploit; i++) {
            int c = order.get(i);
            taken.add(c);
            out.add(
                    new Recommendation(
                            out.size() + 1, candidates.get(c), mean[c], sd[c], share[c], false));
        }
        for (int i = 0; i < explore && taken.size() < n; i++) {
            int c = argmax(byMember[random.nextInt(byMember.length)], taken);
            taken.add(c);
            out.add(
                    new Recommendation(
                            out.size() + 1, candidates.get(c), mean[c], sd[c], share[c], true));
        }
        return out;
    }

    private static int argmax(float[] values, Set<Integer> excluded) {
        int best = -1;
        for (int i = 0; i < values.length; i++) {
            if (!excluded.contains(i) && (best < 0 || values[i] > values[best])) {
                best = i;
            }
        }
        return best;
    }
}
