package io.flywheel.benchmarks.learning;

import io.flywheel.model.ParameterSpace;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * Linear Thompson sampling (Agrawal and Goyal 2013, "Thompson sampling for contextual bandits with
 * linear payoffs", Algorithm 1), disjoint per segment as {@link LinUcbPolicy} is and for the same
 * reason: each slot draws θ̃ ~ N(B⁻¹ f, v² B⁻¹), B = I + Σ x xᵀ, f = Σ r x, and takes the arm
 * maximising xᵀθ̃ (x the one-hot content levels and posting hour of {@link ArmFeatures}, reward
 * log(1 + objective)). Every slot has its own draw, so a round's slots spread by themselves and the
 * posterior is only updated by outcomes. Draws use the Cholesky factor of B⁻¹, once per segment and
 * round.
 *
 * <p>v: the paper's v = R·sqrt(24 d ln(1/δ)/ε) is a bound, far too wide in practice; it was chosen
 * by a grid on the shipped worlds only ({@link LinearBanditGrid}, 2026-12-06: baseline,
 * hooks-and-pacing, night-owls, seeds 1-3, 20 rounds x 50 videos). Mean lift of the last three
 * rounds: v 0.03 → 0.451, 0.1 → 0.475, 0.3 → 0.568, 1 → 0.397; per world in {@code
 * docs/benchmarks/learning.md}, "LinUCB and linear Thompson sampling".
 */
public final class LinearThompsonPolicy extends LinearBanditPolicy {
    /** The grid's choice on the shipped worlds (see the class doc). */
    public static final double V = 0.3;

    private final double v;
    private final Random random;

    public LinearThompsonPolicy(ParameterSpace space, double v, long seed) {
        super(space, seed);
        this.v = v;
        this.random = new Random(seed);
    }

    @Override
    public String name() {
        return "linear-ts";
    }

    @Override
    Round round(LinearPosterior posterior) {
        double[] mean = posterior.mean();
        double[][] l = posterior.choleskyOfInverse();
        return new Round() {
            @Override
            public ToDoubleFunction<int[]> nextSlot() {
                double[] theta = LinearPosterior.sample(mean, l, v, random);
                return x -> LinearPosterior.dot(x, theta);
            }

            @Override
            public void chosen(int[] x) {}
        };
    }
}
