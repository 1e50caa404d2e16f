package io.flywheel.publishers.youtube;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Analytics report client against the local protocol server. */
class AnalyticsReportClientTest {
    @Test
    void aMetricTheApiLacksIsDroppedOnceAndTheRestStillReported() throws Exception {
        try (YouTubeProtocolServer server = new YouTubeProtocolServer()) {
            server.rejectMetric("engagedViews");
            server.report("vid1", Map.of("views", 12, "engagedViews", 9, "likes", 1));
            server.report("vid2", Map.of("views", 3));
            AnalyticsReportClient client =
                    new YouTubeClients(server.settings(6, 262_144), Clock.systemUTC()).analytics();
            LocalDate day = LocalDate.of(2026, 11, 21);

            Map<String, Map<String, Double>> first =
                    client.totals(List.of("vid1", "vid3"), day, day);
            Map<String, Map<String, Double>> second =
                    client.totals(List.of("vid1", "vid2"), day, day);

            assertThat(first).containsOnlyKeys("vid1"); // vid3: not reported, not zeros
            assertThat(first.get("vid1"))
                    .containsEntry("views", 12.0)
                    .containsEntry("likes", 1.0)
                    .doesNotContainKey("engagedViews")
                    .doesNotContainKey("comments");
            assertThat(second).containsOnlyKeys("vid1", "vid2");
            assertThat(server.reportQueries()).hasSize(3); // refused, retried, then straight
            assertThat(server.reportQueries().get(2).get("metrics")).doesNotContain("engagedViews");
            assertThat(server.reportQueries().get(1).get("filters")).isEqualTo("video==vid1,vid3");
        }
    }

    @Test
    void revenueIsReadWithTheMonetaryScopeAndLeftUnreportedWithoutIt() throws Exception {
        LocalDate day = LocalDate.of(2026, 11, 21);
        try (YouTubeProtocolServer server = new YouTubeProtocolServer()) {
            server.report("vid1", Map.of("views", 1000, "estimatedRevenue", 2.75));
            AnalyticsReportClient client =
                    new YouTubeClients(server.settings(6, 262_144), Clock.systemUTC()).analytics();
            assertThat(client.totals(List.of("vid1"), day, day).get("vid1"))
                    .containsEntry("estimatedRevenue", 2.75);
            assertThat(server.reportQueries().get(0).get("metrics")).contains("estimatedRevenue");
        }
        try (YouTubeProtocolServer server = new YouTubeProtocolServer()) {
            server.withoutMonetaryScope();
            server.report(
                    "vid1", Map.of("views", 1000, "engagedViews", 700, "estimatedRevenue", 2.75));
            AnalyticsReportClient client =
                    new YouTubeClients(server.settings(6, 262_144), Clock.systemUTC()).analytics();
            Map<String, Double> first = client.totals(List.of("vid1"), day, day).get("vid1");
            client.totals(List.of("vid1"), day, day);

            assertThat(first)
                    .containsEntry("views", 1000.0)
                    .containsEntry("engagedViews", 700.0) // only the monetary metric is dropped
                    .doesNotContainKey("estimatedRevenue");
            assertThat(server.reportQueries()).hasSize(3); // refused, retried, then straight
            assertThat(server.reportQueries().get(2).get("metrics"))
                    .contains("engagedViews")
                    .doesNotContain("estimatedRevenue");
        }
    }
}
