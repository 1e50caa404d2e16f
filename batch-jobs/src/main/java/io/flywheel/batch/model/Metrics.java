package io.flywheel.batch.model;

import io.flywheel.model.Arm;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How good predictions are on held-out videos: RMSE, MAE, R² of the objective, and the rank quality
 * of arms (NDCG@5 averaged over segments: within a segment, arms are ranked by mean prediction and
 * gain is their mean actual outcome).
 */
public record Metrics(double rmse, double mae, double r2, double ndcgAt5, long rows) {

    public static Metrics of(double[] actual, double[] predicted, List<Arm> arms) {
        int n = actual.length;
        double mean = 0;
        for (double a : actual) {
            mean += a;
        }
        mean /= Math.max(n, 1);
        double se = 0;
        double ae = 0;
        double tss = 0;
        for (int i = 0; i < n; i++) {
            double d = predicted[i] - actual[i];
            se += d * d;
            ae += Math.abs(d);
            tss += (actual[i] - mean) * (actual[i] - mean);
        }
        return new Metrics(
                Math.sqrt(se / Math.max(n, 1)),
                ae / Math.max(n, 1),
                tss == 0 ? 0 : 1 - se / tss,
                ndcgAt5(actual, predicted, arms),
                n);
    }

    /** One arm of a segment: its mean actual and mean predicted outcome. */
    private record Agg(String arm, double actual, double predicted) {}

    static double ndcgAt5(double[] actual, double[] predicted, List<Arm> arms) {
        Map<String, Map<String, double[]>> bySegment = new LinkedHashMap<>();
        for (int i = 0; i < arms.size(); i++) {
            Arm a = arms.get(i);
            double[] s =
                    bySegment
                            .computeIfAbsent(a.segment(), k -> new HashMap<>())
                            .computeIfAbsent(a.armKey(), k -> new double[3]);
            s[0] += actual[i];
            s[1] += predicted[i];
            s[2]++;
        }
        double total = 0;
        int segments = 0;
        for (Map<String, double[]> byArm : bySegment.values()) {
            if (byArm.size() < 2) {
                continue;
            }
            List<Agg> aggs = new ArrayList<>();
            byArm.forEach((k, s) -> aggs.add(new Agg(k, s[0] / s[2], s[1] / s[2])));
            List<Agg> byPrediction = new ArrayList<>(aggs);
            byPrediction.sort(
                    Comparator.comparingDouble(Agg::predicted).reversed().thenComparing(Agg::arm));
            List<Agg> ideal = new ArrayList<>(aggs);
            ideal.sort(Comparator.comparingDouble(Agg::actual).reversed());
            double dcg = dcg(byPrediction);
            double idcg = dcg(ideal);
            if (idcg > 0) {
                total += dcg / idcg;
                segments++;
            }
        }
        return segments == 0 ? 0 : total / segments;
    }

    private static double dcg(List<Agg> ranked) {
        double d = 0;
        for (int i = 0; i < Math.min(5, ranked.size()); i++) {
            double gain = Math.max(0, ranked.get(i).actual());
            d += gain / (Math.log(i + 2) / Math.log(2));
        }
        return d;
    }

    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("rmse", rmse);
        m.put("mae", mae);
        m.put("r2", r2);
        m.put("ndcg_at_5", ndcgAt5);
        m.put("rows", (double) rows);
        return m;
    }
}
