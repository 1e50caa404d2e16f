package io.flywheel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.flywheel.api.http.Json;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cost per video against revenue per video, per arm, over real PostgreSQL: the streaming job's
 * revenue sums (null: not reported) and the ops job's render costs.
 */
class ArmEconomicsTest {
    static ApiFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new ApiFixture("economics", 1000, 1000);
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @Test
    void costAndRevenuePerVideoPerArmWithUnreportedRevenueLeftOut() throws Exception {
        f.withoutTable(
                "ops_job_costs",
                () ->
                        assertThat(f.get("/v1/kpis/economics", f.readKey).statusCode())
                                .isEqualTo(503));
        // arm-earn: two videos earned 0.60 and 0.70 $, one has no revenue reported (yet)
        video("arm-earn", "YOUTUBE_SHORTS", 600_000L, 10_000L);
        video("arm-earn", "YOUTUBE_SHORTS", 700_000L, 30_000L);
        video("arm-earn", "YOUTUBE_SHORTS", null, null);
        // arm-views: more watched, earns little
        video("arm-views", "YOUTUBE_SHORTS", 50_000L, 10_000L);
        video("arm-views", "YOUTUBE_SHORTS", 70_000L, 10_000L);
        // arm-none: a platform that reports no revenue
        video("arm-none", "INSTAGRAM_REELS", null, 20_000L);

        JsonNode arms = json(f.get("/v1/kpis/economics", f.readKey)).get("arms");

        assertThat(arms).hasSize(3);
        JsonNode earn = arms.get(0);
        assertThat(earn.get("arm_id").asText()).isEqualTo("arm-earn");
        assertThat(earn.get("videos").asInt()).isEqualTo(3);
        assertThat(earn.get("videos_with_revenue").asInt()).isEqualTo(2);
        assertThat(earn.get("videos_with_cost").asInt()).isEqualTo(2);
        assertThat(earn.get("revenue_usd").asDouble()).isCloseTo(1.3, within(1e-9));
        assertThat(earn.get("revenue_usd_per_video").asDouble()).isCloseTo(0.65, within(1e-9));
        assertThat(earn.get("cost_usd_per_video").asDouble()).isCloseTo(0.02, within(1e-9));
        assertThat(earn.get("margin_usd_per_video").asDouble()).isCloseTo(0.63, within(1e-9));
        JsonNode views = arms.get(1);
        assertThat(views.get("arm_id").asText()).isEqualTo("arm-views");
        assertThat(views.get("revenue_usd_per_video").asDouble()).isCloseTo(0.06, within(1e-9));
        assertThat(views.get("margin_usd_per_video").asDouble()).isCloseTo(0.05, within(1e-9));
        JsonNode none = arms.get(2);
        assertThat(none.get("arm_id").asText()).isEqualTo("arm-none");
        assertThat(none.get("revenue_usd_per_video").isNull()).as("not reported, not 0").isTrue();
        assertThat(none.get("cost_usd_per_video").asDouble()).isCloseTo(0.02, within(1e-9));

        JsonNode reels = json(f.get("/v1/kpis/economics?platform=INSTAGRAM_REELS", f.readKey));
        assertThat(reels.get("arms")).hasSize(1);
        assertThat(f.get("/v1/kpis/economics?platform=MYSPACE", f.readKey).statusCode())
                .isEqualTo(400);

        JsonNode platforms = json(f.get("/v1/kpis/platforms", f.readKey)).get("platforms");
        for (JsonNode p : platforms) {
            if (p.get("platform").asText().equals("YOUTUBE_SHORTS")) {
                assertThat(p.get("revenue_usd").asDouble()).isCloseTo(1.42, within(1e-9));
            } else {
                assertThat(p.get("revenue_usd").isNull()).isTrue();
            }
        }
    }

    private static void video(
            String arm, String platform, Long revenueMicroUsd, Long costMicroUsd) {
        String video = UUID.randomUUID().toString();
        Instant now = Instant.now();
        f.jdbi.useHandle(
                h -> {
                    h.execute(
                            "INSERT INTO kpi_video_totals (video_id, platform, arm_id, events,"
                                    + " views, engaged_views, minutes_watched,"
                                    + " view_percent_weighted, view_percent_views, likes, comments,"
                                    + " shares, subscribers_gained, subscribers_lost, impressions,"
                                    + " subscribers_net, revenue_micro_usd, first_event_at,"
                                    + " last_event_at) VALUES (?, ?, ?, 3, 100, 50, 12.5, 0, 0, 7,"
                                    + " 1, 3, 2, 0, 400, 2, ?, ?, ?)",
                            video,
                            platform,
                            arm,
                            revenueMicroUsd,
                            now.minusSeconds(600),
                            now);
                    if (costMicroUsd != null) {
                        h.execute(
                                "INSERT INTO ops_job_costs (job_id, video_id, attempts, failures,"
                                        + " cost_micro_usd) VALUES (?, ?, 9, 0, ?)",
                                UUID.randomUUID().toString(),
                                video,
                                costMicroUsd);
                    }
                });
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }
}
