package io.flywheel.api.scoring;

import io.flywheel.api.trends.TrendBoost;
import io.flywheel.effects.BestArm;
import io.flywheel.effects.EffectsModel;
import io.flywheel.effects.EffectsSlots;
import io.flywheel.model.Arm;
import io.flywheel.model.BoosterThompson;
import io.flywheel.model.ParameterTable;
import io.flywheel.model.Scores;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Chooses the arm of each video, one video at a time, repeats allowed. A given {@code seed} and
 * champion give the same answer.
 *
 * <p><b>Effects model</b> (policy {@code thompson3-effects}, when the champion's version directory
 * holds {@code effects.json}): {@link EffectsSlots#fill}, the rule the batch jobs choose with (so
 * {@code bench/learning} measures what the API does), searched exactly over the whole {@link
 * ParameterTable} space of the segment ({@link ParameterTable#contentValues()}, every posting hour;
 * the pool's design and the batch's published arms play no part). A video exploits with probability
 * {@code 1 - E}: the posterior mean's best arm; otherwise it explores one parameter: a posterior
 * draw at random gives its best arm, and the video takes the mean's best with one parameter in
 * which the two differ (at random) set as the draw has it. The selection probability is exact:
 * {@code (1-E) [the mean's best] + E Σ_draws [the arm is one of the draw's variants] / (D ·
 * variants)}, D the number of draws. The prediction and spread are the mean and standard deviation
 * over the posterior draws of the arm's expected outcome. The boosters still score ({@code
 * /v1/score}).
 *
 * <p><b>Boosters</b> (policy {@code thompson2}, a champion without {@code effects.json}): with
 * probability {@code explorationShare} a bootstrapped Thompson draw (one booster of the champion
 * ensemble at random, each trained on a bootstrap resample, so a draw from the model's posterior;
 * the arm it rates best in the pool), otherwise the arm with the best ensemble mean. A brief's
 * videos so concentrate on the best arm and explore the boosters' favourites as far as they
 * disagree with the mean; distinct arms per video pushed the later videos of a large brief down to
 * the model's tenth-best arm. The rule is the model's {@link BoosterThompson}, which the batch uses
 * too. The selection probability of a video is exact: {@code (1-E) [the mean's best] + E k/B}, B
 * the number of boosters and k how many of them rate the arm best. The pool is the segment's {@link
 * CandidatePool} (a balanced design over all parameter values) plus the arms the batch search
 * published for it ({@link PublishedArms}), the model's best found in the whole space.
 *
 * <p>Cold start (no champion yet): every video is a uniform draw from the design, without repeats
 * (the diverse exploration set), with probability {@code 1/|R|}.
 */
public final class ThompsonPolicy {
    private final Champion champion;
    private final PublishedArms published;
    private final TrendBoost trends;
    private final double explorationShare;

    /**
     * @param trends steers exploring picks toward trending values ({@link TrendBoost}); the policy
     *     version then ends in {@code +trends-b<boost>}
     * @param explorationShare the share of exploring videos of a request that names none (the
     *     configured {@code batch.exploration.share})
     */
    public ThompsonPolicy(
            Champion champion,
            PublishedArms published,
            TrendBoost trends,
            double explorationShare) {
        if (!(explorationShare >= 0 && explorationShare <= 1)) {
            throw new IllegalArgumentException(
                    "exploration share must be between 0 and 1, not " + explorationShare);
        }
        this.champion = champion;
        this.published = published;
        this.trends = trends;
        this.explorationShare = explorationShare;
    }

    /** The share of exploring videos when a request names none. */
    public double explorationShare() {
        return explorationShare;
    }

    /** The recommendations and the policy that made them. */
    public record Result(String policyVersion, String modelVersion, List<Pick> picks) {}

    /** The policy's picks and, for each, every route by which it could have been reached. */
    private record Drawn(Result result, java.util.function.Supplier<List<PickRoutes>> routes) {}

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

    /**
     * Names the effects model's policy: {@code thompson3-effects} ({@link EffectsSlots}), the
     * share, the model version and the pool version (the effects model searches the values the pool
     * is built from, {@link ParameterTable#contentValues()}, so a change to them shows here too).
     */
    public static String effectsPolicyVersion(String modelVersion, double explorationShare) {
        return String.format(
                Locale.ROOT,
                "thompson3-effects-e%.2f@%s/%s",
                explorationShare,
                modelVersion,
                CandidatePool.VERSION);
    }

    public Result recommend(
            String platform, String niche, int count, double explorationShare, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Drawn d = chosen(platform, niche, count, explorationShare, rng);
        Result r = d.result();
        List<Pick> picks = trends.apply(platform, r.picks(), d.routes(), rng);
        return picks == r.picks()
                ? r
                : new Result(
                        r.policyVersion()
                                + String.format(Locale.ROOT, "+trends-b%.2f", trends.boost()),
                        r.modelVersion(),
                        picks);
    }

    private Drawn chosen(
            String platform,
            String niche,
            int count,
            double explorationShare,
            SplittableRandom rng) {
        return champion.with(
                e -> {
                    if (e.isEmpty()) {
                        return coldStart(platform, niche, count, rng);
                    }
                    ServedEnsemble en = e.get();
                    if (en.effects().isPresent()) {
                        return effects(
                                en.version(),
                                en.effects().get(),
                                platform,
                                niche,
                                count,
                                explorationShare,
                                rng);
                    }
                    return thompson(
                            en,
                            en.pool(platform, niche, published.of(platform, niche)),
                            count,
                            explorationShare,
                            rng);
                });
    }

    private static Drawn effects(
            String version,
            EffectsModel m,
            String platform,
            String niche,
            int count,
            double explorationShare,
            SplittableRandom rng) {
        EffectsSlots.Plan plan =
                EffectsSlots.plan(
                        m,
                        platform,
                        niche,
                        ParameterTable.contentValues(),
                        ParameterTable.timingValues());
        List<EffectsSlots.Slot> slots = EffectsSlots.fill(plan, count, explorationShare, rng);
        java.util.function.Supplier<PickRoutes> routes =
                () -> {
                    Map<Arm, Double> explore = new HashMap<>();
                    plan.exploreProbability()
                            .forEach(
                                    (c, q) ->
                                            explore.merge(
                                                    arm(platform, niche, c),
                                                    explorationShare * q,
                                                    Double::sum));
                    return new PickRoutes(
                            arm(platform, niche, plan.best()), 1 - explorationShare, explore);
                };
        Map<BestArm.Choice, double[]> predicted = new HashMap<>();
        List<Pick> picks = new ArrayList<>(slots.size());
        for (EffectsSlots.Slot s : slots) {
            double[] ms =
                    predicted.computeIfAbsent(
                            s.choice(), c -> meanAndSpread(m, platform, niche, c));
            picks.add(
                    new Pick(
                            arm(platform, niche, s.choice()),
                            ms[0],
                            ms[1],
                            version,
                            s.explore(),
                            s.probability()));
        }
        return new Drawn(
                new Result(effectsPolicyVersion(version, explorationShare), version, picks),
                () -> java.util.Collections.nCopies(picks.size(), routes.get()));
    }

    /**
     * The prediction of an arm: the mean over the posterior draws of its expected outcome (the
     * posterior mean of the outcome, not the outcome at the posterior mean's coefficients, which
     * the exponential's convexity puts lower), and the draws' standard deviation as its spread, as
     * the boosters' mean and spread are over bootstrap members.
     */
    static double[] meanAndSpread(EffectsModel m, String platform, String niche, BestArm.Choice c) {
        int[] active =
                m.layout().active(platform, niche, c.content().toArray(new String[0]), c.hour());
        double[][] draws = m.draws();
        double[] x = new double[draws.length];
        double mean = 0;
        for (int k = 0; k < draws.length; k++) {
            x[k] = m.expected(draws[k], active);
            mean += x[k];
        }
        mean /= draws.length;
        double var = 0;
        for (double v : x) {
            var += (v - mean) * (v - mean);
        }
        double spread = draws.length > 1 ? Math.sqrt(var / (draws.length - 1)) : 0.0;
        return new double[] {mean, spread};
    }

    /** The API's arm for a choice of content values ({@link ParameterTable#contentValues()}). */
    static Arm arm(String platform, String niche, BestArm.Choice c) {
        return Arm.of(platform, niche, c.content(), c.hour());
    }

    private static Drawn coldStart(String platform, String niche, int count, SplittableRandom rng) {
        List<Arm> remaining = new ArrayList<>(CandidatePool.forSegment(platform, niche));
        List<Pick> picks = new ArrayList<>();
        List<PickRoutes> routes = new ArrayList<>();
        while (picks.size() < count && !remaining.isEmpty()) {
            Map<Arm, Double> uniform = new HashMap<>();
            for (Arm a : remaining) {
                uniform.merge(a, 1.0 / remaining.size(), Double::sum);
            }
            routes.add(new PickRoutes(null, 0, uniform));
            int i = rng.nextInt(remaining.size());
            picks.add(new Pick(remaining.get(i), null, null, null, true, 1.0 / remaining.size()));
            remaining.remove(i);
        }
        return new Drawn(
                new Result(policyVersion(Optional.empty(), 1.0), null, picks), () -> routes);
    }

    private static Drawn thompson(
            ServedEnsemble e,
            ServedEnsemble.PoolScores pool,
            int count,
            double explorationShare,
            SplittableRandom rng) {
        Scores scores = pool.scores();
        java.util.function.Supplier<PickRoutes> routes =
                () -> {
                    if (scores.arms() == 0) {
                        return null;
                    }
                    double[] drawn = BoosterThompson.exploreProbabilities(scores);
                    Map<Arm, Double> explore = new HashMap<>();
                    for (int a = 0; a < drawn.length; a++) {
                        if (drawn[a] > 0) {
                            explore.merge(
                                    pool.arms().get(a), explorationShare * drawn[a], Double::sum);
                        }
                    }
                    return new PickRoutes(
                            pool.arms().get(Scores.argmax(scores.mean())),
                            1 - explorationShare,
                            explore);
                };
        List<Pick> picks = new ArrayList<>();
        for (BoosterThompson.Slot s : BoosterThompson.fill(scores, count, explorationShare, rng)) {
            picks.add(
                    new Pick(
                            pool.arms().get(s.arm()),
                            scores.mean()[s.arm()],
                            scores.spread()[s.arm()],
                            e.version(),
                            s.explore(),
                            s.probability()));
        }
        return new Drawn(
                new Result(
                        policyVersion(Optional.of(e.version()), explorationShare),
                        e.version(),
                        picks),
                () -> java.util.Collections.nCopies(picks.size(), routes.get()));
    }
}
