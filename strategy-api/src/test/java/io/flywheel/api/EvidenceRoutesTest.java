package io.flywheel.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flywheel.api.http.Json;
import io.flywheel.store.AssetEvidence;
import io.flywheel.store.AssetEvidenceStore;
import io.flywheel.store.PublicationStore;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A video's licence evidence through the API (real PostgreSQL and broker): read with a read key,
 * the publisher's verdict and the publication's reason beside the assets; a licence recorded with a
 * write key makes the video publishable; bad input is refused by field.
 */
class EvidenceRoutesTest {
    static ApiFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new ApiFixture("evidenceroutes", 1000, 1000);
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    private static HttpResponse<String> put(String path, String key, String json) throws Exception {
        return f.http.send(
                HttpRequest.newBuilder(URI.create(f.url(path)))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + key)
                        .timeout(Duration.ofSeconds(30))
                        .PUT(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void evidenceIsShownWithThePublishersVerdictAndALicenceRecordedLaterFixesIt() throws Exception {
        JsonNode brief =
                Json.MAPPER.readTree(
                        f.post(
                                        "/v1/briefs",
                                        f.writeKey,
                                        "{\"platform\":\"TIKTOK\",\"niche\":\"cooking\",\"count\":1}")
                                .body());
        UUID job = UUID.fromString(brief.get("jobs").get(0).get("job_id").asText());
        UUID video = f.seedVideo(job, new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p'});
        List<AssetEvidence> assets =
                List.of(
                        new AssetEvidence(
                                "script",
                                "script",
                                "template",
                                "flywheel template corpus",
                                "template corpus: niche cooking",
                                "LicenseRef-Flywheel-generated",
                                List.of(),
                                "sha256:" + "a".repeat(64)),
                        new AssetEvidence(
                                "voice",
                                "voice",
                                "espeak-ng",
                                "1.51",
                                "voice en-us",
                                "GPL-3.0-or-later",
                                List.of(),
                                "sha256:" + "b".repeat(64)),
                        new AssetEvidence(
                                "image:1-1080x1920:1",
                                "image",
                                "procedural",
                                null,
                                "scene keywords: pasta",
                                "LicenseRef-Flywheel-generated",
                                List.of(),
                                "sha256:" + "c".repeat(64)),
                        new AssetEvidence(
                                "music",
                                "music",
                                "music-folder",
                                null,
                                "music folder: calm-1.mp3",
                                null,
                                List.of(),
                                "sha256:" + "d".repeat(64)));
        new AssetEvidenceStore(f.jdbi).record(video, job, assets);
        PublicationStore pubs = new PublicationStore(f.jdbi);
        pubs.claim(video, "TIKTOK");
        pubs.markNotPublished(video, "TIKTOK", true, "licence evidence: held by the test");

        HttpResponse<String> r = f.get("/v1/videos/" + video + "/evidence", f.readKey);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode ev = Json.MAPPER.readTree(r.body());
        assertThat(ev.get("platform").asText()).isEqualTo("TIKTOK");
        assertThat(ev.get("publishable").asBoolean()).isFalse();
        assertThat(ev.get("refusal").asText())
                .isEqualTo(
                        "licence evidence: font: no evidence recorded; music (music-folder): no"
                                + " licence (not published to TIKTOK; GET /v1/videos/{id}/evidence"
                                + " shows every asset)");
        assertThat(ev.get("publication").get("status").asText()).isEqualTo("deferred");
        assertThat(ev.get("publication").get("last_error").asText())
                .isEqualTo("licence evidence: held by the test");
        assertThat(ev.get("assets")).hasSize(4);
        assertThat(ev.get("assets").get(0).get("asset").asText()).isEqualTo("script");
        assertThat(ev.get("assets").get(3).get("missing").asText()).isEqualTo("no licence");

        // Reading needs a key; writing needs write.
        assertThat(f.get("/v1/videos/" + video + "/evidence", null).statusCode()).isEqualTo(401);
        String body =
                "{\"licence\":\"CC-BY-4.0\",\"source\":\"calm-1.mp3 from freemusicarchive.org\"}";
        assertThat(put("/v1/videos/" + video + "/evidence/music", f.readKey, body).statusCode())
                .isEqualTo(403);
        HttpResponse<String> music =
                put("/v1/videos/" + video + "/evidence/music", f.writeKey, body);
        assertThat(music.statusCode()).as(music.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(music.body()).get("receipt_id").asText())
                .isEqualTo("sha256:" + "d".repeat(64));

        // A font that had no row: a new asset needs its kind, provider and receipt.
        HttpResponse<String> bad =
                put(
                        "/v1/videos/" + video + "/evidence/font:DejaVu Sans".replace(" ", "%20"),
                        f.writeKey,
                        "{\"licence\":\"\",\"allowed_platforms\":[\"MYSPACE\"]}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body())
                .contains("/licence")
                .contains("/allowed_platforms/0")
                .contains("/kind")
                .contains("/provider")
                .contains("/receipt_id");
        HttpResponse<String> font =
                put(
                        "/v1/videos/" + video + "/evidence/font:DejaVu Sans".replace(" ", "%20"),
                        f.writeKey,
                        "{\"licence\":\"Bitstream-Vera\",\"kind\":\"font\",\"provider\":"
                                + "\"debian:fonts-dejavu-core\",\"receipt_id\":\"fonts-dejavu-core=2.37-6\"}");
        assertThat(font.statusCode()).as(font.body()).isEqualTo(200);

        JsonNode fixed =
                Json.MAPPER.readTree(f.get("/v1/videos/" + video + "/evidence", f.readKey).body());
        assertThat(fixed.get("publishable").asBoolean()).isTrue();
        assertThat(fixed.get("refusal").isNull()).isTrue();
        assertThat(fixed.get("assets")).hasSize(5);

        assertThat(f.get("/v1/videos/" + UUID.randomUUID() + "/evidence", f.readKey).statusCode())
                .isEqualTo(404);
    }
}
