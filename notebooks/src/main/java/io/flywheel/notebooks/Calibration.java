package io.flywheel.notebooks;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Calibration of predictions: rows sorted by prediction and cut into equal-count bins; a calibrated
 * model has each bin's mean observed outcome close to its mean prediction.
 */
public final class Calibration {
    private Calibration() {}

    /** Per bin: the mean prediction, the mean observed outcome and the number of rows. */
    public record Bins(double[] predicted, double[] observed, int[] rows) {}

    public static Bins of(double[] predicted, double[] observed, int bins) {
        if (predicted.length != observed.length) {
            throw new IllegalArgumentException(
                    predicted.length + " predictions for " + observed.length + " outcomes");
        }
        int n = predicted.length;
        int k = Math.max(1, Math.min(bins, n));
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> predicted[i]));
        double[] p = new double[k];
        double[] o = new double[k];
        int[] c = new int[k];
        for (int rank = 0; rank < n; rank++) {
            int b = (int) ((long) rank * k / n);
            p[b] += predicted[order[rank]];
            o[b] += observed[order[rank]];
            c[b]++;
        }
        for (int b = 0; b < k; b++) {
            p[b] /= c[b];
            o[b] /= c[b];
        }
        return new Bins(p, o, c);
    }
}
