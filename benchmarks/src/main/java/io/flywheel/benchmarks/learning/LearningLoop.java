package io.flywheel.benchmarks.learning;

import io.flywheel.model.Arm;
import io.flywheel.model.ParameterSpace;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.Platform;
import io.flywheel.simulator.AudienceModel;
import io.flywheel.simulator.EngagementReport;
import io.flywheel.simulator.World;
import io.flywheel.simulator.WorldOracle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The closed loop without rendering: each round every policy chooses one arm per slot, the world's
 * {@link AudienceModel} draws each video's outcome (engaged views at the horizon, seeded), and the
 * policy sees its own outcomes. Slots go round-robin over the world's segments. The video of slot i
 * in round r has the same id for every policy, so policies that choose the same arm draw the same
 * outcome (common random numbers: differences between policies are the arms', not luck's).
 *
 * <p>Evaluation only, never shown to a policy: the world's true expected outcome of each chosen
 * arm, of the segment's best arm ({@link WorldOracle}) and of a uniformly random arm.
 */
public final class LearningLoop {
    /** One policy's round: true expectations summed over its slots, and the regret so far. */
    public record RoundResult(
            String policy,
            int round,
            int videos,
            double meanTrue,
            double oracleMean,
            double uniformMean,
            double meanObserved,
            double cumulativeRegret) {
        public double pctOracle() {
            return meanTrue / oracleMean;
        }

        public double lift() {
            return (meanTrue - uniformMean) / (oracleMean - uniformMean);
        }
    }

    /** A policy over the last rounds (true expectations pooled over their slots). */
    public record Summary(String policy, double pctOracle, double lift, double cumulativeRegret) {}

    private final World world;
    private final long seed;
    private final int perRound;
    private final List<String> segments;
    private final Map<String, WorldOracle.Best> oracle = new LinkedHashMap<>();
    private final AudienceModel audience;

    /** Each segment's best arm of a world (by enumeration), and the seconds it took. */
    public record Oracle(Map<String, WorldOracle.Best> best, double seconds) {}

    /** The world's oracle: it depends on the world only, so a world's seeds share it. */
    public static Oracle oracle(World world) {
        long started = System.nanoTime();
        WorldOracle o = new WorldOracle(world, ParameterSpace.DEFAULT);
        Map<String, WorldOracle.Best> best = new LinkedHashMap<>();
        for (String s : new java.util.TreeSet<>(world.segments().keySet())) {
            String[] pn = Segments.split(s);
            best.put(s, o.best(Platform.valueOf(pn[0]), pn[1]));
        }
        return new Oracle(Map.copyOf(best), (System.nanoTime() - started) / 1e9);
    }

    public LearningLoop(World world, long seed, int perRound) {
        this(world, oracle(world), seed, perRound);
    }

    public LearningLoop(World world, Oracle oracle, long seed, int perRound) {
        this.world = world;
        this.seed = seed;
        this.perRound = perRound;
        this.segments = List.copyOf(new java.util.TreeSet<>(world.segments().keySet()));
        this.oracle.putAll(oracle.best());
        long horizonMs = (long) (world.horizonHours() * 3_600_000);
        this.audience = new AudienceModel(world, seed, horizonMs);
    }

    public List<String> segments() {
        return segments;
    }

    public WorldOracle.Best best(String segment) {
        return oracle.get(segment);
    }

    /** The segments of round r's slots, round-robin, continuing where the last round stopped. */
    public List<String> slots(int round) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < perRound; i++) {
            out.add(segments.get((round * perRound + i) % segments.size()));
        }
        return out;
    }

    /**
     * Runs {@code rounds} rounds (numbered from 0) of every policy; results by round, then policy.
     */
    public List<RoundResult> run(List<Policy> policies, int rounds, RoundListener listener) {
        Map<String, List<Observation>> history = new HashMap<>();
        Map<String, Double> regret = new HashMap<>();
        List<RoundResult> out = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            List<String> slots = slots(r);
            for (Policy p : policies) {
                List<Observation> seen = history.computeIfAbsent(p.name(), k -> new ArrayList<>());
                List<Arm> arms = p.choose(r, slots, List.copyOf(seen));
                if (arms.size() != slots.size()) {
                    throw new IllegalStateException(
                            p.name() + " chose " + arms.size() + " arms for " + slots.size());
                }
                double sumTrue = 0;
                double sumBest = 0;
                double sumUniform = 0;
                double sumObserved = 0;
                for (int i = 0; i < arms.size(); i++) {
                    Arm a = arms.get(i);
                    if (!a.segment().equals(slots.get(i))) {
                        throw new IllegalStateException(
                                p.name() + " chose " + a.segment() + " for " + slots.get(i));
                    }
                    double outcome = draw(r, i, a);
                    seen.add(new Observation(r, a, outcome));
                    sumTrue += world.expectedObjective(parameters(a));
                    sumBest += oracle.get(slots.get(i)).expectedObjective();
                    sumUniform += oracle.get(slots.get(i)).meanObjective();
                    sumObserved += outcome;
                }
                double cumulative = regret.merge(p.name(), sumBest - sumTrue, Double::sum);
                int n = arms.size();
                RoundResult rr =
                        new RoundResult(
                                p.name(),
                                r,
                                n,
                                sumTrue / n,
                                sumBest / n,
                                sumUniform / n,
                                sumObserved / n,
                                cumulative);
                out.add(rr);
                listener.chose(p.name(), r, arms);
                listener.finished(rr);
            }
        }
        return out;
    }

    /** Told of each policy's round as it finishes (progress output). */
    public interface RoundListener {
        void finished(RoundResult result);

        /** The arms a policy chose in a round, in slot order. */
        default void chose(String policy, int round, List<Arm> arms) {}
    }

    /** The world's true expected outcome of an arm (evaluation only). */
    public double expected(Arm a) {
        return world.expectedObjective(parameters(a));
    }

    /** The engaged views at the horizon the world's audience gives this video. */
    double draw(int round, int slot, Arm arm) {
        String videoId =
                UUID.nameUUIDFromBytes(
                                ("learning:" + round + ":" + slot).getBytes(StandardCharsets.UTF_8))
                        .toString();
        long engaged = 0;
        for (EngagementReport rep :
                audience.reports(videoId, "p-" + videoId, videoId, parameters(arm), 0L)) {
            engaged += rep.event().getEngagedViews();
        }
        return engaged;
    }

    /** A policy's last {@code lastRounds} rounds pooled, and its regret at the end. */
    public static Summary summarise(List<RoundResult> results, String policy, int lastRounds) {
        List<RoundResult> mine = results.stream().filter(r -> r.policy().equals(policy)).toList();
        if (mine.isEmpty()) {
            throw new IllegalArgumentException("no results of " + policy);
        }
        List<RoundResult> last = mine.subList(Math.max(0, mine.size() - lastRounds), mine.size());
        double t = 0;
        double o = 0;
        double u = 0;
        for (RoundResult r : last) {
            t += r.meanTrue() * r.videos();
            o += r.oracleMean() * r.videos();
            u += r.uniformMean() * r.videos();
        }
        return new Summary(
                policy, t / o, (t - u) / (o - u), mine.get(mine.size() - 1).cumulativeRegret());
    }

    public static Arm arm(ContentParameters p) {
        return Arm.fromAvro(p);
    }

    public static ContentParameters parameters(Arm a) {
        return a.toAvro();
    }
}
