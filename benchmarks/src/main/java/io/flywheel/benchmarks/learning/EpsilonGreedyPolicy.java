package io.flywheel.benchmarks.learning;

import io.flywheel.model.Arm;
import io.flywheel.model.ParameterSpace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Epsilon-greedy per arm, the textbook bandit: with probability epsilon a uniformly random arm of
 * the segment, otherwise the arm of the segment with the highest mean observed outcome so far. Arms
 * share nothing: what one arm taught says nothing about another.
 */
public final class EpsilonGreedyPolicy implements Policy {
    private final ParameterSpace space;
    private final double epsilon;
    private final Random random;

    public EpsilonGreedyPolicy(ParameterSpace space, double epsilon, long seed) {
        this.space = space;
        this.epsilon = epsilon;
        this.random = new Random(seed);
    }

    @Override
    public String name() {
        return "epsilon-greedy";
    }

    @Override
    public List<Arm> choose(int round, List<String> slots, List<Observation> history) {
        Map<Arm, double[]> stats = new HashMap<>();
        for (Observation o : history) {
            double[] s = stats.computeIfAbsent(o.arm(), a -> new double[2]);
            s[0] += o.outcome();
            s[1]++;
        }
        Map<String, Arm> best = new HashMap<>();
        Map<String, Double> bestMean = new HashMap<>();
        for (Map.Entry<Arm, double[]> e : stats.entrySet()) {
            String seg = e.getKey().segment();
            double mean = e.getValue()[0] / e.getValue()[1];
            if (!bestMean.containsKey(seg)
                    || mean > bestMean.get(seg)
                    || (mean == bestMean.get(seg)
                            && e.getKey().armKey().compareTo(best.get(seg).armKey()) < 0)) {
                best.put(seg, e.getKey());
                bestMean.put(seg, mean);
            }
        }
        List<Arm> out = new ArrayList<>();
        for (String s : slots) {
            String[] pn = Segments.split(s);
            Arm greedy = best.get(s);
            out.add(
                    greedy == null || random.nextDouble() < epsilon
                            ? space.random(pn[0], pn[1], random)
                            : greedy);
        }
        return out;
    }
}
