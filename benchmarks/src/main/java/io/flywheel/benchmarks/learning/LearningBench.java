package io.flywheel.benchmarks.learning;

import io.flywheel.batch.SparkSessions;
import io.flywheel.batch.train.EffectsTrainer;
import io.flywheel.config.BatchSettings;
import io.flywheel.config.ConfigLoader;
import io.flywheel.effects.EffectsPrior;
import io.flywheel.model.Arm;
import io.flywheel.model.ParameterSpace;
import io.flywheel.model.ParameterTable;
import io.flywheel.simulator.World;
import io.flywheel.simulator.WorldFile;
import io.flywheel.simulator.WorldOracle;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.SparkSession;

/**
 * {@code bench/learning}: the closed loop without rendering on each world, Flywheel's trainer and
 * recommender against uniform random, a fixed house style, epsilon-greedy per arm, LinUCB, linear
 * Thompson sampling (disjoint per segment, on one-hot features) and the informed learner (Thompson
 * sampling on the world's exact model family, {@link InformedPolicy}), on the same world and seeds.
 * Prints per round and policy the mean true outcome as % of the oracle's, the lift captured and the
 * cumulative regret; per world the figures over the seeds; writes {@code learning.csv} and one PNG
 * per world (every policy's curve, a band over the seeds); ends with per-world lines and the {@code
 * RESULT} line (each figure at its worst world, means over seeds).
 *
 * <p>Arguments: {@code --world NAME|FILE} (repeatable; default every shipped world), {@code
 * --rounds 20}, {@code --videos 50} (per round), {@code --seeds 3} (seeds 1..N) or {@code --seed S}
 * (repeatable: these seeds only), {@code --out DIR}, {@code --dispersion-scale 1} (multiplies each
 * world's gamma shape: above 1 the same world with less per-video noise), {@code --parallel N}
 * (world-runs at once; default the available processors), {@code --policy NAME} (repeatable: only
 * these policies beside Flywheel, which always runs; default every policy). The world-runs (world ×
 * seed) are independent, each with its own policies and draws, and share only the world's oracle
 * and the Spark session, so they run concurrently; their output is printed and written in the order
 * of a sequential run, and the figures are the same for any {@code --parallel}.
 */
public final class LearningBench {
    static final int LAST_ROUNDS = 3;

    private LearningBench() {}

    public static void main(String[] args) throws Exception {
        List<String> worlds = new ArrayList<>();
        int rounds = 20;
        int videos = 50;
        int seedCount = 3;
        List<Long> seeds = new ArrayList<>();
        Path out = Path.of("target", "bench-learning");
        double dispersionScale = 1;
        int parallel = Runtime.getRuntime().availableProcessors();
        List<String> only = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--world" -> worlds.add(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--videos" -> videos = Integer.parseInt(args[++i]);
                case "--seeds" -> seedCount = Integer.parseInt(args[++i]);
                case "--seed" -> seeds.add(Long.parseLong(args[++i]));
                case "--out" -> out = Path.of(args[++i]);
                case "--dispersion-scale" -> dispersionScale = Double.parseDouble(args[++i]);
                case "--parallel" -> parallel = Integer.parseInt(args[++i]);
                case "--policy" -> only.add(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        for (String p : only) {
            if (!POLICIES.contains(p)) {
                throw new IllegalArgumentException(
                        "unknown policy " + p + "; the policies are " + POLICIES);
            }
        }
        if (worlds.isEmpty()) {
            worlds.addAll(WorldFile.BUILTIN);
        }
        if (seeds.isEmpty()) {
            for (long s = 1; s <= seedCount; s++) {
                seeds.add(s);
            }
        }
        Files.createDirectories(out);
        List<World> worldList = new ArrayList<>();
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
            worldList.add(world);
        }
        // A shared machine may stop the process for minutes (other measurements); Spark's default
        // 120 s without a heartbeat would then drop its one local executor and end the run.
        SparkSession spark =
                SparkSessions.create(
                        "local[2]",
                        "bench-learning",
                        Map.of(
                                "spark.network.timeout", "86400s",
                                "spark.executor.heartbeat.maxFailures", "1000000"));
        List<WorldFigures> figures;
        try {
            figures = run(spark, worldList, seeds, rounds, videos, out, parallel, only);
        } finally {
            spark.stop();
        }
        System.out.println();
        for (WorldFigures f : figures) {
            System.out.println(f.line());
        }
        System.out.println(result(figures));
    }

    /**
     * Every world-run (each world with each seed), {@code parallel} at a time, with Flywheel and
     * the policies named in {@code only} (every policy if empty): prints each run's table and each
     * world's figures in the order of a sequential run, writes {@code learning.csv}, the choices
     * and the plots to {@code out}; the figures per world.
     */
    static List<WorldFigures> run(
            SparkSession spark,
            List<World> worldList,
            List<Long> seeds,
            int rounds,
            int videos,
            Path out,
            int parallel,
            List<String> only)
            throws IOException, InterruptedException {
        Files.createDirectories(out);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        List<WorldFigures> figures = new ArrayList<>();
        try (PrintWriter csv =
                new PrintWriter(Files.newBufferedWriter(out.resolve("learning.csv")))) {
            csv.println(
                    "world,seed,round,policy,videos,mean_true,oracle_mean,uniform_mean,pct_oracle,"
                            + "lift,cumulative_regret,mean_observed");
            // every world's oracle once (it does not depend on the seed), then every world-run;
            // the oracles are queued first, so a run waits only on one already started
            List<Future<LearningLoop.Oracle>> oracles = new ArrayList<>();
            for (World world : worldList) {
                oracles.add(pool.submit(() -> LearningLoop.oracle(world)));
            }
            List<List<Future<RunOutput>>> runs = new ArrayList<>();
            for (int w = 0; w < worldList.size(); w++) {
                World world = worldList.get(w);
                Future<LearningLoop.Oracle> oracle = oracles.get(w);
                List<Future<RunOutput>> mine = new ArrayList<>();
                for (long seed : seeds) {
                    int r = rounds;
                    int v = videos;
                    Path o = out;
                    mine.add(
                            pool.submit(
                                    () ->
                                            runWorld(
                                                    spark,
                                                    world,
                                                    oracle.get(),
                                                    r,
                                                    v,
                                                    seed,
                                                    o,
                                                    only)));
                }
                runs.add(mine);
            }
            // printed and written in the order of a sequential run, whatever order they end in
            for (int w = 0; w < worldList.size(); w++) {
                World world = worldList.get(w);
                List<WorldFigures.SeedRun> done = new ArrayList<>();
                for (Future<RunOutput> f : runs.get(w)) {
                    RunOutput run = join(f);
                    System.out.print(run.log());
                    System.out.flush();
                    csv.print(run.csv());
                    csv.flush();
                    done.add(run.figures());
                }
                WorldFigures f = new WorldFigures(world.name(), done);
                System.out.println();
                System.out.print(f.table());
                System.out.println(f.line());
                LearningPlot.write(
                        "bench/learning, "
                                + world.name()
                                + ", "
                                + videos
                                + " videos/round, "
                                + seeds.size()
                                + " seeds",
                        f.byRound(true),
                        f.byRound(false),
                        out.resolve("learning-" + world.name() + ".png"));
                figures.add(f);
            }
        } finally {
            pool.shutdownNow();
        }
        return figures;
    }

    /**
     * Mean % of the oracle over every world-run (world x seed), Flywheel's and the informed
     * learner's (the practical limit; NaN when it did not run), a line before RESULT.
     */
    static String summary(List<WorldFigures> figures) {
        double sum = 0;
        double informed = 0;
        int n = 0;
        int atGoal = 0;
        int met = 0;
        for (WorldFigures f : figures) {
            for (WorldFigures.SeedRun r : f.runs()) {
                double pct = r.summaries().get(WorldFigures.FLYWHEEL).pctOracle();
                LearningLoop.Summary limit = r.summaries().get(WorldFigures.INFORMED);
                sum += pct;
                informed += limit == null ? Double.NaN : limit.pctOracle();
                n++;
                atGoal += pct >= 0.9 ? 1 : 0;
            }
            met += f.goalMet() ? 1 : 0;
        }
        return String.format(
                Locale.ROOT,
                "world-runs=%d flywheel_mean_pct_oracle=%.3f informed_mean_pct_oracle=%.3f"
                        + " at_or_above_90pct=%d worlds_meeting_goal=%d/%d",
                n,
                sum / n,
                informed / n,
                atGoal,
                met,
                figures.size());
    }

    /**
     * The RESULT line: each figure at its worst world (lowest Flywheel lift, % of oracle, informed
     * lift and lift ratio; highest baseline lift, as policy@world; highest regret ratio).
     */
    static String result(List<WorldFigures> figures) {
        double flyLift = Double.MAX_VALUE;
        double flyPct = Double.MAX_VALUE;
        double informedLift = Double.MAX_VALUE;
        double vsInformed = Double.MAX_VALUE;
        double baselineLift = -Double.MAX_VALUE;
        String baseline = "none";
        double ratio = -Double.MAX_VALUE;
        for (WorldFigures f : figures) {
            WorldFigures.PolicyFigures fly = f.figures(WorldFigures.FLYWHEEL);
            flyLift = Math.min(flyLift, fly.lift());
            flyPct = Math.min(flyPct, fly.pct());
            informedLift = Math.min(informedLift, f.figures(WorldFigures.INFORMED).lift());
            vsInformed = Math.min(vsInformed, f.flywheelVsInformed());
            WorldFigures.PolicyFigures b = f.bestBaseline();
            if (b.lift() > baselineLift) {
                baselineLift = b.lift();
                baseline = b.policy() + "@" + f.world();
            }
            ratio = Math.max(ratio, f.regretRatio());
        }
        return summary(figures)
                + System.lineSeparator()
                + String.format(
                        Locale.ROOT,
                        "RESULT flywheel_lift=%.3f flywheel_pct_oracle=%.3f informed_lift=%.3f"
                                + " flywheel_vs_informed=%.3f best_baseline=%s"
                                + " best_baseline_lift=%.3f regret_ratio=%.3f",
                        flyLift,
                        flyPct,
                        informedLift,
                        vsInformed,
                        baseline,
                        baselineLift,
                        ratio);
    }

    /** The arm's chosen values (content and timing, in the table's order), space-separated. */
    static String describe(Arm a) {
        return String.join(" ", ParameterTable.chosen().stream().map(p -> p.text(a)).toList());
    }

    /** Every policy's name, in the order they run (and are printed). */
    static final List<String> POLICIES =
            List.of(
                    WorldFigures.FLYWHEEL,
                    "uniform",
                    "house-style",
                    "epsilon-greedy",
                    "linucb",
                    "linear-ts",
                    WorldFigures.INFORMED);

    /** Flywheel and the policies named in {@code only} (every policy if empty), in order. */
    static List<Policy> policies(
            SparkSession spark, World world, long seed, int rounds, List<String> only) {
        ParameterSpace space = ParameterSpace.DEFAULT;
        FlywheelPolicy.Settings settings = flywheelSettings(seed, rounds);
        List<Policy> all =
                List.of(
                        new FlywheelPolicy(spark, space, settings),
                        new UniformPolicy(space, seed + 1),
                        new HouseStylePolicy(),
                        new EpsilonGreedyPolicy(space, 0.1, seed + 2),
                        new LinUcbPolicy(space, LinUcbPolicy.ALPHA, seed + 3),
                        new LinearThompsonPolicy(space, LinearThompsonPolicy.V, seed + 4),
                        new InformedPolicy(
                                WorldStructure.of(world),
                                space,
                                round -> settings.explorationShare().applyAsDouble(round) == 0,
                                seed + 5));
        return all.stream()
                .filter(
                        p ->
                                only.isEmpty()
                                        || p.name().equals(WorldFigures.FLYWHEEL)
                                        || only.contains(p.name()))
                .toList();
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

    /** One world-run's progress output, its rows of {@code learning.csv} and its figures. */
    record RunOutput(String log, String csv, WorldFigures.SeedRun figures) {}

    private static <T> T join(Future<T> f) throws IOException, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("a world-run failed", e.getCause());
        }
    }

    static RunOutput runWorld(
            SparkSession spark,
            World world,
            LearningLoop.Oracle oracle,
            int rounds,
            int videos,
            long seed,
            Path out,
            List<String> only)
            throws IOException {
        long started = System.nanoTime();
        StringWriter logText = new StringWriter();
        StringWriter csvText = new StringWriter();
        PrintWriter log = new PrintWriter(logText);
        PrintWriter csv = new PrintWriter(csvText);
        LearningLoop loop = new LearningLoop(world, oracle, seed, videos);
        log.printf(
                Locale.ROOT,
                "%n== world %s, seed %d: %d segments, %d rounds x %d videos (oracle ready in %.1f s)%n",
                world.name(),
                seed,
                loop.segments().size(),
                rounds,
                videos,
                oracle.seconds());
        log.printf(
                Locale.ROOT,
                "%-6s %-15s %10s %9s %8s %14s%n",
                "round",
                "policy",
                "mean_true",
                "%oracle",
                "lift",
                "cum_regret");
        List<Policy> policies = policies(spark, world, seed, rounds, only);
        Map<String, Arm> learned = new LinkedHashMap<>();
        PrintWriter choices =
                new PrintWriter(
                        Files.newBufferedWriter(
                                out.resolve("choices-" + world.name() + "-seed" + seed + ".csv")));
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
                                log.printf(
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
                                        "%s,%d,%d,%s,%d,%.3f,%.3f,%.3f,%.5f,%.5f,%.1f,%.3f%n",
                                        world.name(),
                                        seed,
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
                            }
                        });
        choices.close();
        log.println("learned top arm per segment (last round) vs the world's best:");
        for (String seg : loop.segments()) {
            Arm a = learned.get(seg);
            WorldOracle.Best b = loop.best(seg);
            if (a != null) {
                log.printf(
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
        Map<String, LearningLoop.Summary> summaries = new LinkedHashMap<>();
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
            summaries.put(p.name(), LearningLoop.summarise(results, p.name(), LAST_ROUNDS));
        }
        double train = ((FlywheelPolicy) policies.get(0)).trainSeconds();
        log.printf(
                Locale.ROOT,
                "world=%s seed=%d flywheel_lift=%.3f informed_lift=%.3f train_s=%.0f world_s=%.0f%n",
                world.name(),
                seed,
                summaries.get(WorldFigures.FLYWHEEL).lift(),
                summaries.containsKey(WorldFigures.INFORMED)
                        ? summaries.get(WorldFigures.INFORMED).lift()
                        : Double.NaN,
                train,
                (System.nanoTime() - started) / 1e9);
        log.flush();
        csv.flush();
        // progress at once; the run's table is printed in the sequential order
        System.err.printf(
                Locale.ROOT,
                "bench/learning: %s seed %d done in %.0f s%n",
                world.name(),
                seed,
                (System.nanoTime() - started) / 1e9);
        return new RunOutput(
                logText.toString(),
                csvText.toString(),
                new WorldFigures.SeedRun(seed, summaries, pct, regret));
    }
}
