package io.flywheel.effects;

import java.util.List;

/**
 * A segment's best arm under one set of effects, found exactly: the effects are additive with pairs
 * of content parameters and a posting hour that only meets the platform, so the hour is chosen on
 * its own and every combination of the content levels is scored (21,600 in the default space, a few
 * milliseconds).
 */
public final class BestArm {
    private BestArm() {}

    /** The chosen content values, in {@link EffectsLayout#CONTENT}'s order, and posting hour. */
    public record Choice(List<String> content, int hour) {}

    /**
     * The best of every arm whose content values come from {@code values} (one list per content
     * parameter, in {@link EffectsLayout#CONTENT}'s order) and whose hour from {@code hours}.
     */
    public static Choice of(
            EffectsLayout layout,
            double[] theta,
            String platform,
            String niche,
            List<List<String>> values,
            List<Integer> hours) {
        int k = values.size();
        int p = layout.platform(platform);
        int n = layout.niche(niche);
        int[][] lv = new int[k][];
        double[][] single = new double[k][];
        for (int c = 0; c < k; c++) {
            List<String> vs = values.get(c);
            lv[c] = new int[vs.size()];
            single[c] = new double[vs.size()];
            for (int v = 0; v < vs.size(); v++) {
                int l = layout.level(c, vs.get(v));
                lv[c][v] = l;
                if (l >= 0) {
                    double s = theta[layout.mainIndex(c, l)];
                    if (p >= 0) {
                        s += theta[layout.platformMainIndex(c, p, l)];
                    }
                    if (n >= 0) {
                        s += theta[layout.nicheMainIndex(c, n, l)];
                    }
                    single[c][v] = s;
                }
            }
        }
        // pair[a][b][va * |b| + vb]
        double[][][] pair = new double[k][k][];
        for (int a = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++) {
                int nb = values.get(b).size();
                double[] t = new double[values.get(a).size() * nb];
                for (int va = 0; va < values.get(a).size(); va++) {
                    for (int vb = 0; vb < nb; vb++) {
                        int la = lv[a][va];
                        int lb = lv[b][vb];
                        if (la >= 0 && lb >= 0) {
                            t[va * nb + vb] = theta[layout.pairIndex(a, b, la, lb)];
                        }
                    }
                }
                pair[a][b] = t;
            }
        }
        int[] size = new int[k];
        for (int c = 0; c < k; c++) {
            size[c] = values.get(c).size();
            if (size[c] == 0) {
                throw new IllegalArgumentException("no values for " + EffectsLayout.CONTENT.get(c));
            }
        }
        int[] at = new int[k];
        int[] best = new int[k];
        double bestScore = Double.NEGATIVE_INFINITY;
        while (true) {
            double s = 0;
            for (int a = 0; a < k; a++) {
                s += single[a][at[a]];
                for (int b = a + 1; b < k; b++) {
                    s += pair[a][b][at[a] * size[b] + at[b]];
                }
            }
            if (s > bestScore) {
                bestScore = s;
                System.arraycopy(at, 0, best, 0, k);
            }
            int c = k - 1;
            while (c >= 0 && ++at[c] == size[c]) {
                at[c] = 0;
                c--;
            }
            if (c < 0) {
                break;
            }
        }
        if (hours.isEmpty()) {
            throw new IllegalArgumentException("no posting hours to choose from");
        }
        int hour = hours.get(0);
        double hourScore = Double.NEGATIVE_INFINITY;
        for (int h : hours) {
            double s = 0;
            if (h >= 0 && h < EffectsLayout.HOURS) {
                s = theta[layout.hourIndex(h)];
                if (p >= 0) {
                    s += theta[layout.platformHourIndex(p, h)];
                }
            }
            if (s > hourScore) {
                hourScore = s;
                hour = h;
            }
        }
        String[] chosen = new String[k];
        for (int c = 0; c < k; c++) {
            chosen[c] = values.get(c).get(best[c]);
        }
        return new Choice(List.of(chosen), hour);
    }
}
