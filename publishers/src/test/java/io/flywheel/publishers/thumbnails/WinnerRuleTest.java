package io.flywheel.publishers.thumbnails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flywheel.store.ThumbnailStore.Counts;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The winner rule on literal counts. */
class WinnerRuleTest {
    private final WinnerRule rule = new WinnerRule(0.95, 2_000);

    @Test
    void equalCountsGiveEachVariantAnEqualChanceAndNoWinner() {
        WinnerRule.Decision d =
                rule.decide(
                        List.of(
                                new Counts(1, 3_000, 150),
                                new Counts(2, 3_000, 150),
                                new Counts(3, 3_000, 150)));
        assertThat(d.winner()).isEmpty();
        for (double p : d.probabilityBest()) {
            assertThat(p).isCloseTo(1 / 3.0, within(0.005));
        }
    }

    @Test
    void aClearlyBetterVariantWinsOnceEveryVariantHasTheMinimum() {
        // 5.0 % against 8.0 % on 2,000 impressions each: z = 3.86, P(best) ≈ 0.9999.
        WinnerRule.Decision d =
                rule.decide(List.of(new Counts(1, 2_000, 100), new Counts(2, 2_000, 160)));
        assertThat(d.winner()).hasValue(1);
        assertThat(d.probabilityBest()[1]).isGreaterThan(0.999);
        assertThat(d.probabilityBest()[0] + d.probabilityBest()[1]).isCloseTo(1, within(1e-9));
    }

    @Test
    void noWinnerBeforeEveryVariantHasTheMinimumOfImpressions() {
        WinnerRule.Decision d =
                rule.decide(List.of(new Counts(1, 1_999, 40), new Counts(2, 5_000, 500)));
        assertThat(d.probabilityBest()[1]).isGreaterThan(0.999);
        assertThat(d.winner()).isEmpty();
    }

    @Test
    void aSmallLeadIsNotEnough() {
        // 5.0 % against 5.5 % on 4,000 each: P(best) ≈ 0.84, below 0.95.
        WinnerRule.Decision d =
                rule.decide(List.of(new Counts(1, 4_000, 200), new Counts(2, 4_000, 220)));
        assertThat(d.probabilityBest()[1]).isBetween(0.75, 0.92);
        assertThat(d.winner()).isEmpty();
    }

    @Test
    void twoVariantsMatchTheClosedFormOfTheBetaComparison() {
        // P(pB > pA) for Beta posteriors in closed form (a sum over B's successes).
        long[][] cases = {{100, 10, 100, 20}, {50, 3, 60, 9}, {400, 30, 380, 25}, {20, 0, 20, 1}};
        for (long[] c : cases) {
            double exact = closedForm(1 + c[1], 1 + c[0] - c[1], 1 + c[3], 1 + c[2] - c[3]);
            double[] p =
                    WinnerRule.probabilityBest(
                            List.of(new Counts(1, c[0], c[1]), new Counts(2, c[2], c[3])));
            assertThat(p[1])
                    .as("counts %s", java.util.Arrays.toString(c))
                    .isCloseTo(exact, within(0.002));
        }
    }

    @Test
    void impossibleCountsAreRefused() {
        assertThatThrownBy(() -> rule.decide(List.of(new Counts(1, 10, 11), new Counts(2, 10, 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("impossible counts");
        assertThatThrownBy(() -> rule.decide(List.of(new Counts(1, 10, 1))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WinnerRule(0.4, 100))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Evan Miller's formula: P(X_B > X_A), X ~ Beta, for integer parameters. */
    private static double closedForm(long aA, long bA, long aB, long bB) {
        double total = 0;
        for (long i = 0; i < aB; i++) {
            total +=
                    Math.exp(
                            logBeta(aA + i, bA + bB)
                                    - Math.log(bB + i)
                                    - logBeta(1 + i, bB)
                                    - logBeta(aA, bA));
        }
        return total;
    }

    private static double logBeta(double a, double b) {
        return logGamma(a) + logGamma(b) - logGamma(a + b);
    }

    /** Lanczos approximation (g = 7, n = 9), accurate to ~1e-13 for x > 0. */
    private static double logGamma(double x) {
        double[] c = {
            0.99999999999980993,
            676.5203681218851,
            -1259.1392167224028,
            771.32342877765313,
            -176.61502916214059,
            12.507343278686905,
            -0.13857109526572012,
            9.9843695780195716e-6,
            1.5056327351493116e-7
        };
        if (x < 0.5) {
            return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
        }
        x -= 1;
        double a = c[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++) {
            a += c[i] / (x + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
    }
}
