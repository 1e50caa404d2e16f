package io.flywheel.benchmarks.learning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One world's figures over its seeds: every policy's last-rounds % of the oracle and lift and its
 * cumulative regret, each the mean over seeds, and Flywheel's standing against the goal: its lift
 * as a fraction of the informed learner's, and its cumulative regret against every other policy's
 * (the informed learner excluded) in each seed.
 */
record WorldFigures(String world, List<SeedRun> runs) {
    static final String FLYWHEEL = "flywheel";
    static final String INFORMED = "informed";

    /** One seed's run of every policy on the world. */
    record SeedRun(
            long seed,
            Map<String, LearningLoop.Summary> summaries,
            Map<String, double[]> pctByRound,
            Map<String, double[]> regretByRound) {}

    /** A policy's figures, mean over seeds with the range. */
    record PolicyFigures(
            String policy,
            double pct,
            double pctLo,
            double pctHi,
            double lift,
            double liftLo,
            double liftHi,
            double regret) {}

    List<String> policies() {
        return List.copyOf(runs.get(0).summaries().keySet());
    }

    /** A policy's figures; NaN if it did not run ({@code --policy}). */
    PolicyFigures figures(String policy) {
        if (!policies().contains(policy)) {
            double nan = Double.NaN;
            return new PolicyFigures(policy, nan, nan, nan, nan, nan, nan, nan);
        }
        double pct = 0;
        double lift = 0;
        double regret = 0;
        double pctLo = Double.MAX_VALUE;
        double pctHi = -Double.MAX_VALUE;
        double liftLo = Double.MAX_VALUE;
        double liftHi = -Double.MAX_VALUE;
        for (SeedRun r : runs) {
            LearningLoop.Summary s = r.summaries().get(policy);
            pct += s.pctOracle();
            lift += s.lift();
            regret += s.cumulativeRegret();
            pctLo = Math.min(pctLo, s.pctOracle());
            pctHi = Math.max(pctHi, s.pctOracle());
            liftLo = Math.min(liftLo, s.lift());
            liftHi = Math.max(liftHi, s.lift());
        }
        int n = runs.size();
        return new PolicyFigures(
                policy, pct / n, pctLo, pctHi, lift / n, liftLo, liftHi, regret / n);
    }

    /** The other policies a Flywheel figure is compared with: all but Flywheel and informed. */
    List<String> baselines() {
        List<String> out = new ArrayList<>(policies());
        out.remove(FLYWHEEL);
        out.remove(INFORMED);
        return out;
    }

    /** The baseline with the highest lift; a NaN "none" if only Flywheel ran. */
    PolicyFigures bestBaseline() {
        PolicyFigures best = figures("none");
        for (String p : baselines()) {
            PolicyFigures f = figures(p);
            if (Double.isNaN(best.lift()) || f.lift() > best.lift()) {
                best = f;
            }
        }
        return best;
    }

    /** Flywheel's cumulative regret over the lowest other policy's, per seed, then the mean. */
    double regretRatio() {
        double sum = 0;
        for (SeedRun r : runs) {
            sum += r.summaries().get(FLYWHEEL).cumulativeRegret() / lowestOtherRegret(r);
        }
        return sum / runs.size();
    }

    /** Seeds in which Flywheel's cumulative regret is below every other policy's. */
    int seedsWithLowestRegret() {
        int n = 0;
        for (SeedRun r : runs) {
            if (r.summaries().get(FLYWHEEL).cumulativeRegret() < lowestOtherRegret(r)) {
                n++;
            }
        }
        return n;
    }

    private double lowestOtherRegret(SeedRun r) {
        if (baselines().isEmpty()) {
            return Double.NaN;
        }
        double min = Double.MAX_VALUE;
        for (String p : baselines()) {
            min = Math.min(min, r.summaries().get(p).cumulativeRegret());
        }
        return min;
    }

    double flywheelVsInformed() {
        return figures(FLYWHEEL).lift() / figures(INFORMED).lift();
    }

    /**
     * Whether every policy ran, so that {@link #goalMet} can be judged (not with {@code --policy}).
     */
    boolean complete() {
        return policies().containsAll(LearningBench.POLICIES);
    }

    /** Item 4's per-world part: lift ≥ 0.9 of the informed learner's, lowest regret every seed. */
    boolean goalMet() {
        return flywheelVsInformed() >= 0.9 && seedsWithLowestRegret() == runs.size();
    }

    /** Per policy and round, one row per seed: what the plot draws. */
    Map<String, double[][]> byRound(boolean pct) {
        Map<String, double[][]> out = new LinkedHashMap<>();
        for (String p : policies()) {
            double[][] rows = new double[runs.size()][];
            for (int i = 0; i < rows.length; i++) {
                SeedRun r = runs.get(i);
                rows[i] = (pct ? r.pctByRound() : r.regretByRound()).get(p);
            }
            out.put(p, rows);
        }
        return out;
    }

    String table() {
        StringBuilder b = new StringBuilder();
        b.append(
                String.format(
                        Locale.ROOT,
                        "world %s, %d seed(s), last %d rounds (mean over seeds [lowest, highest])%n",
                        world,
                        runs.size(),
                        LearningBench.LAST_ROUNDS));
        b.append(
                String.format(
                        Locale.ROOT,
                        "  %-15s %-22s %-26s %14s%n",
                        "policy",
                        "% of oracle",
                        "lift",
                        "cum_regret"));
        for (String p : policies()) {
            PolicyFigures f = figures(p);
            b.append(
                    String.format(
                            Locale.ROOT,
                            "  %-15s %5.1f%% [%5.1f, %5.1f]    %6.3f [%6.3f, %6.3f]   %14.0f%n",
                            p,
                            100 * f.pct(),
                            100 * f.pctLo(),
                            100 * f.pctHi(),
                            f.lift(),
                            f.liftLo(),
                            f.liftHi(),
                            f.regret()));
        }
        return b.toString();
    }

    String line() {
        PolicyFigures fly = figures(FLYWHEEL);
        PolicyFigures best = bestBaseline();
        return String.format(
                Locale.ROOT,
                "world=%s seeds=%d flywheel_lift=%.3f flywheel_pct_oracle=%.3f informed_lift=%.3f"
                        + " flywheel_vs_informed=%.3f best_baseline=%s best_baseline_lift=%.3f"
                        + " regret_ratio=%.3f lowest_regret_seeds=%d/%d goal=%s",
                world,
                runs.size(),
                fly.lift(),
                fly.pct(),
                figures(INFORMED).lift(),
                flywheelVsInformed(),
                best.policy(),
                best.lift(),
                regretRatio(),
                seedsWithLowestRegret(),
                runs.size(),
                complete() ? (goalMet() ? "met" : "MISSED") : "n/a");
    }
}
