package io.flywheel.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flywheel.api.http.Json;
import io.flywheel.api.thumbnails.LeadStyles;
import io.flywheel.schemas.ContentRequested;
import io.flywheel.store.ThumbnailStore;
import io.flywheel.store.ThumbnailStyle;
import io.flywheel.store.ThumbnailVariant;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The winning thumbnail style feeds the recommender: recommendations and briefs name, per platform,
 * the style that won the most decided tests, and a brief's {@code ContentRequested} events carry it
 * to the render (real PostgreSQL and broker).
 */
class LeadThumbnailStyleTest {
    static final List<ThumbnailStyle> STYLES =
            List.of(
                    new ThumbnailStyle("early", "title", "white"),
                    new ThumbnailStyle("middle", "caps", "yellow"),
                    new ThumbnailStyle("late", "title", "cyan"));
    static ApiFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new ApiFixture("leadstyle", 1000, 1000);
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @Test
    void theStyleWithTheMostWinsLeadsAndNoneBeforeATestIsDecided() throws Exception {
        JsonNode before = recommendations("YOUTUBE_SHORTS");
        assertThat(before.get("thumbnail_style").isNull()).as(before.toString()).isTrue();
        JsonNode briefBefore = brief("YOUTUBE_SHORTS", 1);
        assertThat(briefBefore.get("thumbnail_style").isNull()).isTrue();
        assertThat(events(briefBefore, 1))
                .allSatisfy(e -> assertThat(e.getThumbnailStyle()).isNull());

        // Three decided tests on YouTube: variant 3's style wins two, variant 1's one. An open
        // test (no winner) and a win on TikTok count for nothing here.
        ThumbnailStore store = new ThumbnailStore(f.jdbi);
        decided(store, "YOUTUBE_SHORTS", 3);
        decided(store, "YOUTUBE_SHORTS", 1);
        decided(store, "YOUTUBE_SHORTS", 3);
        decided(store, "TIKTOK", 2);
        UUID open = variants(store);
        store.start(open, "YOUTUBE_SHORTS", "pv-open", 2, Instant.now());

        // The API reads the lead styles at most every LeadStyles.READ_EVERY per platform, and had
        // read YouTube's (none) above: the new lead shows within that time.
        JsonNode after = leadShown("YOUTUBE_SHORTS");
        JsonNode lead = after.get("thumbnail_style");
        assertThat(lead.get("style").asText()).as(after.toString()).isEqualTo("late/title/cyan");
        assertThat(lead.get("frame_position").asText()).isEqualTo("late");
        assertThat(lead.get("colour").asText()).isEqualTo("cyan");
        assertThat(lead.get("wins").asLong()).isEqualTo(2);
        assertThat(recommendations("TIKTOK").at("/thumbnail_style/style").asText())
                .isEqualTo("middle/caps/yellow");
        assertThat(recommendations("INSTAGRAM_REELS").get("thumbnail_style").isNull()).isTrue();

        JsonNode briefAfter = brief("YOUTUBE_SHORTS", 2);
        assertThat(briefAfter.at("/thumbnail_style/style").asText()).isEqualTo("late/title/cyan");
        assertThat(events(briefAfter, 2))
                .hasSize(2)
                .allSatisfy(e -> assertThat(e.getThumbnailStyle()).isEqualTo("late/title/cyan"));
    }

    private static JsonNode leadShown(String platform) throws Exception {
        long deadline = System.nanoTime() + LeadStyles.READ_EVERY.plusSeconds(5).toNanos();
        JsonNode r = recommendations(platform);
        while (r.get("thumbnail_style").isNull() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            r = recommendations(platform);
        }
        return r;
    }

    private static JsonNode recommendations(String platform) throws Exception {
        HttpResponse<String> r =
                f.get(
                        "/v1/recommendations?platform=" + platform + "&niche=cooking&count=2",
                        f.readKey);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    private static JsonNode brief(String platform, int count) throws Exception {
        HttpResponse<String> r =
                f.post(
                        "/v1/briefs",
                        f.writeKey,
                        "{\"platform\":\""
                                + platform
                                + "\",\"niche\":\"cooking\",\"count\":"
                                + count
                                + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Json.MAPPER.readTree(r.body());
    }

    private static List<ContentRequested> events(JsonNode brief, int expected) {
        return BriefEventsCounter.committed(
                f, brief.get("brief_id").asText(), expected, Duration.ofMillis(500));
    }

    /** A video with the three variants, and a decided test on {@code platform}. */
    private static void decided(ThumbnailStore store, String platform, int winner) {
        UUID video = variants(store);
        Instant t = Instant.now();
        store.start(video, platform, "pv-" + video, 1, t);
        store.decide(video, platform, winner, 0.995, t.plusSeconds(60));
    }

    private static UUID variants(ThumbnailStore store) {
        UUID video = UUID.randomUUID();
        List<ThumbnailVariant> variants = new ArrayList<>();
        for (int v = 1; v <= 3; v++) {
            variants.add(
                    new ThumbnailVariant(
                            v, STYLES.get(v - 1), v, video + "/w" + v + ".jpg", video + "/t.jpg"));
        }
        store.recordVariants(video, variants);
        return video;
    }
}
