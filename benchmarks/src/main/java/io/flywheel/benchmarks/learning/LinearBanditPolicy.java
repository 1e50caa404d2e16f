package io.flywheel.benchmarks.learning;

import io.flywheel.batch.recommend.ArmSearch;
import io.flywheel.batch.recommend.CandidateArms;
import io.flywheel.model.Arm;
import io.flywheel.model.ParameterSpace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * What LinUCB and linear Thompson sampling share: one {@link LinearPosterior} per segment (the
 * disjoint form), fed every observed outcome as reward log(1 + objective), and the candidate
 * generation Flywheel's recommender uses ({@code Recommender.candidates}): a seeded sample of the
 * segment's arms from the one parameter space, then steepest ascent ({@link ArmSearch#climb}) over
 * single-parameter changes from the sample's best few arms under the policy's score. Each slot of a
 * round is chosen in turn; how a slot's choice affects the next is the policy's.
 */
abstract class LinearBanditPolicy implements Policy {
    /** Arms sampled per segment and round, and the sample's best arms the ascent starts from. */
    static final int SAMPLE = 500;

    static final int STARTS = 3;

    private final ParameterSpace space;
    private final ArmFeatures features;
    private final long seed;
    private final Map<String, LinearPosterior> posteriors = new HashMap<>();
    private int ingested;

    LinearBanditPolicy(ParameterSpace space, long seed) {
        this.space = space;
        this.features = new ArmFeatures(space);
        this.seed = seed;
    }

    /**
     * A segment's round: given the posterior so far (a copy the round may change), one slot's score
     * of an arm's features, called once per slot in order; {@link #chosen} follows each.
     */
    interface Round {
        ToDoubleFunction<int[]> nextSlot();

        /** The arm just chosen for a slot (its features). */
        void chosen(int[] x);
    }

    abstract Round round(LinearPosterior posterior);

    @Override
    public List<Arm> choose(int round, List<String> slots, List<Observation> history) {
        if (history.size() < ingested) {
            throw new IllegalStateException("history shrank from " + ingested);
        }
        for (Observation o : history.subList(ingested, history.size())) {
            posterior(o.arm().segment()).update(features.active(o.arm()), reward(o.outcome()));
        }
        ingested = history.size();
        Map<String, Round> rounds = new HashMap<>();
        Map<String, List<Arm>> samples = new HashMap<>();
        List<Arm> out = new ArrayList<>(slots.size());
        for (String s : slots) {
            Round r = rounds.computeIfAbsent(s, k -> round(posterior(k).copy()));
            List<Arm> sample =
                    samples.computeIfAbsent(
                            s,
                            k -> {
                                String[] pn = Segments.split(k);
                                return CandidateArms.of(
                                        pn[0], pn[1], space, SAMPLE, seed + 7919L * round);
                            });
            ToDoubleFunction<int[]> score = r.nextSlot();
            Arm a = best(sample, score);
            r.chosen(features.active(a));
            out.add(a);
        }
        return out;
    }

    /** The reward the bandits learn: outcomes are counts with a long right tail. */
    static double reward(double outcome) {
        return Math.log1p(outcome);
    }

    private LinearPosterior posterior(String segment) {
        return posteriors.computeIfAbsent(segment, k -> new LinearPosterior(features.size()));
    }

    private Arm best(List<Arm> sample, ToDoubleFunction<int[]> score) {
        return best(sample, space, a -> score.applyAsDouble(features.active(a)));
    }

    /**
     * Flywheel's candidate search under any score: the sample's best {@link #STARTS} arms, each
     * climbed by steepest ascent over single-parameter changes, the best arm reached.
     */
    static Arm best(List<Arm> sample, ParameterSpace space, ToDoubleFunction<Arm> score) {
        double[] s = scores(sample, score);
        List<Integer> top =
                IntStream.range(0, sample.size())
                        .boxed()
                        .sorted(Comparator.comparingDouble(i -> -s[i]))
                        .limit(STARTS)
                        .toList();
        Arm best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i : top) {
            Arm a = ArmSearch.climb(sample.get(i), space, arms -> scores(arms, score));
            double v = score.applyAsDouble(a);
            if (v > bestScore) {
                best = a;
                bestScore = v;
            }
        }
        return best;
    }

    private static double[] scores(List<Arm> arms, ToDoubleFunction<Arm> score) {
        double[] out = new double[arms.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = score.applyAsDouble(arms.get(i));
        }
        return out;
    }
}
