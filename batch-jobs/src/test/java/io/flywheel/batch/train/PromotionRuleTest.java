package io.flywheel.batch.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flywheel.batch.registry.ModelRecord;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class PromotionRuleTest {
    private static final PromotionRule TWO_PERCENT = new PromotionRule(0.02);

    private static Optional<PromotionRule.Champion> champion(int version, double rmse) {
        return Optional.of(new PromotionRule.Champion(version, OptionalDouble.of(rmse)));
    }

    @Test
    void theFirstVersionIsPromoted() {
        PromotionRule.Decision d = TWO_PERCENT.decide(619.526, Optional.empty());
        assertThat(d.promote()).isTrue();
        assertThat(d.status()).isEqualTo(ModelRecord.CHAMPION);
        assertThat(d.reason()).isEqualTo("no champion yet");
    }

    @Test
    void aChampionThatCannotBeEvaluatedIsReplaced() {
        PromotionRule.Decision d =
                TWO_PERCENT.decide(
                        619.526,
                        Optional.of(new PromotionRule.Champion(4, OptionalDouble.empty())));
        assertThat(d.promote()).isTrue();
        assertThat(d.status()).isEqualTo(ModelRecord.CHAMPION);
        assertThat(d.reason()).isEqualTo("champion v4 cannot be loaded");
    }

    @Test
    void aWorseChallengerIsRejected() {
        // 567.0312 × 0.98 = 555.690576
        PromotionRule.Decision d = TWO_PERCENT.decide(619.526, champion(1, 567.0312));
        assertThat(d.promote()).isFalse();
        assertThat(d.status()).isEqualTo(ModelRecord.REJECTED);
        assertThat(d.reason())
                .isEqualTo(
                        "validation RMSE 619.526 > 555.691 (champion v1 RMSE 567.031 less 2.0%)");
    }

    @Test
    void aTieIsRejectedBecauseTheMarginIsNotBeaten() {
        PromotionRule.Decision d = TWO_PERCENT.decide(567.0312, champion(1, 567.0312));
        assertThat(d.promote()).isFalse();
        assertThat(d.reason())
                .isEqualTo(
                        "validation RMSE 567.031 > 555.691 (champion v1 RMSE 567.031 less 2.0%)");
    }

    @Test
    void betterButWithinTheMarginIsRejected() {
        // 1% better than the champion: not the 2% asked for.
        PromotionRule.Decision d = TWO_PERCENT.decide(99.0, champion(2, 100.0));
        assertThat(d.promote()).isFalse();
        assertThat(d.reason())
                .isEqualTo("validation RMSE 99.000 > 98.000 (champion v2 RMSE 100.000 less 2.0%)");
    }

    @Test
    void exactlyAtTheMarginIsPromoted() {
        // 100 × (1 − 0.02) is 98.0 exactly in doubles; the bar is inclusive.
        PromotionRule.Decision d = TWO_PERCENT.decide(98.0, champion(2, 100.0));
        assertThat(d.promote()).isTrue();
        assertThat(d.status()).isEqualTo(ModelRecord.CHAMPION);
        assertThat(d.reason())
                .isEqualTo("validation RMSE 98.000 <= 98.000 (champion v2 RMSE 100.000 less 2.0%)");
        assertThat(TWO_PERCENT.decide(Math.nextUp(98.0), champion(2, 100.0)).promote()).isFalse();
    }

    @Test
    void aClearlyBetterChallengerIsPromoted() {
        PromotionRule.Decision d = TWO_PERCENT.decide(480.25, champion(7, 567.0312));
        assertThat(d.promote()).isTrue();
        assertThat(d.reason())
                .isEqualTo(
                        "validation RMSE 480.250 <= 555.691 (champion v7 RMSE 567.031 less 2.0%)");
    }

    @Test
    void withoutAMarginATiePromotes() {
        PromotionRule.Decision d = new PromotionRule(0).decide(50.0, champion(3, 50.0));
        assertThat(d.promote()).isTrue();
        assertThat(d.reason())
                .isEqualTo("validation RMSE 50.000 <= 50.000 (champion v3 RMSE 50.000 less 0.0%)");
    }

    @Test
    void aMarginOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> new PromotionRule(1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the promotion margin must be in [0, 1): 1.0");
        assertThatThrownBy(() -> new PromotionRule(-0.01))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the promotion margin must be in [0, 1): -0.01");
    }
}
