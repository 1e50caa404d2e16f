package io.flywheel.api.trends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flywheel.api.scoring.CandidatePool;
import io.flywheel.api.scoring.Pick;
import io.flywheel.model.Arm;
import io.flywheel.model.Parameter;
import io.flywheel.model.ParameterTable;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The exploration boost toward trending values: which picks change, how often, their odds. */
class TrendBoostTest {
    static final List<Arm> POOL = CandidatePool.forSegment("TIKTOK", "cooking");
    static final Arm BASE = POOL.get(0);
    static final Parameter HOOK = ParameterTable.get("hook_style");
    static final String TRENDING_HOOK =
            HOOK.values().stream()
                    .filter(v -> !v.equals(HOOK.text(BASE)))
                    .findFirst()
                    .orElseThrow();
    static final Arm TRENDING_ARM = POOL.get(7);

    static TrendStore.Trend trend(String dimension, String value, String armKey) {
        Instant t = Instant.parse("2026-01-01T01:10:00Z");
        return new TrendStore.Trend(
                "TIKTOK", dimension, value, armKey, t.minusSeconds(600), t, 120, 50, 7, 4.2, t);
    }

    static final List<TrendStore.Trend> TRENDS =
            List.of(
                    trend("hook_style", TRENDING_HOOK, null),
                    trend("niche", "fitness", null), // a segment: briefs choose it, not exploration
                    trend("arm", "x", TRENDING_ARM.armKey()),
                    trend(
                            "arm",
                            "y",
                            Arm.ofKey(BASE.armKey())
                                    .with(ParameterTable.get("niche"), "travel")
                                    .armKey()));

    @Test
    void anExploringPickMayTakeATrendingValueOrATrendingArmOfItsSegment() {
        assertThat(TrendBoost.candidates(BASE, TRENDS))
                .containsExactly(BASE.with(HOOK, TRENDING_HOOK), TRENDING_ARM);
        // A pick that already has the trending value is not offered it again.
        assertThat(TrendBoost.candidates(BASE.with(HOOK, TRENDING_HOOK), TRENDS))
                .containsExactly(TRENDING_ARM);
    }

    @Test
    void theBoostIsTheShareOfExploringPicksChangedAndTheOddsSayWhichPathMadeEach() {
        double boost = 0.25;
        TrendBoost b =
                new TrendBoost(boost, platform -> platform.equals("TIKTOK") ? TRENDS : List.of());
        Pick exploring = new Pick(BASE, 1.0, 0.5, "v1", true, 0.2);
        Pick exploiting = new Pick(POOL.get(3), 2.0, 0.1, "v1", false, 0.8);
        int n = 20_000;
        Map<Arm, Integer> seen = new HashMap<>();
        for (int seed = 0; seed < n; seed++) {
            List<Pick> out =
                    b.apply("TIKTOK", List.of(exploiting, exploring), new SplittableRandom(seed));
            assertThat(out.get(0)).isEqualTo(exploiting);
            Pick p = out.get(1);
            assertThat(p.exploration()).isTrue();
            seen.merge(p.arm(), 1, Integer::sum);
            if (p.arm().equals(BASE)) {
                assertThat(p.selectionProbability()).isEqualTo(0.2 * (1 - boost), within(1e-12));
                assertThat(p.predictedObjective()).isEqualTo(1.0);
            } else {
                assertThat(p.selectionProbability()).isEqualTo(0.2 * boost / 2, within(1e-12));
                assertThat(p.predictedObjective()).isNull();
            }
        }
        assertThat(seen).containsOnlyKeys(BASE, BASE.with(HOOK, TRENDING_HOOK), TRENDING_ARM);
        // Each path's observed share is its stated odds (the pick's 0.2 aside), within 4 sd.
        assertThat(seen.get(BASE) / (double) n)
                .isEqualTo(1 - boost, within(4 * Math.sqrt(0.1875 / n)));
        assertThat(seen.get(TRENDING_ARM) / (double) n)
                .isEqualTo(boost / 2, within(4 * Math.sqrt(0.125 * 0.875 / n)));
    }

    @Test
    void nothingChangesWithoutTrendsOnThePlatformOrWithTheBoostOff() {
        List<Pick> picks = List.of(new Pick(BASE, null, null, null, true, 0.1));
        TrendBoost b =
                new TrendBoost(0.5, platform -> platform.equals("TIKTOK") ? TRENDS : List.of());
        assertThat(b.apply("YOUTUBE_SHORTS", picks, new SplittableRandom(1))).isSameAs(picks);
        assertThat(TrendBoost.OFF.apply("TIKTOK", picks, new SplittableRandom(1))).isSameAs(picks);
        assertThatThrownBy(() -> new TrendBoost(0.6, p -> TRENDS))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
