package io.flywheel.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flywheel.api.http.Json;
import io.flywheel.api.scoring.CandidatePool;
import io.flywheel.model.Arm;
import io.flywheel.model.Parameter;
import io.flywheel.model.ParameterTable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/trends} over rows the trend job writes (real PostgreSQL), and recommendations
 * exploring toward them with the default boost.
 */
class TrendRoutesTest {
    static ApiFixture f;
    static final Parameter HOOK = ParameterTable.get("hook_style");
    static final Arm TRENDING_ARM = CandidatePool.forSegment("TIKTOK", "cooking").get(5);
    static final String TRENDING_HOOK = HOOK.values().get(1);
    static final Instant T = Instant.parse("2026-01-01T01:07:00Z");

    @BeforeAll
    static void start() throws Exception {
        f = new ApiFixture("trendroutes", 1000, 1000);
        // hook_style trending since 01:05 (its onset), newest window 01:07.
        row("TIKTOK", "hook_style", TRENDING_HOOK, null, T.minusSeconds(120), 90, 4.1, true);
        row("TIKTOK", "hook_style", TRENDING_HOOK, null, T.minusSeconds(60), 95, 4.6, false);
        row("TIKTOK", "hook_style", TRENDING_HOOK, null, T, 101, 5.0, false);
        row("TIKTOK", "arm", "a1b2c3", TRENDING_ARM.armKey(), T, 60, 6.0, true);
        // An hour before anything else: not trending lately.
        row("YOUTUBE_SHORTS", "pacing", "SLOW", null, T.minusSeconds(3600 + 60), 40, 3.9, true);
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    static void row(
            String platform,
            String dimension,
            String value,
            String armKey,
            Instant end,
            long views,
            double z,
            boolean onset) {
        f.jdbi.useHandle(
                h ->
                        h.createUpdate(
                                        "INSERT INTO stream_trends (platform, dimension, value,"
                                                + " arm_key, window_start, window_end,"
                                                + " engaged_views, baseline_mean, baseline_sd,"
                                                + " z_score, onset) VALUES (?, ?, ?, ?, ?, ?, ?,"
                                                + " 40, 8, ?, ?)")
                                .bind(0, platform)
                                .bind(1, dimension)
                                .bind(2, value)
                                .bind(3, armKey)
                                .bind(
                                        4,
                                        OffsetDateTime.ofInstant(
                                                end.minusSeconds(600), ZoneOffset.UTC))
                                .bind(5, OffsetDateTime.ofInstant(end, ZoneOffset.UTC))
                                .bind(6, views)
                                .bind(7, z)
                                .bind(8, onset)
                                .execute());
    }

    @Test
    void trendsAreListedNewestWindowPerKeyStrongestFirst() throws Exception {
        assertThat(f.get("/v1/trends", null).statusCode()).isEqualTo(401);
        assertThat(f.get("/v1/trends?platform=MYSPACE", f.readKey).statusCode()).isEqualTo(400);

        JsonNode body = Json.MAPPER.readTree(f.get("/v1/trends", f.readKey).body());
        assertThat(body.get("minutes").asInt()).isEqualTo(60);
        JsonNode trends = body.get("trends");
        assertThat(trends).hasSize(2);
        assertThat(trends.get(0).get("dimension").asText()).isEqualTo("arm");
        assertThat(trends.get(0).get("arm_key").asText()).isEqualTo(TRENDING_ARM.armKey());
        JsonNode hook = trends.get(1);
        assertThat(hook.get("platform").asText()).isEqualTo("TIKTOK");
        assertThat(hook.get("value").asText()).isEqualTo(TRENDING_HOOK);
        assertThat(hook.get("engaged_views").asLong()).isEqualTo(101);
        assertThat(hook.get("z_score").asDouble()).isEqualTo(5.0);
        assertThat(hook.get("window_end").asText()).isEqualTo("2026-01-01T01:07:00Z");
        assertThat(hook.get("since").asText()).isEqualTo("2026-01-01T01:05:00Z");

        JsonNode wider = Json.MAPPER.readTree(f.get("/v1/trends?minutes=120", f.readKey).body());
        assertThat(wider.get("trends")).hasSize(3);
        JsonNode youtube =
                Json.MAPPER.readTree(
                        f.get("/v1/trends?minutes=120&platform=YOUTUBE_SHORTS", f.readKey).body());
        assertThat(youtube.get("trends")).hasSize(1);
        assertThat(youtube.get("trends").get(0).get("value").asText()).isEqualTo("SLOW");
    }

    @Test
    void exploringRecommendationsLeanTowardWhatTrendsOnTheirPlatform() throws Exception {
        JsonNode tiktok =
                Json.MAPPER.readTree(
                        f.get(
                                        "/v1/recommendations?platform=TIKTOK&niche=cooking&count=60&seed=9",
                                        f.readKey)
                                .body());
        assertThat(tiktok.get("policy_version").asText()).endsWith("+trends-b0.25");
        int trending = 0;
        int picks = 0;
        for (JsonNode r : tiktok.get("recommendations")) {
            picks++;
            Arm a = Arm.ofKey(r.get("arm_key").asText());
            if (a.equals(TRENDING_ARM) || HOOK.text(a).equals(TRENDING_HOOK)) {
                trending++;
            }
        }
        assertThat(picks).isEqualTo(60);
        // Without the boost about 1 in 6 picks of the balanced design has the trending hook (6
        // values); the boost rewrites about a quarter of the picks toward a trend.
        assertThat(trending).isGreaterThan(60 / 6 + 5);

        // YouTube's only trend is an hour old: its recommendations are the policy's own.
        JsonNode youtube =
                Json.MAPPER.readTree(
                        f.get(
                                        "/v1/recommendations?platform=YOUTUBE_SHORTS&niche=cooking&count=10&seed=9",
                                        f.readKey)
                                .body());
        assertThat(youtube.get("policy_version").asText()).doesNotContain("+trends");
    }
}
