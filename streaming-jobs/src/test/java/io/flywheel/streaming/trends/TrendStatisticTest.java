package io.flywheel.streaming.trends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flywheel.config.ConfigLoader;
import io.flywheel.config.TrendSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The trend statistic on literal rows (default rule: 10 slides a window, z ≥ 3.5 twice). */
class TrendStatisticTest {
    static final TrendSettings RULE = ConfigLoader.defaults().streaming().trend();

    static TrendBaseline baselineOf(long... slideCounts) {
        TrendBaseline b = new TrendBaseline();
        for (long c : slideCounts) {
            TrendStatistic.absorb(b, c, RULE);
        }
        return b;
    }

    static long[] repeat(long value, int n) {
        long[] out = new long[n];
        java.util.Arrays.fill(out, value);
        return out;
    }

    @Test
    void aSteadyBaselineUsesThePoissonFloor() {
        // 20 minutes of exactly 10 engaged views: variance 0, so the Poisson variance (the mean)
        // is the floor; a 10-minute window expects 100.
        TrendBaseline b = baselineOf(repeat(10, 20));
        assertThat(b.mean).isEqualTo(10.0, within(1e-9));
        assertThat(b.variance).isEqualTo(0.0, within(1e-9));

        TrendStatistic.Verdict flat = TrendStatistic.test(b, 100, RULE);
        assertThat(flat.expected()).isEqualTo(100.0, within(1e-9));
        assertThat(flat.sd()).isEqualTo(10.0, within(1e-9));
        assertThat(flat.z()).isEqualTo(0.0, within(1e-9));

        // 2(√137.375 − √100.375) = 3.404: below 3.5. 2(√140.375 − √100.375) = 3.659: above.
        assertThat(TrendStatistic.test(baselineOf(repeat(10, 20)), 137, RULE).z())
                .isEqualTo(3.404, within(1e-3));
        TrendStatistic.Verdict high = TrendStatistic.test(baselineOf(repeat(10, 20)), 140, RULE);
        assertThat(high.z()).isEqualTo(3.659, within(1e-3));
        assertThat(high.trending()).as("one rising window is not a trend").isFalse();
    }

    @Test
    void burstyViewsWidenTheBaselineBeyondPoisson() {
        // Alternating 0 and 20: mean 10, variance 100 per slide; φ = 10·100/100 = 10.
        long[] bursts = new long[20];
        for (int i = 0; i < bursts.length; i++) {
            bursts[i] = i % 2 == 0 ? 0 : 20;
        }
        TrendBaseline b = baselineOf(bursts);
        assertThat(b.mean).isEqualTo(10.0, within(1e-9));
        assertThat(b.variance).isEqualTo(100.0, within(1e-9));
        TrendStatistic.Verdict v = TrendStatistic.test(b, 140, RULE);
        assertThat(v.sd()).isEqualTo(Math.sqrt(1000), within(1e-9));
        assertThat(v.z()).isEqualTo(3.659 / Math.sqrt(10), within(1e-3));
        assertThat(TrendStatistic.test(b, 140, RULE).trending()).isFalse();
    }

    @Test
    void aTrendIsTwoRisingWindowsInARowAndItsOnsetIsTheSecond() {
        TrendBaseline b = baselineOf(repeat(10, 30));
        TrendStatistic.Verdict first = TrendStatistic.test(b, 150, RULE);
        TrendStatistic.Verdict second = TrendStatistic.test(b, 150, RULE);
        TrendStatistic.Verdict third = TrendStatistic.test(b, 160, RULE);
        TrendStatistic.Verdict back = TrendStatistic.test(b, 100, RULE);
        TrendStatistic.Verdict again = TrendStatistic.test(b, 150, RULE);
        assertThat(first.trending()).isFalse();
        assertThat(second.trending()).isTrue();
        assertThat(second.onset()).isTrue();
        assertThat(third.trending()).isTrue();
        assertThat(third.onset()).as("a trend starts once").isFalse();
        assertThat(back.trending()).isFalse();
        assertThat(again.trending()).as("the run starts over").isFalse();
    }

    @Test
    void nothingIsTestedBeforeTheWarmUpAndSmallCountsNeverTrend() {
        TrendBaseline young = baselineOf(repeat(10, 19));
        assertThat(TrendStatistic.test(young, 1_000, RULE).z()).isNaN();
        assertThat(TrendStatistic.test(young, 1_000, RULE).trending()).isFalse();

        // From almost nothing to 15 views is a large z, but fewer than the 20 views a trend needs.
        TrendBaseline quiet = baselineOf(repeat(0, 30));
        assertThat(TrendStatistic.test(quiet, 15, RULE).z()).isGreaterThan(3.5);
        assertThat(TrendStatistic.test(quiet, 15, RULE).trending()).isFalse();
        assertThat(TrendStatistic.test(quiet, 25, RULE).trending()).isFalse();
        assertThat(TrendStatistic.test(quiet, 25, RULE).trending()).isTrue();
    }

    @Test
    void theBaselineForgetsSlowlyAndStartsWithoutBias() {
        // The first counts are averaged evenly: 20 counts of 10 after one of 1000 is not 0-biased.
        TrendBaseline b = baselineOf(1000);
        assertThat(b.mean).isEqualTo(1000.0);
        // After 1/α = 50 counts the weight is α: the mean moves 2% of the way to a new count.
        TrendBaseline c = baselineOf(repeat(10, 50));
        TrendStatistic.absorb(c, 110, RULE);
        assertThat(c.mean).isEqualTo(12.0, within(1e-9));
    }

    @Test
    void aWindowIsAWholeNumberOfSlides() {
        assertThatThrownBy(
                        () ->
                                new TrendSettings(
                                        Duration.ofMinutes(10),
                                        Duration.ofMinutes(3),
                                        3.5,
                                        2,
                                        20,
                                        0.02,
                                        20))
                .isInstanceOf(io.flywheel.config.ConfigException.class)
                .hasMessageContaining("whole number of slides");
    }
}
