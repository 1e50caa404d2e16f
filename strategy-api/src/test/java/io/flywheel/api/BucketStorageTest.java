package io.flywheel.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flywheel.api.scoring.ModelPromotions;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.embedded.S3Server;
import io.flywheel.schemas.Envelopes;
import io.flywheel.schemas.ModelPromoted;
import io.flywheel.storage.ModelArtifacts;
import io.flywheel.storage.ObjectStore;
import io.flywheel.storage.S3ObjectStore;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** storage.url names a bucket (a real s3proxy): media are served from it, models loaded from it. */
class BucketStorageTest {
    static S3Server s3;
    static ApiFixture f;
    static ObjectStore store;

    @BeforeAll
    static void start() throws Exception {
        s3 = Ephemeral.s3();
        f = new ApiFixture("bucket", s3.spec().storage());
        store = new S3ObjectStore(s3.spec().storage());
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
        store.close();
    }

    @Test
    void mediaAreServedFromTheBucketWithRangeRequests() throws Exception {
        JsonNode brief =
                StrategyApiTest.json(
                        f.post(
                                "/v1/briefs",
                                f.writeKey,
                                "{\"platform\":\"TIKTOK\",\"niche\":\"cooking\",\"count\":1}"));
        UUID jobId = UUID.fromString(brief.get("jobs").get(0).get("job_id").asText());
        byte[] bytes = new byte[1000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 7);
        }
        UUID videoId = f.seedVideo(jobId, bytes);
        // What the render worker does with a bucket: the files go to media/<path>; none stay here.
        Path local = f.mediaDir.resolve(videoId.toString());
        try (Stream<Path> files = Files.list(local)) {
            for (Path file : files.toList()) {
                store.put("media/" + videoId + "/" + file.getFileName(), file);
                Files.delete(file);
            }
        }
        Files.delete(local);

        JsonNode v = StrategyApiTest.json(f.get("/v1/videos/" + videoId, f.readKey));
        String signed = v.get("renditions").get(0).get("url").asText();
        HttpResponse<byte[]> full = get(signed, null, null);
        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(full.body()).isEqualTo(bytes);
        assertThat(full.headers().firstValue("Content-Type")).contains("video/mp4");
        assertThat(full.headers().firstValue("Accept-Ranges")).contains("bytes");

        String plain = "/v1/media/" + videoId + "/1080x1920.mp4";
        HttpResponse<byte[]> part = get(plain, f.readKey, "bytes=100-199");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Range")).contains("bytes 100-199/1000");
        assertThat(part.headers().firstValue("Content-Length")).contains("100");
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(bytes, 100, 200));
        HttpResponse<byte[]> suffix = get(plain, f.readKey, "bytes=-10");
        assertThat(suffix.statusCode()).isEqualTo(206);
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(bytes, 990, 1000));
        assertThat(get(plain, f.readKey, "bytes=900-").body()).hasSize(100);
        HttpResponse<byte[]> beyond = get(plain, f.readKey, "bytes=5000-6000");
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("Content-Range")).contains("bytes */1000");
        HttpResponse<byte[]> vtt = get("/v1/media/" + videoId + "/captions.vtt", f.readKey, null);
        assertThat(new String(vtt.body())).startsWith("WEBVTT");
        assertThat(vtt.headers().firstValue("Content-Type").orElse("")).startsWith("text/vtt");

        assertThat(get("/v1/media/" + videoId + "/none.mp4", f.readKey, null).statusCode())
                .isEqualTo(404);
        assertThat(get(plain, null, null).statusCode()).isEqualTo(401);
        for (String bad :
                List.of(
                        "/v1/media/%2e%2e/" + videoId + "/1080x1920.mp4",
                        "/v1/media/..%2f" + videoId + "/1080x1920.mp4",
                        "/v1/media/.hidden")) {
            assertThat(get(bad, f.readKey, null).statusCode()).as(bad).isIn(400, 404);
        }
    }

    @Test
    void aModelVersionPublishedToTheBucketBecomesTheChampion(@TempDir Path batchModels)
            throws Exception {
        // The trainer's side: its own model directory, published to models/<name>/v<N>/.
        Path version = TinyModels.train(batchModels, 5, 3, 80, 5);
        String uri = new ModelArtifacts(store, batchModels).publish(version);
        assertThat(uri).isEqualTo(s3.spec().storage().url() + "/models/engagement/v5/");
        assertThat(store.list("models/engagement/v5/"))
                .contains("models/engagement/v5/metadata.json")
                .anyMatch(k -> k.endsWith("member-00.ubj"));
        assertThat(Files.exists(f.modelDir.resolve("engagement/v5"))).isFalse();

        new ModelPromotions(f.bootstrap, f.prefix, f.loader, f.champion)
                .apply(
                        ModelPromoted.newBuilder()
                                .setEnvelope(
                                        Envelopes.create(
                                                ModelPromoted.class,
                                                "test",
                                                UUID.randomUUID().toString(),
                                                System.currentTimeMillis()))
                                .setModelName("engagement")
                                .setModelVersion("5")
                                .setObjective("engaged_views")
                                .setArtifactUri(uri)
                                .setTrainingTableVersion(1)
                                .build());

        assertThat(f.champion.version()).contains("5");
        assertThat(names(f.modelDir.resolve("engagement/v5")))
                .isEqualTo(names(version))
                .contains("member-00.ubj", "member-01.ubj", "member-02.ubj", "metadata.json");
        HttpResponse<String> scored =
                f.post("/v1/score", f.readKey, StrategyApiTest.candidates(3, 1));
        assertThat(scored.statusCode()).isEqualTo(200);
        assertThat(StrategyApiTest.json(scored).get("model_version").asText()).isEqualTo("5");

        // A URI in another bucket is refused; the champion stays.
        new ModelPromotions(f.bootstrap, f.prefix, f.loader, f.champion)
                .apply(
                        ModelPromoted.newBuilder()
                                .setEnvelope(Envelopes.create(ModelPromoted.class, "t", "t", 1L))
                                .setModelName("engagement")
                                .setModelVersion("6")
                                .setObjective("x")
                                .setArtifactUri("s3://elsewhere/models/engagement/v6/")
                                .setTrainingTableVersion(1)
                                .build());
        assertThat(f.champion.version()).contains("5");
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static HttpResponse<byte[]> get(String path, String key, String range)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(f.url(path))).GET();
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (range != null) {
            b.header("Range", range);
        }
        return f.http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
