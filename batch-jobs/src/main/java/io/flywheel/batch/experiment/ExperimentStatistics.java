package io.flywheel.batch.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.math3.distribution.TDistribution;

/** The statistics of one experiment, from its logged videos; plain Java, no Spark. */
public final class ExperimentStatistics {
    /** A logged video: the arm it was given, with what probability, and its outcome. */
    public record Observation(String arm, double probability, double outcome) {}

    private ExperimentStatistics() {}

    public static List<ArmStats> arms(
            List<Observation> obs, List<String> arms, String control, int resamples, long seed) {
        Map<String, double[]> byArm = new LinkedHashMap<>();
        for (String a : arms) {
            byArm.put(
                    a,
                    obs.stream()
                            .filter(o -> o.arm().equals(a))
                            .mapToDouble(Observation::outcome)
                            .toArray());
        }
        double[] probBest = probBest(byArm, resamples, seed);
        double[] c = byArm.getOrDefault(control, new double[0]);
        List<ArmStats> out = new ArrayList<>();
        int i = 0;
        for (var e : byArm.entrySet()) {
            double[] x = e.getValue();
            int n = x.length;
            double m = mean(x);
            double sd = sd(x, m);
            double half =
                    n > 1
                            ? new TDistribution(n - 1).inverseCumulativeProbability(0.975)
                                    * sd
                                    / Math.sqrt(n)
                            : Double.NaN;
            boolean isControl = e.getKey().equals(control);
            Double diff = isControl || c.length == 0 ? null : m - mean(c);
            Double p = isControl ? null : welchP(x, c);
            out.add(new ArmStats(e.getKey(), n, m, sd, m - half, m + half, diff, p, probBest[i++]));
        }
        return out;
    }

    /** Two-sided p-value of Welch's t-test of equal means; null when either has < 2 values. */
    public static Double welchP(double[] a, double[] b) {
        if (a.length < 2 || b.length < 2) {
            return null;
        }
        double ma = mean(a);
        double mb = mean(b);
        double va = Math.pow(sd(a, ma), 2) / a.length;
        double vb = Math.pow(sd(b, mb), 2) / b.length;
        if (va + vb == 0) {
            return ma == mb ? 1.0 : 0.0;
        }
        double t = (ma - mb) / Math.sqrt(va + vb);
        double df = Math.pow(va + vb, 2) / (va * va / (a.length - 1) + vb * vb / (b.length - 1));
        return 2 * (1 - new TDistribution(df).cumulativeProbability(Math.abs(t)));
    }

    /** Share of bootstrap resamples (of every arm at once) in which each arm has the top mean. */
    static double[] probBest(Map<String, double[]> byArm, int resamples, long seed) {
        Random r = new Random(seed);
        List<double[]> arms = new ArrayList<>(byArm.values());
        double[] wins = new double[arms.size()];
        for (int b = 0; b < resamples; b++) {
            int best = -1;
            double bestMean = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < arms.size(); k++) {
                double[] x = arms.get(k);
                if (x.length == 0) {
                    continue;
                }
                double s = 0;
                for (int j = 0; j < x.length; j++) {
                    s += x[r.nextInt(x.length)];
                }
                if (s / x.length > bestMean) {
                    bestMean = s / x.length;
                    best = k;
                }
            }
            if (best >= 0) {
                wins[best]++;
            }
        }
        for (int k = 0; k < wins.length; k++) {
            wins[k] /= resamples;
        }
        return wins;
    }

    /**
     * IPS/SNIPS of a stochastic policy given as the probability it picks each arm, from videos
     * logged with their selection probabilities.
     */
    public static PolicyEstimate offPolicy(
            String name, Map<String, Double> policy, List<Observation> obs) {
        double sumWr = 0;
        double sumW = 0;
        double sumW2 = 0;
        for (Observation o : obs) {
            double w = policy.getOrDefault(o.arm(), 0.0) / o.probability();
            sumWr += w * o.outcome();
            sumW += w;
            sumW2 += w * w;
        }
        int n = obs.size();
        return new PolicyEstimate(
                name,
                n == 0 ? Double.NaN : sumWr / n,
                sumW == 0 ? Double.NaN : sumWr / sumW,
                sumW2 == 0 ? 0 : sumW * sumW / sumW2,
                n);
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return x.length == 0 ? Double.NaN : s / x.length;
    }

    static double sd(double[] x, double mean) {
        if (x.length < 2) {
            return Double.NaN;
        }
        double s = 0;
        for (double v : x) {
            s += (v - mean) * (v - mean);
        }
        return Math.sqrt(s / (x.length - 1));
    }
}
