package io.flywheel.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * When the trend job calls a key (an arm, or a parameter value on a platform) trending: the
 * statistic and the figures behind the defaults are in docs/trends.md.
 *
 * @param window the sliding window whose engaged views are tested ({@code streaming.trend.window})
 * @param slide how often a window ends, and the size of the baseline's per-slide counts ({@code
 *     streaming.trend.slide})
 * @param zThreshold the stabilised z-score a window must reach ({@code
 *     streaming.trend.z.threshold})
 * @param consecutive how many windows in a row must reach it ({@code streaming.trend.consecutive})
 * @param minViews the fewest engaged views a trending window has ({@code
 *     streaming.trend.min.views})
 * @param alpha the weight of the newest slide count in the exponentially weighted baseline ({@code
 *     streaming.trend.baseline.weight})
 * @param warmupSlides how many slide counts the baseline must hold before anything is tested
 *     ({@code streaming.trend.warmup.slides})
 */
public record TrendSettings(
        Duration window,
        Duration slide,
        double zThreshold,
        int consecutive,
        long minViews,
        double alpha,
        int warmupSlides)
        implements Serializable {

    public TrendSettings {
        if (slide.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigException("streaming.trend.slide must be at least 1s, not " + slide);
        }
        if (window.compareTo(slide) < 0 || window.toMillis() % slide.toMillis() != 0) {
            throw new ConfigException(
                    "streaming.trend.window must be a whole number of slides ("
                            + ConfigLoader.formatDuration(slide)
                            + "), not "
                            + ConfigLoader.formatDuration(window));
        }
        if (!(zThreshold > 0) || Double.isInfinite(zThreshold)) {
            throw new ConfigException(
                    "streaming.trend.z.threshold must be a positive number, not " + zThreshold);
        }
        if (consecutive < 1 || warmupSlides < 1 || minViews < 0) {
            throw new ConfigException(
                    "streaming.trend.consecutive and streaming.trend.warmup.slides must be at least"
                            + " 1 and streaming.trend.min.views at least 0, not "
                            + consecutive
                            + ", "
                            + warmupSlides
                            + ", "
                            + minViews);
        }
        if (!(alpha > 0 && alpha <= 1)) {
            throw new ConfigException(
                    "streaming.trend.baseline.weight must be above 0 and at most 1, not " + alpha);
        }
    }

    /** Slides per window. */
    public int slides() {
        return (int) (window.toMillis() / slide.toMillis());
    }
}
