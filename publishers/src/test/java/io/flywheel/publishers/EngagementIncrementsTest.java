package io.flywheel.publishers;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.schemas.EngagementObserved;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cumulative reports to increments, on literal values. */
class EngagementIncrementsTest {
    private static final String VIDEO = "3f1c2b7e-0000-4000-8000-000000000001";

    @Test
    void theFirstReportIsTheIncrementAndAbsentMetricsStayNull() {
        EngagementIncrements.Result r =
                compute(
                        Map.of(),
                        Map.of("views", 40.0, "likes", 0.0, "averageViewPercentage", 80.0));
        EngagementObserved e = r.event();
        assertThat(e.getViews()).isEqualTo(40L);
        assertThat(e.getLikes()).isEqualTo(0L);
        assertThat(e.getAverageViewPercentage()).isEqualTo(80.0);
        assertThat(e.getComments()).isNull();
        assertThat(e.getEngagedViews()).isNull();
        assertThat(e.getImpressions()).isNull();
        assertThat(r.cumulative()).containsOnlyKeys("views", "likes", "averageViewPercentage");
    }

    @Test
    void anUnchangedReportGivesNoEventAndADecreaseIsNeverNegative() {
        Map<String, Double> before = Map.of("views", 40.0, "likes", 3.0);
        assertThat(compute(before, Map.of("views", 40.0, "likes", 3.0)).event()).isNull();

        EngagementIncrements.Result r = compute(before, Map.of("views", 45.0, "likes", 2.0));
        assertThat(r.decreased()).containsExactly("likes");
        assertThat(r.event().getViews()).isEqualTo(5L);
        assertThat(r.event().getLikes()).isNull();
        assertThat(r.cumulative()).containsEntry("views", 45.0).doesNotContainKey("likes");

        // Only a decrease: nothing to send.
        assertThat(compute(before, Map.of("views", 40.0, "likes", 1.0)).event()).isNull();
    }

    @Test
    void averagesBecomeThePeriodsOwnAverage() {
        EngagementIncrements.Result r =
                compute(
                        Map.of("views", 100.0, "averageViewDuration", 20.0),
                        Map.of("views", 300.0, "averageViewDuration", 30.0));
        // (30 * 300 - 20 * 100) / 200 = 35
        assertThat(r.event().getAverageViewDuration()).isEqualTo(35.0);
        // Without the earlier average the period's cannot be known: null, not a guess.
        EngagementIncrements.Result unknown =
                compute(
                        Map.of("views", 100.0),
                        Map.of("views", 300.0, "averageViewDuration", 30.0));
        assertThat(unknown.event().getAverageViewDuration()).isNull();
    }

    @Test
    void theSameIncrementHasTheSameEventId() {
        Map<String, Double> before = Map.of("views", 1.0);
        Map<String, Double> after = Map.of("views", 9.0, "likes", 2.0);
        String id = compute(before, after).event().getEnvelope().getEventId();
        assertThat(compute(before, after).event().getEnvelope().getEventId()).isEqualTo(id);
        assertThat(
                        compute(before, Map.of("views", 10.0, "likes", 2.0))
                                .event()
                                .getEnvelope()
                                .getEventId())
                .isNotEqualTo(id);
    }

    @Test
    void revenueIncrementsAddUpToTheReportedTotalInMicroDollars() {
        // 1.4 and 2.6 millionths of a dollar: rounding each difference would send 1 + 1 = 2, the
        // platform's total rounds to 3.
        EngagementIncrements.Result first =
                compute(Map.of(), Map.of("views", 10.0, "estimatedRevenue", 0.0000014));
        EngagementIncrements.Result second =
                compute(first.cumulative(), Map.of("views", 20.0, "estimatedRevenue", 0.0000026));
        assertThat(first.event().getEstimatedRevenueMicroUsd()).isEqualTo(1L);
        assertThat(second.event().getEstimatedRevenueMicroUsd()).isEqualTo(2L);

        EngagementIncrements.Result a =
                compute(Map.of(), Map.of("views", 5.0, "estimatedRevenue", 0.1));
        EngagementIncrements.Result b =
                compute(a.cumulative(), Map.of("views", 6.0, "estimatedRevenue", 0.3));
        EngagementIncrements.Result c =
                compute(b.cumulative(), Map.of("views", 7.0, "estimatedRevenue", 1.234567));
        assertThat(
                        a.event().getEstimatedRevenueMicroUsd()
                                + b.event().getEstimatedRevenueMicroUsd()
                                + c.event().getEstimatedRevenueMicroUsd())
                .isEqualTo(1_234_567L);
        // Not reported: null, never 0.
        assertThat(
                        compute(a.cumulative(), Map.of("views", 9.0))
                                .event()
                                .getEstimatedRevenueMicroUsd())
                .isNull();
    }

    private static EngagementIncrements.Result compute(
            Map<String, Double> before, Map<String, Double> report) {
        return EngagementIncrements.compute(
                VIDEO, "abcDEF12345", "trace-1", before, report, 1_000L, 2_000L);
    }
}
