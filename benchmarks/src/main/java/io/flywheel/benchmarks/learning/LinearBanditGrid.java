package io.flywheel.benchmarks.learning;

import io.flywheel.model.ParameterSpace;
import io.flywheel.simulator.World;
import io.flywheel.simulator.WorldFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The grid that chose {@link LinUcbPolicy#ALPHA} and {@link LinearThompsonPolicy#V}: every value of
 * each on the shipped worlds only (never the hold-outs), {@code bench/learning}'s budget, seeds and
 * loop, without Spark (Flywheel's policy is not run). Prints, per world and value, the lift of the
 * last rounds and the cumulative regret, then each value's mean lift and % of oracle over the
 * world-runs; the value with the highest mean lift is the policy's default.
 *
 * <p>Arguments: {@code --rounds 20}, {@code --videos 50}, {@code --seeds 1} (seeds 1..n).
 */
public final class LinearBanditGrid {
    static final double[] ALPHAS = {0.1, 0.3, 1, 3};
    static final double[] VS = {0.03, 0.1, 0.3, 1};

    private LinearBanditGrid() {}

    public static void main(String[] args) {
        int rounds = 20;
        int videos = 50;
        int seeds = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--videos" -> videos = Integer.parseInt(args[++i]);
                case "--seeds" -> seeds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        ParameterSpace space = ParameterSpace.DEFAULT;
        List<String> names = new ArrayList<>();
        for (double a : ALPHAS) {
            names.add("linucb alpha=" + a);
        }
        for (double v : VS) {
            names.add("linear-ts v=" + v);
        }
        double[] liftSum = new double[names.size()];
        double[] pctSum = new double[names.size()];
        int runs = 0;
        for (String w : WorldFile.BUILTIN) {
            World world = WorldFile.named(w);
            for (long seed = 1; seed <= seeds; seed++) {
                long started = System.nanoTime();
                List<Policy> policies = new ArrayList<>();
                for (int i = 0; i < ALPHAS.length; i++) {
                    policies.add(named(names.get(i), new LinUcbPolicy(space, ALPHAS[i], seed + 3)));
                }
                for (int i = 0; i < VS.length; i++) {
                    policies.add(
                            named(
                                    names.get(ALPHAS.length + i),
                                    new LinearThompsonPolicy(space, VS[i], seed + 4)));
                }
                List<LearningLoop.RoundResult> results =
                        new LearningLoop(world, seed, videos).run(policies, rounds, r -> {});
                for (int i = 0; i < names.size(); i++) {
                    LearningLoop.Summary s =
                            LearningLoop.summarise(
                                    results, names.get(i), LearningBench.LAST_ROUNDS);
                    liftSum[i] += s.lift();
                    pctSum[i] += s.pctOracle();
                    System.out.printf(
                            Locale.ROOT,
                            "world=%s seed=%d policy=\"%s\" lift=%.3f pct_oracle=%.3f"
                                    + " cum_regret=%.0f%n",
                            w,
                            seed,
                            names.get(i),
                            s.lift(),
                            s.pctOracle(),
                            s.cumulativeRegret());
                }
                System.out.printf(
                        Locale.ROOT,
                        "world=%s seed=%d took %.0f s%n",
                        w,
                        seed,
                        (System.nanoTime() - started) / 1e9);
                runs++;
            }
        }
        for (int i = 0; i < names.size(); i++) {
            System.out.printf(
                    Locale.ROOT,
                    "GRID policy=\"%s\" mean_lift=%.3f mean_pct_oracle=%.3f runs=%d%n",
                    names.get(i),
                    liftSum[i] / runs,
                    pctSum[i] / runs,
                    runs);
        }
    }

    /** The same policy under another name, so several settings run side by side. */
    private static Policy named(String name, Policy p) {
        return new Policy() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<io.flywheel.model.Arm> choose(
                    int round, List<String> slots, List<Observation> history) {
                return p.choose(round, slots, history);
            }
        };
    }
}
