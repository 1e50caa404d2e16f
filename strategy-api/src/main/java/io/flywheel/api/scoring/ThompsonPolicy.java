package io.flywheel.api.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Chooses the arm of each video, one video at a time, repeats allowed: with probability {@code
 * explorationShare} a bootstrapped Thompson draw (one booster of the champion ensemble at random,
 * each trained on a bootstrap resample, so a draw from the model's posterior; the arm it rates best
 * in the pool), otherwise the arm with the best ensemble mean. A brief's videos so concentrate on
 * the best arm and explore the boosters' favourites as far as they disagree with the mean; distinct
 * arms per video pushed the later videos of a large brief down to the model's tenth-best arm. The
 * batch's {@code ThompsonSlots} chooses the same way, which {@code bench/learning} measures. A
 * given {@code seed} and champion give the same answer.
 *
 * <p>The selection probability of a video is exact: {@code (1-E) [the mean's best] + E k/B}, B the
 * number of boosters and k how many of them rate the arm best.
 *
 * <p>The pool is the segment's {@link CandidatePool} (a balanced design over all parameter values)
 * plus the arms the batch search published for it ({@link PublishedArms}), the model's best found
 * in the whole space. Cold start (no champion yet): every video is a uniform draw from the design,
 * without repeats (the diverse exploration set), with probability {@code 1/|R|}.
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

    /**
     * Names the policy, model and pool; {@code thompson2}: one video at a time with repeats (the
     * first {@code thompson} picked distinct arms, exploring uniformly).
     */
    public static String policyVersion(Optional<String> modelVersion, double explorationShare) {
        return modelVersion
                .map(
                        v ->
                                String.format(
                                        Locale.ROOT,
                                        "thompson2-e%.2f@%s/%s",
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
        double[] mean = new double[n];
        double[] spread = new double[n];
        for (int i = 0; i < n; i++) {
            for (int b = 0; b < boosters; b++) {
                mean[i] += p[b][i];
            }
            mean[i] /= boosters;
            double var = 0;
            for (int b = 0; b < boosters; b++) {
                var += (p[b][i] - mean[i]) * (p[b][i] - mean[i]);
            }
            spread[i] = boosters > 1 ? Math.sqrt(var / (boosters - 1)) : 0.0;
        }
        int best = argmax(mean);
        int[] favourite = new int[boosters];
        int[] favouredBy = new int[n];
        for (int b = 0; b < boosters; b++) {
            favourite[b] = argmax(p[b]);
            favouredBy[favourite[b]]++;
        }
        List<Pick> picks = new ArrayList<>();
        while (picks.size() < count && n > 0) {
            boolean explore = rng.nextDouble() < explorationShare;
            int chosen = explore ? favourite[rng.nextInt(boosters)] : best;
            double prob =
                    (chosen == best ? 1 - explorationShare : 0)
                            + explorationShare * favouredBy[chosen] / boosters;
            picks.add(
                    new Pick(
                            pool.arms().get(chosen),
                            mean[chosen],
                            spread[chosen],
                            e.version(),
                            explore,
                            Math.min(1.0, prob)));
        }
        return new Result(
                policyVersion(Optional.of(e.version()), explorationShare), e.version(), picks);
    }

    /** The first index of the highest value, so ties always go the same way. */
    private static int argmax(float[] scores) {
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return best;
    }

    private static int argmax(double[] scores) {
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return best;
    }
}
