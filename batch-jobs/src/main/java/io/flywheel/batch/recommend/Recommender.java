package io.flywheel.batch.recommend;

import io.flywheel.batch.model.EffectsArms;
import io.flywheel.effects.BestArm;
import io.flywheel.effects.EffectsModel;
import io.flywheel.effects.EffectsSlots;
import io.flywheel.model.Arm;
import io.flywheel.model.Ensemble;
import io.flywheel.model.ParameterSpace;
import io.flywheel.model.Scores;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

/**
 * The recommender's pure core, for one segment: what {@link RecommendJob} publishes and {@code
 * bench/learning} measures. Candidates are a seeded sample of the segment's arms plus the arms the
 * model rates best, found by {@link ArmSearch}: from the sample's best arms on the ensemble mean
 * (and their single-parameter variants, so the exploit slots are the model's best few arms), and
 * from each member's own best (each member is one bootstrap draw of the model, so its best arm is a
 * Thompson draw over the whole space, not only over the sample). {@link Ranking} then fills the
 * slots.
 */
public final class Recommender {
    /** How many of the sample's best arms the ascent on the ensemble mean starts from. */
    static final int STARTS = 3;

    private Recommender() {}

    /** A segment's candidates and each member's prediction of each (members × candidates). */
    public record Scored(List<Arm> arms, float[][] byMember) {}

    public static List<Recommendation> scored(
            Ensemble ensemble,
            String platform,
            String niche,
            ParameterSpace space,
            int slots,
            double explorationShare,
            int maxCandidates,
            long seed,
            Random random) {
        Scored c = candidates(ensemble, platform, niche, space, maxCandidates, seed);
        return Ranking.rank(c.arms(), c.byMember(), slots, explorationShare, random);
    }

    /** The sample, the ascents' ends on the mean (with their neighbours) and each member's best. */
    public static Scored candidates(
            Ensemble ensemble,
            String platform,
            String niche,
            ParameterSpace space,
            int maxCandidates,
            long seed) {
        List<Arm> sample = CandidateArms.of(platform, niche, space, maxCandidates, seed);
        float[][] byMember = ensemble.predictByMember(sample);
        double[] mean = Scores.of(byMember).mean();
        Set<Arm> candidates = new LinkedHashSet<>(sample);
        List<Integer> top =
                IntStream.range(0, sample.size())
                        .boxed()
                        .sorted(Comparator.comparingDouble(i -> -mean[i]))
                        .limit(STARTS)
                        .toList();
        for (int i : top) {
            Arm best = ArmSearch.climb(sample.get(i), space, ensemble::mean);
            candidates.add(best);
            candidates.addAll(ArmSearch.neighbours(best, space));
        }
        for (int k = 0; k < ensemble.size(); k++) {
            int member = k;
            int start = Scores.argmax(byMember[k]);
            candidates.add(
                    ArmSearch.climb(
                            sample.get(start), space, arms -> ensemble.predict(member, arms)));
        }
        List<Arm> all = new ArrayList<>(candidates);
        return new Scored(all, ensemble.predictByMember(all));
    }

    /**
     * A segment's videos chosen with the effects model, one at a time ({@link EffectsSlots}: the
     * posterior mean's best, or with probability {@code explorationShare} that arm with one
     * parameter as a posterior draw has it), as the strategy API chooses a brief's.
     */
    public static List<Arm> effectsSlots(
            EffectsModel model,
            String platform,
            String niche,
            ParameterSpace space,
            int count,
            double explorationShare,
            RandomGenerator random) {
        List<Arm> out = new ArrayList<>(count);
        for (EffectsSlots.Slot s :
                EffectsSlots.fill(
                        model,
                        platform,
                        niche,
                        space.contentValues(),
                        space.timingValues(),
                        count,
                        explorationShare,
                        random)) {
            out.add(EffectsArms.arm(platform, niche, s.choice()));
        }
        return out;
    }

    /**
     * The RecommendJob's list with the effects model: every arm a video can get ({@link
     * EffectsSlots#reachable}; when the draws agree on most parameters these are fewer than the
     * slots, so the best arm's single-parameter neighbours are candidates too), each draw's
     * expected outcome of each, ranked as {@link Ranking} ranks an ensemble's candidates (the draws
     * as members).
     */
    public static List<Recommendation> effectsRanked(
            EffectsModel model,
            String platform,
            String niche,
            ParameterSpace space,
            int slots,
            double explorationShare,
            Random random) {
        List<Arm> arms = new ArrayList<>();
        for (BestArm.Choice c :
                EffectsSlots.reachable(
                        model, platform, niche, space.contentValues(), space.timingValues())) {
            arms.add(EffectsArms.arm(platform, niche, c));
        }
        if (arms.size() < slots) {
            Set<Arm> all = new LinkedHashSet<>(arms);
            all.addAll(ArmSearch.neighbours(arms.get(0), space));
            arms = new ArrayList<>(all);
        }
        return Ranking.rank(arms, EffectsArms.byDraw(model, arms), slots, explorationShare, random);
    }

    /** Without a model: a diverse exploration set, every level of every parameter spread evenly. */
    public static List<Recommendation> coldStart(
            String platform, String niche, ParameterSpace space, int n, long seed) {
        List<Arm> arms = CandidateArms.diverse(platform, niche, space, n, seed);
        List<Recommendation> recs = new ArrayList<>();
        for (Arm a : arms) {
            recs.add(new Recommendation(recs.size() + 1, a, null, null, 1.0 / arms.size(), true));
        }
        return recs;
    }
}
