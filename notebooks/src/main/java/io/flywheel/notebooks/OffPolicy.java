package io.flywheel.notebooks;

import io.flywheel.batch.experiment.ExperimentStatistics;
import io.flywheel.batch.experiment.ExperimentStatistics.Observation;
import io.flywheel.batch.experiment.PolicyEstimate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Off-policy estimates of a candidate policy from logged videos (arm, the probability the logging
 * policy chose it, the outcome): IPS and SNIPS as the ExperimentReportJob computes them, with
 * bootstrap percentile intervals.
 */
public final class OffPolicy {
    private OffPolicy() {}

    /** An estimate with its 95% bootstrap intervals. */
    public record Estimate(
            PolicyEstimate point,
            double ipsLow,
            double ipsHigh,
            double snipsLow,
            double snipsHigh) {}

    public static Estimate estimate(
            String name,
            Map<String, Double> policy,
            List<Observation> logged,
            int resamples,
            long seed) {
        PolicyEstimate point = ExperimentStatistics.offPolicy(name, policy, logged);
        double[] ips = new double[resamples];
        double[] snips = new double[resamples];
        Random r = new Random(seed);
        int n = logged.size();
        for (int b = 0; b < resamples; b++) {
            List<Observation> sample = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                sample.add(logged.get(r.nextInt(n)));
            }
            PolicyEstimate e = ExperimentStatistics.offPolicy(name, policy, sample);
            ips[b] = e.ips();
            snips[b] = e.snips();
        }
        return new Estimate(
                point,
                percentile(ips, 0.025),
                percentile(ips, 0.975),
                percentile(snips, 0.025),
                percentile(snips, 0.975));
    }

    /** Nearest-rank percentile, NaNs ignored. */
    static double percentile(double[] values, double q) {
        double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * v.length);
        return v[Math.max(0, Math.min(v.length - 1, rank - 1))];
    }
}
