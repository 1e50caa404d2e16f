package io.flywheel.benchmarks.learning;

import io.flywheel.batch.recommend.CandidateArms;
import io.flywheel.model.Arm;
import io.flywheel.model.ParameterSpace;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.Platform;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.IntPredicate;
import org.apache.avro.Schema;

/**
 * The practical limit: Thompson sampling on the world's exact model family. It knows the world's
 * structure ({@link WorldStructure}: segments, which parameter values have effects, which
 * combinations interact, which platforms have a posting-hour curve, the noise level) but none of
 * its coefficients, and learns them from the same outcomes every policy sees.
 *
 * <p>Model: one Bayesian linear regression over all segments of reward log(1 + objective) on
 * exactly the world's features: one intercept per segment, one indicator per parameter value the
 * world gives an effect, one per interaction (1 when all its conditions hold), and one per platform
 * and posting hour for every platform with an hour curve (24 free levels: a family that contains
 * the world's bump; the bump's three numbers are not read). The world is additive on the log of
 * views and on the logit of the engaged rate; at engaged rates of 0.3-0.5 the log of the rate is
 * close to linear in its logit, so the log of the objective is (nearly) linear in these features.
 * Noise: known from the dispersion, the variance of the log of a mean-one gamma of shape k,
 * trigamma(k), plus 0.01 for the Poisson counts. Prior: N(0, 10²) on the segment intercepts
 * (diffuse), N(0, {@value #EFFECT_SD}²) on every effect (a generic scale for effects on a log
 * scale, the same for every world; nothing is tuned).
 *
 * <p>Every video draws θ from the exact posterior N(Λ⁻¹h, Λ⁻¹) and takes the arm maximising xᵀθ (in
 * the campaign's committed last rounds, the posterior mean's best arm, as Flywheel does) among the
 * candidates Flywheel's recommender generates (a seeded sample of 500 arms of the segment, then
 * steepest ascent; {@link LinearBanditPolicy#best}). Only the bench constructs it
 * (package-private): no product code may read a world's structure.
 */
final class InformedPolicy implements Policy {
    static final double EFFECT_SD = 0.5;
    static final double INTERCEPT_SD = 10;
    private static final Schema SCHEMA = ContentParameters.getClassSchema();

    private final ParameterSpace space;
    private final IntPredicate commit;
    private final long seed;
    private final Random random;
    private final double noiseVariance;
    private final Map<String, Integer> segmentIndex = new HashMap<>();
    private final Map<String, Map<String, Integer>> levelIndex = new HashMap<>();
    private final List<Map<String, String>> interactions;
    private final int interactionStart;
    private final Map<Platform, Integer> hourStart = new HashMap<>();
    private final int d;
    private final double[][] precision; // Λ
    private final double[] h;
    private final Map<Arm, int[]> cache = new HashMap<>();
    private int ingested;

    /**
     * @param commit the rounds (from 0) that explore nothing and take the posterior mean's best
     *     arm: the same campaign plan Flywheel's policy follows (its last 15% of rounds), so that
     *     the two are compared on what they learned, not on whether they still explore
     */
    InformedPolicy(WorldStructure world, ParameterSpace space, IntPredicate commit, long seed) {
        this.space = space;
        this.commit = commit;
        this.seed = seed;
        this.random = new Random(seed);
        this.noiseVariance = trigamma(world.dispersion()) + 0.01;
        int next = 0;
        for (String s : world.segments()) {
            segmentIndex.put(s, next++);
        }
        int segments = next;
        for (Map.Entry<String, Set<String>> e : world.effectLevels().entrySet()) {
            if (SCHEMA.getField(e.getKey()) == null) {
                throw new IllegalArgumentException("no content parameter named " + e.getKey());
            }
            Map<String, Integer> m = new HashMap<>();
            for (String v : e.getValue()) {
                m.put(v, next++);
            }
            levelIndex.put(e.getKey(), m);
        }
        this.interactions = List.copyOf(world.interactions());
        this.interactionStart = next;
        next += interactions.size();
        for (Platform p : world.hourCurves()) {
            hourStart.put(p, next);
            next += 24;
        }
        this.d = next;
        this.precision = new double[d][d];
        this.h = new double[d];
        for (int i = 0; i < d; i++) {
            double sd = i < segments ? INTERCEPT_SD : EFFECT_SD;
            precision[i][i] = 1 / (sd * sd);
        }
    }

    @Override
    public String name() {
        return "informed";
    }

    int dimension() {
        return d;
    }

    @Override
    public List<Arm> choose(int round, List<String> slots, List<Observation> history) {
        for (Observation o : history.subList(ingested, history.size())) {
            update(active(o.arm()), LinearBanditPolicy.reward(o.outcome()));
        }
        ingested = history.size();
        double[][] l = cholesky(precision);
        double[] mean = backward(l, forward(l, h));
        Map<String, List<Arm>> samples = new HashMap<>();
        List<Arm> out = new ArrayList<>(slots.size());
        for (String s : slots) {
            List<Arm> sample =
                    samples.computeIfAbsent(
                            s,
                            k -> {
                                String[] pn = Segments.split(k);
                                return CandidateArms.of(
                                        pn[0],
                                        pn[1],
                                        space,
                                        LinearBanditPolicy.SAMPLE,
                                        seed + 7919L * round);
                            });
            double[] theta = commit.test(round) ? mean : draw(l, mean);
            out.add(LinearBanditPolicy.best(sample, space, a -> dot(active(a), theta)));
        }
        return out;
    }

    /** One observation: Λ += x xᵀ / σ², h += r x / σ². */
    void update(int[] x, double reward) {
        for (int i : x) {
            for (int j : x) {
                precision[i][j] += 1 / noiseVariance;
            }
            h[i] += reward / noiseVariance;
        }
    }

    /** The posterior mean Λ⁻¹h. */
    double[] mean() {
        double[][] l = cholesky(precision);
        return backward(l, forward(l, h));
    }

    /** θ = mean + L⁻ᵀ z with Λ = L Lᵀ, so that Cov θ = Λ⁻¹. */
    private double[] draw(double[][] l, double[] mean) {
        double[] z = new double[d];
        for (int i = 0; i < d; i++) {
            z[i] = random.nextGaussian();
        }
        double[] u = backward(l, z);
        double[] theta = new double[d];
        for (int i = 0; i < d; i++) {
            theta[i] = mean[i] + u[i];
        }
        return theta;
    }

    /** The active indices of an arm in this world's features (cached per arm). */
    int[] active(Arm a) {
        return cache.computeIfAbsent(a, this::features);
    }

    private int[] features(Arm a) {
        ContentParameters p = LearningLoop.parameters(a);
        List<Integer> x = new ArrayList<>();
        Integer s = segmentIndex.get(a.segment());
        if (s == null) {
            throw new IllegalArgumentException("the world has no segment " + a.segment());
        }
        x.add(s);
        for (Map.Entry<String, Map<String, Integer>> e : levelIndex.entrySet()) {
            Integer i = e.getValue().get(value(p, e.getKey()));
            if (i != null) {
                x.add(i);
            }
        }
        for (int k = 0; k < interactions.size(); k++) {
            boolean all = true;
            for (Map.Entry<String, String> c : interactions.get(k).entrySet()) {
                all &= c.getValue().equals(value(p, c.getKey()));
            }
            if (all) {
                x.add(interactionStart + k);
            }
        }
        Integer hs = hourStart.get(p.getPlatform());
        if (hs != null) {
            x.add(hs + p.getPostingHour());
        }
        return x.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A parameter's value as text, as world files name it (an enum's symbol, a number). */
    private static String value(ContentParameters p, String name) {
        Schema.Field f = SCHEMA.getField(name);
        if (f == null) {
            throw new IllegalArgumentException("no content parameter named " + name);
        }
        return String.valueOf(p.get(f.pos()));
    }

    private static double dot(int[] x, double[] theta) {
        double s = 0;
        for (int i : x) {
            s += theta[i];
        }
        return s;
    }

    /** Lower L with L Lᵀ = a. */
    static double[][] cholesky(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new IllegalStateException("precision not positive definite at " + i);
                    }
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        return l;
    }

    /** Solves L y = b. */
    private static double[] forward(double[][] l, double[] b) {
        int n = b.length;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i][k] * y[k];
            }
            y[i] = s / l[i][i];
        }
        return y;
    }

    /** Solves Lᵀ x = y. */
    private static double[] backward(double[][] l, double[] y) {
        int n = y.length;
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k][i] * x[k];
            }
            x[i] = s / l[i][i];
        }
        return x;
    }

    /**
     * ψ₁(x), the variance of log G for G ~ Gamma(shape x): recurrence, then the asymptotic series.
     */
    static double trigamma(double x) {
        double sum = 0;
        while (x < 6) {
            sum += 1 / (x * x);
            x += 1;
        }
        double x2 = 1 / (x * x);
        return sum
                + 1 / x
                + x2 / 2
                + x2 / x * (1.0 / 6 - x2 * (1.0 / 30 - x2 * (1.0 / 42 - x2 / 30)));
    }
}
