package io.flywheel.streaming.trends;

import java.io.Serializable;
import java.time.Duration;

/**
 * When a key (an arm, or a parameter value on a platform) is trending: see {@link TrendStatistic}
 * for the statistic and docs/trends.md for the figures behind the defaults.
 *
 * @param window the sliding window whose engaged views are tested
 * @param slide how often a window ends (and the size of the baseline's per-slide counts)
 * @param zThreshold the stabilised z-score a window must reach
 * @param consecutive how many windows in a row must reach it
 * @param minViews the fewest engaged views a trending window has
 * @param alpha the weight of the newest slide count in the exponentially weighted baseline
 * @param warmupSlides how many slide counts the baseline must hold before anything is tested
 */
public record TrendRule(
        Duration window,
        Duration slide,
        double zThreshold,
        int consecutive,
        long minViews,
        double alpha,
        int warmupSlides)
        implements Serializable {

    /** 10-minute windows sliding by 1 minute, z ≥ 3.5 twice in a row, ≥ 20 engaged views. */
    public static final TrendRule DEFAULT =
            new TrendRule(Duration.ofMinutes(10), Duration.ofMinutes(1), 3.5, 2, 20, 0.02, 20);

    public TrendRule {
        if (slide.isZero()
                || slide.isNegative()
                || window.toMillis() % slide.toMillis() != 0
                || window.compareTo(slide) < 0) {
            throw new IllegalArgumentException(
                    "the trend window must be a whole number of slides, not "
                            + window
                            + " by "
                            + slide);
        }
        if (consecutive < 1 || alpha <= 0 || alpha > 1 || warmupSlides < 1 || minViews < 0) {
            throw new IllegalArgumentException("bad trend rule " + this);
        }
    }

    /** Slides per window. */
    public int slides() {
        return (int) (window.toMillis() / slide.toMillis());
    }
}
