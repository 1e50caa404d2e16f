package io.flywheel.api.trends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flywheel.api.scoring.CandidatePool;
import io.flywheel.api.scoring.Pick;
import io.flywheel.api.scoring.PickRoutes;
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

    static final Arm HOOKED = BASE.with(HOOK, TRENDING_HOOK);
    static final Arm EXPLOITED = POOL.get(3);

    /**
     * A trending hook and a trending arm: BASE may become HOOKED or TRENDING_ARM, HOOKED only the
     * arm.
     */
    static final List<TrendStore.Trend> HOOK_AND_ARM = List.of(TRENDS.get(0), TRENDS.get(2));

    @Test
    void theSelectionProbabilityIsTheSumOverEveryRouteToTheArm() {
        assertThat(TrendBoost.candidates(BASE, HOOK_AND_ARM)).containsExactly(HOOKED, TRENDING_ARM);
        assertThat(TrendBoost.candidates(HOOKED, HOOK_AND_ARM)).containsExactly(TRENDING_ARM);
        TrendBoost quarter = new TrendBoost(0.25, p -> HOOK_AND_ARM);

        // Exploit EXPLOITED 0.3; draws BASE 0.4 (2 candidates), HOOKED 0.3 (1 candidate).
        // BASE 0.4·0.75; HOOKED 0.3·0.75 + 0.4·0.25/2; the arm 0.4·0.25/2 + 0.3·0.25.
        PickRoutes boosters = new PickRoutes(EXPLOITED, 0.3, Map.of(BASE, 0.4, HOOKED, 0.3));
        assertOdds(
                quarter.boosted(boosters, HOOK_AND_ARM),
                Map.of(EXPLOITED, 0.3, BASE, 0.3, HOOKED, 0.275, TRENDING_ARM, 0.125));

        // The exploiting pick is drawn too: HOOKED 0.5 + 0.2·0.75 + 0.3·0.25/2.
        PickRoutes both = new PickRoutes(HOOKED, 0.5, Map.of(HOOKED, 0.2, BASE, 0.3));
        assertOdds(
                quarter.boosted(both, HOOK_AND_ARM),
                Map.of(HOOKED, 0.6875, BASE, 0.225, TRENDING_ARM, 0.0875));

        // A cold start (every video explores) at boost 0.5: HOOKED 0.25 + 0.125, the arm 0.125 +
        // 0.25.
        PickRoutes cold = new PickRoutes(null, 0, Map.of(BASE, 0.5, HOOKED, 0.5));
        assertOdds(
                new TrendBoost(0.5, p -> HOOK_AND_ARM).boosted(cold, HOOK_AND_ARM),
                Map.of(BASE, 0.25, HOOKED, 0.375, TRENDING_ARM, 0.375));
    }

    static void assertOdds(Map<Arm, Double> actual, Map<Arm, Double> expected) {
        assertThat(actual).containsOnlyKeys(expected.keySet());
        expected.forEach(
                (arm, p) ->
                        assertThat(actual.get(arm)).as(arm.armKey()).isCloseTo(p, within(1e-12)));
    }

    @Test
    void everyPickIsLoggedWithItsArmsProbabilityAndEachArmComesAsOftenAsThatSays() {
        double boost = 0.25;
        TrendBoost b =
                new TrendBoost(
                        boost, platform -> platform.equals("TIKTOK") ? HOOK_AND_ARM : List.of());
        PickRoutes routes = new PickRoutes(EXPLOITED, 0.3, Map.of(BASE, 0.4, HOOKED, 0.3));
        Map<Arm, Double> odds =
                Map.of(EXPLOITED, 0.3, BASE, 0.3, HOOKED, 0.275, TRENDING_ARM, 0.125);
        SplittableRandom policy = new SplittableRandom(99);
        int n = 40_000;
        Map<Arm, Integer> seen = new HashMap<>();
        for (int seed = 0; seed < n; seed++) {
            // The policy's own draw by its routes, then the boost.
            double u = policy.nextDouble();
            Pick drawn =
                    u < 0.3
                            ? new Pick(EXPLOITED, 2.0, 0.1, "v1", false, 0.3)
                            : u < 0.7
                                    ? new Pick(BASE, 1.0, 0.5, "v1", true, 0.4)
                                    : new Pick(HOOKED, 1.5, 0.5, "v1", true, 0.3);
            Pick p =
                    b.apply("TIKTOK", List.of(drawn), List.of(routes), new SplittableRandom(seed))
                            .get(0);
            seen.merge(p.arm(), 1, Integer::sum);
            assertThat(p.selectionProbability()).isCloseTo(odds.get(p.arm()), within(1e-12));
            assertThat(p.exploration()).isEqualTo(drawn.exploration());
            if (p.arm().equals(drawn.arm())) {
                assertThat(p.predictedObjective()).isEqualTo(drawn.predictedObjective());
            } else {
                assertThat(p.predictedObjective()).isNull();
            }
        }
        // Each arm's observed share is its logged probability, within 4 sd.
        odds.forEach(
                (arm, q) ->
                        assertThat(seen.get(arm) / (double) n)
                                .as(arm.armKey())
                                .isCloseTo(q, within(4 * Math.sqrt(q * (1 - q) / n))));
    }

    @Test
    void nothingChangesWithoutTrendsOnThePlatformOrWithTheBoostOff() {
        List<Pick> picks = List.of(new Pick(BASE, null, null, null, true, 0.1));
        List<PickRoutes> routes = List.of(new PickRoutes(null, 0, Map.of(BASE, 0.1)));
        TrendBoost b =
                new TrendBoost(0.5, platform -> platform.equals("TIKTOK") ? TRENDS : List.of());
        assertThat(b.apply("YOUTUBE_SHORTS", picks, routes, new SplittableRandom(1)))
                .isSameAs(picks);
        assertThat(TrendBoost.OFF.apply("TIKTOK", picks, routes, new SplittableRandom(1)))
                .isSameAs(picks);
        assertThatThrownBy(() -> new TrendBoost(0.6, p -> TRENDS))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
