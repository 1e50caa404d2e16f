package io.flywheel.simulator;

import java.util.SplittableRandom;

/** The few distributions the audience needs, exact enough and reproducible from a seed. */
final class Sampling {
    private Sampling() {}

    static double normal(SplittableRandom r) {
        double u1 = 1.0 - r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** Gamma(shape, scale = 1/shape): mean 1, variance 1/shape (Marsaglia-Tsang). */
    static double gammaMeanOne(SplittableRandom r, double shape) {
        if (shape < 1) {
            double u = r.nextDouble();
            return gammaMeanOne(r, shape + 1) * (shape + 1) / shape * Math.pow(u, 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = normal(r);
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = r.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v / shape;
            }
        }
    }

    /** Poisson: inversion for small means, PTRS (Hörmann 1993) for large ones. */
    static long poisson(SplittableRandom r, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean < 30) {
            double l = Math.exp(-mean);
            long k = 0;
            double p = r.nextDouble();
            while (p > l) {
                k++;
                p *= r.nextDouble();
            }
            return k;
        }
        double slam = Math.sqrt(mean);
        double loglam = Math.log(mean);
        double b = 0.931 + 2.53 * slam;
        double a = -0.059 + 0.02483 * b;
        double invalpha = 1.1239 + 1.1328 / (b - 3.4);
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = r.nextDouble() - 0.5;
            double v = r.nextDouble();
            double us = 0.5 - Math.abs(u);
            long k = (long) Math.floor((2 * a / us + b) * u + mean + 0.43);
            if (us >= 0.07 && v <= vr) {
                return k;
            }
            if (k < 0 || (us < 0.013 && v > us)) {
                continue;
            }
            if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b)
                    <= -mean + k * loglam - logFactorial(k)) {
                return k;
            }
        }
    }

    /** Binomial: exact by waiting times for small n·p, normal approximation for large. */
    static long binomial(SplittableRandom r, long n, double p) {
        if (n <= 0 || p <= 0) {
            return 0;
        }
        if (p >= 1) {
            return n;
        }
        if (p > 0.5) {
            return n - binomial(r, n, 1 - p);
        }
        if (n * p < 40) {
            double logq = Math.log(1 - p);
            long x = 0;
            double sum = 0;
            while (true) {
                sum += Math.log(1.0 - r.nextDouble()) / (n - x);
                if (sum < logq) {
                    return x;
                }
                x++;
                if (x >= n) {
                    return n;
                }
            }
        }
        double mean = n * p;
        double sd = Math.sqrt(mean * (1 - p));
        long k = Math.round(mean + sd * normal(r));
        return Math.max(0, Math.min(n, k));
    }

    private static double logFactorial(long k) {
        if (k < 2) {
            return 0;
        }
        double x = k + 1;
        // Stirling series for log Γ(k+1); accurate to ~1e-10 for k >= 2.
        return (x - 0.5) * Math.log(x)
                - x
                + 0.5 * Math.log(2 * Math.PI)
                + 1 / (12 * x)
                - 1 / (360 * x * x * x);
    }
}
