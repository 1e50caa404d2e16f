package io.flywheel.streaming.trends;

import io.flywheel.config.TrendSettings;

/**
 * The trend statistic, pure: a window's engaged views {@code x} against a baseline of earlier
 * per-slide counts.
 *
 * <ul>
 *   <li>Baseline: the per-slide counts (1 minute by default) that have left the current window are
 *       taken into an exponentially weighted mean {@code μ} and variance {@code v} (weight {@code
 *       α}; the first {@code 1/α} counts are averaged evenly, so the start is not biased to 0). The
 *       window's expected count is {@code m = k·μ} for {@code k} slides per window.
 *   <li>Dispersion: {@code φ = max(1, k·v / m)}: a Poisson count has variance equal to its mean
 *       ({@code φ = 1}); views that come in bursts have more, never less.
 *   <li>z-score on the variance-stabilised scale (Anscombe): {@code z = 2(√(x+3/8) − √(m+3/8)) /
 *       √φ}, about standard normal for a Poisson count of any size, where the plain {@code
 *       (x−m)/√m} alarms far too often on small counts.
 *   <li>A window is rising when the baseline holds at least {@code warmupSlides} counts, {@code z ≥
 *       zThreshold} and {@code x ≥ minViews}; a trend when {@code consecutive} windows in a row
 *       rise (its onset is the window that completes the run).
 * </ul>
 */
public final class TrendStatistic {
    private TrendStatistic() {}

    /** What one window shows. */
    public record Verdict(
            long views, double expected, double sd, double z, boolean trending, boolean onset) {}

    /**
     * Tests one window and updates the run of rising windows; does not change the baseline (see
     * {@link #absorb}).
     */
    public static Verdict test(TrendBaseline b, long views, TrendSettings r) {
        int k = r.slides();
        double expected = k * b.mean;
        double phi = expected > 0 ? Math.max(1.0, k * b.variance / expected) : 1.0;
        double sd = Math.sqrt(Math.max(expected, 1.0) * phi);
        boolean warm = b.slides >= r.warmupSlides();
        double z =
                warm
                        ? 2
                                * (Math.sqrt(views + 0.375) - Math.sqrt(expected + 0.375))
                                / Math.sqrt(phi)
                        : Double.NaN;
        boolean rising = warm && z >= r.zThreshold() && views >= r.minViews();
        b.streak = rising ? b.streak + 1 : 0;
        return new Verdict(
                views, expected, sd, z, b.streak >= r.consecutive(), b.streak == r.consecutive());
    }

    /** Takes a slide count that has left the window into the baseline. */
    public static void absorb(TrendBaseline b, long count, TrendSettings r) {
        b.slides++;
        double a = Math.max(r.alpha(), 1.0 / b.slides);
        double d = count - b.mean;
        double inc = a * d;
        b.mean += inc;
        b.variance = (1 - a) * (b.variance + d * inc);
    }
}
