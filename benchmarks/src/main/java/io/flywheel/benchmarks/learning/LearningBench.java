package io.flywheel.benchmarks.learning;

import io.flywheel.batch.SparkSessions;
import io.flywheel.batch.model.Plots;
import io.flywheel.batch.recommend.CandidateArms;
import io.flywheel.batch.train.EffectsTrainer;
import io.flywheel.config.BatchSettings;
import io.flywheel.config.ConfigLoader;
import io.flywheel.effects.EffectsPrior;
import io.flywheel.model.Arm;
import io.flywheel.model.ParameterTable;
import io.flywheel.schemas.ParameterSpace;
import io.flywheel.simulator.World;
import io.flywheel.simulator.WorldFile;
import io.flywheel.simulator.WorldOracle;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * {@code bench/learning}: the closed loop without rendering on each world, Flywheel's trainer and
 * recommender against uniform random, a fixed house style, epsilon-greedy per arm, LinUCB and
 * linear Thompson sampling (disjoint per segment, on one-hot features), on the same world and seed.
 * Prints per round and policy the mean true outcome as % of the oracle's, the lift captured and the
 * cumulative regret; writes {@code learning.csv} and one PNG per world; ends with per-world lines
 * and the {@code RESULT} line (each figure at its worst world).
 *
 * <p>Arguments: {@code --world NAME|FILE} (repeatable; default every shipped world), {@code
 * --rounds 20}, {@code --videos 50} (per round), {@code --seed 1}, {@code --out DIR}, {@code
 * --dispersion-scale 1} (multiplies each world's gamma shape: above 1 the same world with less
 * per-video noise, to measure how much noise the goal tolerates).
 */
public final class LearningBench {
    static final int LAST_ROUNDS = 3;

    private LearningBench() {}

    /** One world's verdict: Flywheel's last rounds against the baselines. */
    record Verdict(
            String world,
            LearningLoop.Summary flywheel,
            LearningLoop.Summary bestBaseline,
            double regretRatio,
            double trainSeconds,
            double seconds) {
        boolean met() {
            return flywheel.lift() >= 0.8
                    && flywheel.pctOracle() >= 0.9
                    && flywheel.lift() > bestBaseline.lift()
                    && regretRatio < 1;
        }

        String line() {
            return String.format(
                    Locale.ROOT,
                    "world=%s flywheel_lift=%.3f flywheel_pct_oracle=%.3f best_baseline=%s"
                            + " best_baseline_lift=%.3f regret_ratio=%.3f goal=%s"
                            + " train_s=%.0f world_s=%.0f",
                    world,
                    flywheel.lift(),
                    flywheel.pctOracle(),
                    bestBaseline.policy(),
                    bestBaseline.lift(),
                    regretRatio,
                    met() ? "met" : "MISSED",
                    trainSeconds,
                    seconds);
        }
    }

    public static void main(String[] args) throws Exception {
        List<String> worlds = new ArrayList<>();
        int rounds = 20;
        int videos = 50;
        long seed = 1;
        Path out = Path.of("target", "bench-learning");
        double dispersionScale = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--world" -> worlds.add(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--videos" -> videos = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--dispersion-scale" -> dispersionScale = Double.parseDouble(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (worlds.isEmpty()) {
            worlds.addAll(WorldFile.BUILTIN);
        }
        Files.createDirectories(out);
        SparkSession spark = SparkSessions.create("local[2]", "bench-learning");
        List<Verdict> verdicts = new ArrayList<>();
        try (PrintWriter csv =
                new PrintWriter(Files.newBufferedWriter(out.resolve("learning.csv")))) {
            csv.println(
                    "world,round,policy,videos,mean_true,oracle_mean,uniform_mean,pct_oracle,"
                            + "lift,cumulative_regret,mean_observed");
            for (String w : worlds) {
                World world = WorldFile.named(w);
                if (dispersionScale != 1) {
                    world = world.withDispersion(world.dispersion() * dispersionScale);
                    System.out.printf(
                            Locale.ROOT,
                            "%n%s: dispersion (gamma shape) scaled x%s to %.1f%n",
                            world.name(),
                            dispersionScale,
                            world.dispersion());
                }
                verdicts.add(runWorld(spark, world, rounds, videos, seed, out, csv));
            }
        } finally {
            spark.stop();
        }
        System.out.println();
        for (Verdict v : verdicts) {
            System.out.println(v.line());
        }
        Verdict liftWorst = verdicts.get(0);
        double pctWorst = Double.MAX_VALUE;
        double baselineLift = -Double.MAX_VALUE;
        String baseline = "";
        double ratio = 0;
        for (Verdict v : verdicts) {
            if (v.flywheel().lift() < liftWorst.flywheel().lift()) {
                liftWorst = v;
            }
            pctWorst = Math.min(pctWorst, v.flywheel().pctOracle());
            if (v.bestBaseline().lift() > baselineLift) {
                baselineLift = v.bestBaseline().lift();
                baseline = v.bestBaseline().policy() + "@" + v.world();
            }
            ratio = Math.max(ratio, v.regretRatio());
        }
        System.out.printf(
                Locale.ROOT,
                "RESULT flywheel_lift=%.3f flywheel_pct_oracle=%.3f best_baseline=%s"
                        + " best_baseline_lift=%.3f regret_ratio=%.3f%n",
                liftWorst.flywheel().lift(),
                pctWorst,
                baseline,
                baselineLift,
                ratio);
    }

    /** The arm's chosen values (content and timing, in the table's order), space-separated. */
    static String describe(Arm a) {
        return String.join(" ", ParameterTable.chosen().stream().map(p -> p.text(a)).toList());
    }

    static List<Policy> policies(SparkSession spark, long seed, int rounds) {
        CandidateArms.Space space = CandidateArms.Space.of(ParameterSpace.DEFAULT);
        return List.of(
                new FlywheelPolicy(spark, space, flywheelSettings(seed, rounds)),
                new UniformPolicy(space, seed + 1),
                new HouseStylePolicy(),
                new EpsilonGreedyPolicy(space, 0.1, seed + 2),
                new LinUcbPolicy(space, LinUcbPolicy.ALPHA, seed + 3),
                new LinearThompsonPolicy(space, LinearThompsonPolicy.V, seed + 4));
    }

    /**
     * The batch jobs' own settings (config file and {@code FLYWHEEL_BATCH_*} environment): the
     * effects model's prior and number of draws as the TrainJob fits it, and the exploration plan
     * of a campaign of {@code rounds} (share 50%, none in the last 15% of the rounds).
     */
    public static FlywheelPolicy.Settings flywheelSettings(long seed, int rounds) {
        BatchSettings b = ConfigLoader.fromEnvironment(Map.of()).batch();
        return new FlywheelPolicy.Settings(
                EffectsPrior.DEFAULT,
                EffectsTrainer.DRAWS,
                round -> b.explorationShare(round + 1, rounds),
                seed);
    }

    static Verdict runWorld(
            SparkSession spark,
            World world,
            int rounds,
            int videos,
            long seed,
            Path out,
            PrintWriter csv)
            throws IOException {
        long started = System.nanoTime();
        LearningLoop loop = new LearningLoop(world, seed, videos);
        System.out.printf(
                Locale.ROOT,
                "%n== world %s: %d segments, %d rounds x %d videos (oracle ready in %.1f s)%n",
                world.name(),
                loop.segments().size(),
                rounds,
                videos,
                (System.nanoTime() - started) / 1e9);
        System.out.printf(
                Locale.ROOT,
                "%-6s %-15s %10s %9s %8s %14s%n",
                "round",
                "policy",
                "mean_true",
                "%oracle",
                "lift",
                "cum_regret");
        List<Policy> policies = policies(spark, seed, rounds);
        Map<String, Arm> learned = new LinkedHashMap<>();
        PrintWriter choices =
                new PrintWriter(
                        Files.newBufferedWriter(out.resolve("choices-" + world.name() + ".csv")));
        choices.println("world,round,policy,slot,arm_key,expected,segment_best");
        List<LearningLoop.RoundResult> results =
                loop.run(
                        policies,
                        rounds,
                        new LearningLoop.RoundListener() {
                            @Override
                            public void chose(String policy, int round, List<Arm> arms) {
                                for (int i = 0; i < arms.size(); i++) {
                                    Arm a = arms.get(i);
                                    choices.printf(
                                            Locale.ROOT,
                                            "%s,%d,%s,%d,%s,%.3f,%.3f%n",
                                            world.name(),
                                            round + 1,
                                            policy,
                                            i,
                                            a.armKey(),
                                            loop.expected(a),
                                            loop.best(a.segment()).expectedObjective());
                                }
                                if (policy.equals("flywheel")) {
                                    // The first slot of a segment is its top exploit arm.
                                    for (int i = arms.size() - 1; i >= 0; i--) {
                                        learned.put(arms.get(i).segment(), arms.get(i));
                                    }
                                }
                            }

                            @Override
                            public void finished(LearningLoop.RoundResult r) {
                                System.out.printf(
                                        Locale.ROOT,
                                        "%-6d %-15s %10.1f %8.1f%% %8.3f %14.0f%n",
                                        r.round() + 1,
                                        r.policy(),
                                        r.meanTrue(),
                                        100 * r.pctOracle(),
                                        r.lift(),
                                        r.cumulativeRegret());
                                csv.printf(
                                        Locale.ROOT,
                                        "%s,%d,%s,%d,%.3f,%.3f,%.3f,%.5f,%.5f,%.1f,%.3f%n",
                                        world.name(),
                                        r.round() + 1,
                                        r.policy(),
                                        r.videos(),
                                        r.meanTrue(),
                                        r.oracleMean(),
                                        r.uniformMean(),
                                        r.pctOracle(),
                                        r.lift(),
                                        r.cumulativeRegret(),
                                        r.meanObserved());
                                csv.flush();
                            }
                        });
        choices.close();
        System.out.println("learned top arm per segment (last round) vs the world's best:");
        for (String seg : loop.segments()) {
            Arm a = learned.get(seg);
            WorldOracle.Best b = loop.best(seg);
            if (a != null) {
                System.out.printf(
                        Locale.ROOT,
                        "  %-34s %5.1f%% of best  learned %s%n  %-34s %14s world's %s%n",
                        seg,
                        100 * loop.expected(a) / b.expectedObjective(),
                        describe(a),
                        "",
                        "",
                        describe(LearningLoop.arm(b.arm())));
            }
        }
        Map<String, double[]> pct = new LinkedHashMap<>();
        Map<String, double[]> regret = new LinkedHashMap<>();
        for (Policy p : policies) {
            List<LearningLoop.RoundResult> mine =
                    results.stream().filter(r -> r.policy().equals(p.name())).toList();
            pct.put(
                    p.name(),
                    mine.stream().mapToDouble(LearningLoop.RoundResult::pctOracle).toArray());
            regret.put(
                    p.name(),
                    mine.stream()
                            .mapToDouble(LearningLoop.RoundResult::cumulativeRegret)
                            .toArray());
        }
        Plots.learningCurves(
                "bench/learning, world " + world.name() + ": " + videos + " videos per round",
                pct,
                regret,
                out.resolve("learning-" + world.name() + ".png"));
        LearningLoop.Summary flywheel = LearningLoop.summarise(results, "flywheel", LAST_ROUNDS);
        LearningLoop.Summary best = null;
        double minRegret = Double.MAX_VALUE;
        for (Policy p : policies.subList(1, policies.size())) {
            LearningLoop.Summary s = LearningLoop.summarise(results, p.name(), LAST_ROUNDS);
            if (best == null || s.lift() > best.lift()) {
                best = s;
            }
            minRegret = Math.min(minRegret, s.cumulativeRegret());
        }
        double train = ((FlywheelPolicy) policies.get(0)).trainSeconds();
        Verdict v =
                new Verdict(
                        world.name(),
                        flywheel,
                        best,
                        flywheel.cumulativeRegret() / minRegret,
                        train,
                        (System.nanoTime() - started) / 1e9);
        System.out.println(v.line());
        return v;
    }
}
