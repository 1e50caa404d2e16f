package io.flywheel.effects;

import java.util.List;
import java.util.Random;

/**
 * Fits the {@link EffectsModel}: Bayesian linear regression of {@code log(1 + y)} on the layout's
 * 0/1 effects with the {@link EffectsPrior} (a Gaussian prior, so the posterior is Gaussian and
 * exact), the noise variance estimated from the residuals with the model's effective number of
 * parameters. Unlike a bootstrap, the posterior of an effect with no data is its prior, so a
 * posterior draw tries levels nothing has tried.
 */
public final class EffectsFit {
    private static final int ITERATIONS = 30;
    private static final int WARM_ITERATIONS = 8;
    private static final double TOLERANCE = 0.01;
    private static final double MAX_SD = 1.0;
    private static final double HYPER = 2;
    private static final double MIN_NOISE = 1e-3;

    private final EffectsLayout layout;
    private final EffectsPrior prior;

    public EffectsFit(EffectsLayout layout, EffectsPrior prior) {
        this.layout = layout;
        this.prior = prior;
    }

    /** The sufficient statistics of a training set: XᵀX, Xᵀz, Σz, Σz², n (z = log(1 + y)). */
    public static final class Statistics implements java.io.Serializable {
        final double[][] gram;
        final double[] xz;
        double sumZ;
        double sumZ2;
        long n;

        public Statistics(int size) {
            gram = new double[size][];
            for (int i = 0; i < size; i++) {
                gram[i] = new double[i + 1];
            }
            xz = new double[size];
        }

        public void add(int[] active, double outcome) {
            double z = Math.log1p(Math.max(0, outcome));
            for (int a = 0; a < active.length; a++) {
                int i = active[a];
                xz[i] += z;
                for (int b = 0; b < active.length; b++) {
                    int j = active[b];
                    if (j <= i) {
                        gram[i][j] += 1;
                    }
                }
            }
            sumZ += z;
            sumZ2 += z * z;
            n++;
        }

        public Statistics merge(Statistics o) {
            for (int i = 0; i < gram.length; i++) {
                for (int j = 0; j <= i; j++) {
                    gram[i][j] += o.gram[i][j];
                }
                xz[i] += o.xz[i];
            }
            sumZ += o.sumZ;
            sumZ2 += o.sumZ2;
            n += o.n;
            return this;
        }

        public long rows() {
            return n;
        }
    }

    /** The statistics of rows given as their active indices ({@link EffectsLayout#active}). */
    public Statistics statistics(List<int[]> active, double[] outcomes) {
        Statistics s = new Statistics(layout.size());
        for (int r = 0; r < active.size(); r++) {
            s.add(active.get(r), outcomes[r]);
        }
        return s;
    }

    public EffectsModel fit(Statistics s, int draws, long seed) {
        return fit(s, draws, seed, null);
    }

    /**
     * As {@link #fit(Statistics, int, long)}, the empirical-Bayes iteration starting from the group
     * variances of an earlier fit of the same layout (fewer iterations), if not null.
     */
    public EffectsModel fit(Statistics s, int draws, long seed, double[] startVariances) {
        if (s.n == 0) {
            throw new IllegalArgumentException("no rows to fit");
        }
        int p = layout.size();
        double centre = s.sumZ / s.n;
        // centred: X'(z - c) = X'z - c X'1, and X'1 is the Gram diagonal (0/1 features)
        double[] b = new double[p];
        for (int i = 0; i < p; i++) {
            b[i] = s.xz[i] - centre * s.gram[i][i];
        }
        double zz = s.sumZ2 - s.n * centre * centre;
        int[] group = new int[p];
        for (int i = 0; i < p; i++) {
            group[i] = layout.group(i);
        }
        double[] variance = new double[layout.groups()];
        for (int i = 0; i < p; i++) {
            if (group[i] >= 0) {
                double sd = prior.sd(layout.kind(i));
                variance[group[i]] = sd * sd;
            }
        }
        double[] start = variance.clone();
        if (startVariances != null && startVariances.length == variance.length) {
            variance = startVariances.clone();
        }
        double noise = Math.max(MIN_NOISE, zz / s.n);
        double[] mean = null;
        Cholesky chol = null;
        int iterations = startVariances == null ? ITERATIONS : WARM_ITERATIONS;
        for (int it = 0; it < iterations; it++) {
            double[][] priorPrecision = priorPrecision(group, variance);
            chol = new Cholesky(posteriorPrecision(priorPrecision, s.gram, noise));
            mean = chol.solve(scale(b, 1 / noise));
            double[] diag = new double[p];
            double priorShare = traceWithPrior(chol, priorPrecision, diag);
            // EM for the group variances, with an inverse-gamma hyperprior of HYPER pseudo-effects
            // at the kind's starting spread: a group whose effects look like noise shrinks, but
            // never to nothing in one step (MacKay's faster fixed point collapsed such groups)
            double[] sumSq = new double[variance.length];
            double[] count = new double[variance.length];
            for (int i = 0; i < p; i++) {
                if (group[i] >= 0) {
                    sumSq[group[i]] += mean[i] * mean[i] + diag[i];
                    count[group[i]]++;
                }
            }
            double change = 0;
            for (int g = 0; g < variance.length; g++) {
                double v = (sumSq[g] + HYPER * start[g]) / (count[g] + HYPER);
                v = Math.min(MAX_SD * MAX_SD, Math.max(prior.floor() * prior.floor(), v));
                change = Math.max(change, Math.abs(Math.log(v / variance[g])));
                variance[g] = v;
            }
            double rss = zz - 2 * dot(mean, b) + quadratic(s.gram, mean);
            double determined = p - priorShare;
            double next = Math.max(MIN_NOISE, rss / Math.max(1, s.n - determined));
            change = Math.max(change, Math.abs(Math.log(next / noise)));
            noise = next;
            if (change < TOLERANCE) {
                break;
            }
        }
        chol = new Cholesky(posteriorPrecision(priorPrecision(group, variance), s.gram, noise));
        mean = chol.solve(scale(b, 1 / noise));
        Random r = new Random(seed);
        int pairs = (draws + 1) / 2;
        double[][] out = new double[pairs * 2][];
        for (int k = 0; k < pairs; k++) {
            double[] z = new double[p];
            for (int i = 0; i < p; i++) {
                z[i] = r.nextGaussian();
            }
            double[] d = chol.backward(z);
            double[] plus = new double[p];
            double[] minus = new double[p];
            for (int i = 0; i < p; i++) {
                plus[i] = mean[i] + d[i];
                minus[i] = mean[i] - d[i];
            }
            out[2 * k] = plus;
            out[2 * k + 1] = minus;
        }
        return new EffectsModel(
                layout, centre, noise, (int) Math.min(Integer.MAX_VALUE, s.n), variance, mean, out);
    }

    private static double[] scale(double[] v, double f) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * f;
        }
        return out;
    }

    /** The prior's precision (lower triangle): 1/sd² per effect, plus each hour curve's bends. */
    double[][] priorPrecision(int[] group, double[] variance) {
        int p = layout.size();
        double[][] a = new double[p][];
        for (int i = 0; i < p; i++) {
            a[i] = new double[i + 1];
            double sd = prior.sd(layout.kind(i));
            a[i][i] = group[i] >= 0 ? 1 / variance[group[i]] : 1 / (sd * sd);
        }
        double bend = 1 / (prior.hourBend() * prior.hourBend());
        int h = EffectsLayout.HOURS;
        for (int base : layout.hourCurves()) {
            // Σ_t (x[t-1] - 2 x[t] + x[t+1])² / bend², cyclic: add DᵀD / bend²
            for (int t = 0; t < h; t++) {
                int[] idx = {base + (t + h - 1) % h, base + t, base + (t + 1) % h};
                double[] w = {1, -2, 1};
                for (int u = 0; u < 3; u++) {
                    for (int v = 0; v < 3; v++) {
                        int i = idx[u];
                        int j = idx[v];
                        if (j <= i) {
                            a[i][j] += bend * w[u] * w[v];
                        }
                    }
                }
            }
        }
        return a;
    }

    private static double[][] posteriorPrecision(double[][] prior, double[][] gram, double noise) {
        int p = prior.length;
        double[][] a = new double[p][];
        for (int i = 0; i < p; i++) {
            a[i] = new double[i + 1];
            for (int j = 0; j <= i; j++) {
                a[i][j] = prior[i][j] + gram[i][j] / noise;
            }
        }
        return a;
    }

    /** tr(A⁻¹ Λ₀): what the prior, not the data, determines of the posterior. */
    private double traceWithPrior(Cholesky chol, double[][] prior, double[] diagonal) {
        int p = prior.length;
        double[][] columns = new double[p][];
        double t = 0;
        for (int i = 0; i < p; i++) {
            columns[i] = chol.inverseColumn(i);
            double d = 0;
            for (int k = i; k < p; k++) {
                d += columns[i][k] * columns[i][k];
            }
            diagonal[i] = d;
        }
        for (int i = 0; i < p; i++) {
            for (int j = 0; j <= i; j++) {
                if (prior[i][j] != 0) {
                    double e = Cholesky.inverseEntry(columns[i], columns[j]);
                    t += (i == j ? 1 : 2) * prior[i][j] * e;
                }
            }
        }
        return t;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double quadratic(double[][] lower, double[] x) {
        double s = 0;
        for (int i = 0; i < lower.length; i++) {
            for (int j = 0; j < i; j++) {
                s += 2 * lower[i][j] * x[i] * x[j];
            }
            s += lower[i][i] * x[i] * x[i];
        }
        return s;
    }
}
