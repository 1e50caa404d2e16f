package io.flywheel.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flywheel.api.http.Json;
import io.flywheel.store.ThumbnailStore;
import io.flywheel.store.ThumbnailStyle;
import io.flywheel.store.ThumbnailVariant;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A video's thumbnail variants and test through the API, and the winning styles the recommender
 * reads (real PostgreSQL and broker).
 */
class ThumbnailRoutesTest {
    static ApiFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new ApiFixture("thumbroutes", 1000, 1000);
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @Test
    void variantsCountsAndTheWinnersStyleAreServed() throws Exception {
        JsonNode brief =
                Json.MAPPER.readTree(
                        f.post(
                                        "/v1/briefs",
                                        f.writeKey,
                                        "{\"platform\":\"YOUTUBE_SHORTS\",\"niche\":\"cooking\",\"count\":1}")
                                .body());
        UUID job = UUID.fromString(brief.get("jobs").get(0).get("job_id").asText());
        UUID video = f.seedVideo(job, new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p'});
        List<ThumbnailStyle> styles =
                List.of(
                        new ThumbnailStyle("early", "title", "white"),
                        new ThumbnailStyle("middle", "caps", "yellow"),
                        new ThumbnailStyle("late", "title", "cyan"));
        List<ThumbnailVariant> variants = new ArrayList<>();
        for (int v = 1; v <= 3; v++) {
            String wide = video + "/thumb-1280x720-v" + v + ".jpg";
            String tall = video + "/thumb-1080x1920-v" + v + ".jpg";
            Files.createDirectories(f.mediaDir.resolve(video.toString()));
            Files.write(f.mediaDir.resolve(wide), ApiFixture.tinyPng());
            Files.write(f.mediaDir.resolve(tall), ApiFixture.tinyPng());
            variants.add(new ThumbnailVariant(v, styles.get(v - 1), 2.5 * v, wide, tall));
        }
        ThumbnailStore store = new ThumbnailStore(f.jdbi);
        store.recordVariants(video, variants);
        Instant t0 = Instant.parse("2026-11-25T18:00:00Z");
        store.start(video, "YOUTUBE_SHORTS", "ytABC", 1, t0);
        store.observe(video, "YOUTUBE_SHORTS", 2_000, 80);
        store.switchTo(video, "YOUTUBE_SHORTS", 2, t0.plusSeconds(86_400));
        store.observe(video, "YOUTUBE_SHORTS", 2_000, 200);
        store.switchTo(video, "YOUTUBE_SHORTS", 3, t0.plusSeconds(2 * 86_400));
        store.observe(video, "YOUTUBE_SHORTS", 2_000, 80);
        store.decide(video, "YOUTUBE_SHORTS", 2, 0.9999, t0.plusSeconds(3 * 86_400));

        HttpResponse<String> r = f.get("/v1/videos/" + video + "/thumbnails", f.readKey);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.at("/rule/probability_best_at_least").asDouble()).isEqualTo(0.99);
        assertThat(body.get("variants")).hasSize(3);
        JsonNode v2 = body.get("variants").get(1);
        assertThat(v2.get("text_style").asText()).isEqualTo("caps");
        assertThat(v2.get("colour").asText()).isEqualTo("yellow");
        assertThat(v2.get("frame_s").asDouble()).isEqualTo(5.0);
        // The signed link serves the variant's file.
        HttpResponse<byte[]> img =
                f.http.send(
                        HttpRequest.newBuilder(URI.create(f.url(v2.get("wide_url").asText())))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(img.statusCode()).isEqualTo(200);
        assertThat(img.body())
                .isEqualTo(
                        Files.readAllBytes(f.mediaDir.resolve(Path.of(variants.get(1).wideUri()))));
        JsonNode test = body.get("tests").get(0);
        assertThat(test.get("platform").asText()).isEqualTo("YOUTUBE_SHORTS");
        assertThat(test.get("winner_variant").asInt()).isEqualTo(2);
        assertThat(test.get("current_variant").asInt()).isEqualTo(2);
        assertThat(test.at("/variants/1/impressions").asLong()).isEqualTo(2_000);
        assertThat(test.at("/variants/1/clicks").asLong()).isEqualTo(200);
        assertThat(test.at("/variants/1/ctr").asDouble()).isEqualTo(0.1);
        assertThat(test.at("/variants/1/probability_best").asDouble()).isGreaterThan(0.99);

        JsonNode won =
                Json.MAPPER.readTree(f.get("/v1/thumbnail-styles", f.readKey).body()).get("styles");
        assertThat(won).hasSize(1);
        assertThat(won.get(0).get("platform").asText()).isEqualTo("YOUTUBE_SHORTS");
        assertThat(won.get(0).get("frame_position").asText()).isEqualTo("middle");
        assertThat(won.get(0).get("wins").asLong()).isEqualTo(1);

        assertThat(f.get("/v1/thumbnail-styles", null).statusCode()).isEqualTo(401);
        assertThat(f.get("/v1/videos/" + UUID.randomUUID() + "/thumbnails", f.readKey).statusCode())
                .isEqualTo(404);
    }
}
