package io.flywheel.api.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Bootstrapped Thompson sampling over the champion ensemble. Each booster was trained on a
 * bootstrap resample, so drawing one booster at random is a draw from the model's posterior; a slot
 * takes the arm that booster rates best among those not yet picked. With probability {@code
 * explorationShare} a slot instead draws uniformly from the remaining pool. Repeated calls explore
 * because the draws differ; a given {@code seed} and champion give the same answer.
 *
 * <p>The selection probability of a slot is exact: {@code E/|R| + (1-E) * k/B}, where R is the
 * remaining pool, B the number of boosters and k how many of them rate the arm best within R.
 *
 * <p>The pool is the segment's {@link CandidatePool} (a balanced design over all parameter values)
 * plus the arms the batch search published for it ({@link PublishedArms}): the design keeps
 * exploration broad, the published arms let the policy exploit the best the model found in the
 * whole space. Cold start (no champion yet): every slot is a uniform draw from the design, with
 * probability {@code 1/|R|}.
 */
public final class ThompsonPolicy {
    private final Champion champion;
    private final PublishedArms published;

    public ThompsonPolicy(Champion champion, PublishedArms published) {
        this.champion = champion;
        this.published = published;
    }

    /** The recommendations and the policy that made them. */
    public record Result(String policyVersion, String modelVersion, List<Pick> picks) {}

    public static String policyVersion(Optional<String> modelVersion, double explorationShare) {
        return modelVersion
                .map(
                        v ->
                                String.format(
                                        Locale.ROOT,
                                        "thompson-e%.2f@%s/%s",
                                        explorationShare,
                                        v,
                                        CandidatePool.VERSION))
                .orElse("cold-start@" + CandidatePool.VERSION);
    }

    public Result recommend(
            String platform, String niche, int count, double explorationShare, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        return champion.with(
                e ->
                        e.isPresent()
                                ? thompson(
                                        e.get(),
                                        e.get()
                                                .pool(
                                                        platform,
                                                        niche,
                                                        published.of(platform, niche)),
                                        count,
                                        explorationShare,
                                        rng)
                                : coldStart(platform, niche, count, rng));
    }

    private static Result coldStart(
            String platform, String niche, int count, SplittableRandom rng) {
        List<Arm> remaining = new ArrayList<>(CandidatePool.forSegment(platform, niche));
        List<Pick> picks = new ArrayList<>();
        while (picks.size() < count && !remaining.isEmpty()) {
            int i = rng.nextInt(remaining.size());
            picks.add(new Pick(remaining.get(i), null, null, null, true, 1.0 / remaining.size()));
            remaining.remove(i);
        }
        return new Result(policyVersion(Optional.empty(), 1.0), null, picks);
    }

    private static Result thompson(
            Ensemble e,
            Ensemble.PoolScores pool,
            int count,
            double explorationShare,
            SplittableRandom rng) {
        float[][] p = pool.predictions();
        int n = pool.arms().size();
        int boosters = p.length;
        boolean[] taken = new boolean[n];
        int remaining = n;
        List<Pick> picks = new ArrayList<>();
        while (picks.size() < count && remaining > 0) {
            int[] best = new int[boosters];
            for (int b = 0; b < boosters; b++) {
                best[b] = argmaxFree(p[b], taken);
            }
            boolean explore = rng.nextDouble() < explorationShare;
            int chosen;
            if (explore) {
                int r = rng.nextInt(remaining);
                chosen = -1;
                for (int i = 0; i < n; i++) {
                    if (!taken[i] && r-- == 0) {
                        chosen = i;
                        break;
                    }
                }
            } else {
                chosen = best[rng.nextInt(boosters)];
            }
            int agree = 0;
            for (int b = 0; b < boosters; b++) {
                if (best[b] == chosen) {
                    agree++;
                }
            }
            double prob =
                    explorationShare / remaining
                            + (1 - explorationShare) * agree / (double) boosters;
            double mean = 0;
            for (int b = 0; b < boosters; b++) {
                mean += p[b][chosen];
            }
            mean /= boosters;
            double var = 0;
            for (int b = 0; b < boosters; b++) {
                var += (p[b][chosen] - mean) * (p[b][chosen] - mean);
            }
            double spread = boosters > 1 ? Math.sqrt(var / (boosters - 1)) : 0.0;
            picks.add(
                    new Pick(
                            pool.arms().get(chosen),
                            mean,
                            spread,
                            e.version(),
                            explore,
                            Math.min(1.0, prob)));
            taken[chosen] = true;
            remaining--;
        }
        return new Result(
                policyVersion(Optional.of(e.version()), explorationShare), e.version(), picks);
    }

    private static int argmaxFree(float[] scores, boolean[] taken) {
        int best = -1;
        for (int i = 0; i < scores.length; i++) {
            if (!taken[i] && (best < 0 || scores[i] > scores[best])) {
                best = i;
            }
        }
        return best;
    }
}
