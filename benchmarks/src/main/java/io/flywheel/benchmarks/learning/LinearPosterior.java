package io.flywheel.benchmarks.learning;

import java.util.Random;

/**
 * Bayesian ridge regression on 0/1 features, the state LinUCB and linear Thompson sampling share: B
 * = I + Σ x xᵀ and f = Σ r x (Li et al. 2010 call them A and b), kept as B⁻¹ and updated with
 * Sherman–Morrison rank-1 steps (O(d²) per observation, no inversion). A feature vector is given by
 * its active indices (the entries that are 1; every feature of the bandits here is a one-hot
 * indicator), so scoring an arm costs O(k²) for k active features instead of O(d²).
 */
final class LinearPosterior {
    private final int d;
    private final double[][] inverse; // B⁻¹
    private final double[] f;
    private int observations;

    LinearPosterior(int d) {
        this.d = d;
        this.inverse = new double[d][d];
        for (int i = 0; i < d; i++) {
            inverse[i][i] = 1;
        }
        this.f = new double[d];
    }

    private LinearPosterior(LinearPosterior o) {
        this.d = o.d;
        this.inverse = new double[d][];
        for (int i = 0; i < d; i++) {
            inverse[i] = o.inverse[i].clone();
        }
        this.f = o.f.clone();
        this.observations = o.observations;
    }

    /** An independent copy (a round's working state). */
    LinearPosterior copy() {
        return new LinearPosterior(this);
    }

    int dimension() {
        return d;
    }

    int observations() {
        return observations;
    }

    /** One observation: B += x xᵀ, f += r x. */
    void update(int[] x, double reward) {
        shrink(x);
        for (int i : x) {
            f[i] += reward;
        }
        observations++;
    }

    /**
     * B += x xᵀ without a reward: the width of x and its neighbours shrinks as if x had been
     * observed, the mean stays (how a batch of slots chosen before any outcome arrives spreads).
     */
    void shrink(int[] x) {
        double[] u = new double[d]; // B⁻¹ x
        for (int i = 0; i < d; i++) {
            double s = 0;
            double[] row = inverse[i];
            for (int j : x) {
                s += row[j];
            }
            u[i] = s;
        }
        double denominator = 1;
        for (int j : x) {
            denominator += u[j];
        }
        for (int i = 0; i < d; i++) {
            double ui = u[i] / denominator;
            double[] row = inverse[i];
            for (int j = 0; j < d; j++) {
                row[j] -= ui * u[j];
            }
        }
    }

    /** The posterior mean B⁻¹ f (the ridge estimate). */
    double[] mean() {
        double[] m = new double[d];
        for (int i = 0; i < d; i++) {
            double s = 0;
            double[] row = inverse[i];
            for (int j = 0; j < d; j++) {
                s += row[j] * f[j];
            }
            m[i] = s;
        }
        return m;
    }

    /** B⁻¹ entry (i, j): the posterior covariance over v². */
    double inverse(int i, int j) {
        return inverse[i][j];
    }

    /** xᵀ B⁻¹ x; LinUCB's width is alpha times its square root. */
    double quadratic(int[] x) {
        double s = 0;
        for (int i : x) {
            double[] row = inverse[i];
            for (int j : x) {
                s += row[j];
            }
        }
        return s;
    }

    /** xᵀ theta. */
    static double dot(int[] x, double[] theta) {
        double s = 0;
        for (int i : x) {
            s += theta[i];
        }
        return s;
    }

    /** Lower Cholesky factor L of B⁻¹ (L Lᵀ = B⁻¹), for drawing from the posterior. */
    double[][] choleskyOfInverse() {
        double[][] l = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double s = (inverse[i][j] + inverse[j][i]) / 2; // symmetric up to rounding
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new IllegalStateException("B^-1 is not positive definite at " + i);
                    }
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        return l;
    }

    /** One draw of theta ~ N(mean, v² B⁻¹) given the mean and L = chol(B⁻¹). */
    static double[] sample(double[] mean, double[][] l, double v, Random random) {
        int d = mean.length;
        double[] z = new double[d];
        for (int i = 0; i < d; i++) {
            z[i] = random.nextGaussian();
        }
        double[] theta = mean.clone();
        for (int i = 0; i < d; i++) {
            double s = 0;
            double[] li = l[i];
            for (int k = 0; k <= i; k++) {
                s += li[k] * z[k];
            }
            theta[i] += v * s;
        }
        return theta;
    }
}
