package io.flywheel.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flywheel.api.http.Json;
import io.flywheel.api.keys.CreatedKey;
import io.flywheel.api.keys.Scope;
import io.flywheel.store.ReviewItem;
import io.flywheel.store.ReviewQueue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Playwright (npm playwright-core) drives Debian's Chromium, headless, against the API started here
 * over data made here: real boosters, a brief sent through the broker, a real WebM video made with
 * ffmpeg, KPI rows and an experiment. Screenshots are kept in target/screenshots.
 */
class BrowserDashboardTest {
    static ApiFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new ApiFixture("browser", 1000, 1000);
        TinyModels.train(f.modelDir, 1, 3, 60, 3);
        TinyModels.train(f.modelDir, 2, 3, 60, 4);
        f.champion.swap(f.loader.load("engagement/v2"));
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    static byte[] webm() throws Exception {
        String ffmpeg = org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
        Path out = Files.createTempFile("flywheel-test", ".webm");
        Process p =
                new ProcessBuilder(
                                ffmpeg,
                                "-y",
                                "-loglevel",
                                "error",
                                "-f",
                                "lavfi",
                                "-i",
                                "testsrc=size=180x320:rate=15:duration=3",
                                "-c:v",
                                "libvpx",
                                "-b:v",
                                "300k",
                                out.toString())
                        .redirectErrorStream(true)
                        .start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        return Files.readAllBytes(out);
    }

    /** A 16:9 PNG with a white bar at each side, like a title running edge to edge. */
    static byte[] landscapePng() throws Exception {
        var img =
                new java.awt.image.BufferedImage(
                        320, 180, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(new java.awt.Color(0x3355cc));
        g.fillRect(0, 0, 320, 180);
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 80, 20, 20);
        g.fillRect(300, 80, 20, 20);
        g.dispose();
        var out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    @Test
    void dashboardShowsEveryPagePlaysAVideoCreatesABriefAndReviewsByKeyboard() throws Exception {
        JsonNode brief =
                Json.MAPPER.readTree(
                        f.post(
                                        "/v1/briefs",
                                        f.writeKey,
                                        "{\"platform\":\"TIKTOK\",\"niche\":\"cooking\",\"count\":3}")
                                .body());
        UUID job = UUID.fromString(brief.get("jobs").get(0).get("job_id").asText());
        UUID video = f.seedVideo(job, webm());
        // The seeded renditions are named .mp4; this browser test serves the real WebM instead.
        Path dir = f.mediaDir.resolve(video.toString());
        Files.move(dir.resolve("preview.mp4"), dir.resolve("preview.webm"));
        // The worker's first thumbnail is 1280x720 with the title across: the gallery must not
        // crop it into its 9:16 cards.
        Files.write(dir.resolve("thumb.png"), landscapePng());
        f.jdbi.useHandle(
                h ->
                        h.execute(
                                "UPDATE renditions SET uri = ? WHERE video_id = ? AND label ="
                                        + " 'preview'",
                                video + "/preview.webm",
                                video));
        f.seedKpis(
                List.of(video),
                List.of("TIKTOK|cooking|QUESTION", "TIKTOK|cooking|STORY"),
                "TIKTOK");
        f.seedOps();
        // Its licence evidence: complete but for the music, whose licence is missing.
        new io.flywheel.store.AssetEvidenceStore(f.jdbi)
                .record(
                        video,
                        job,
                        List.of(
                                new io.flywheel.store.AssetEvidence(
                                        "script",
                                        "script",
                                        "template",
                                        "flywheel template corpus",
                                        "template corpus: niche cooking, hook QUESTION, seed 7",
                                        "LicenseRef-Flywheel-generated",
                                        List.of(),
                                        "sha256:" + "ab".repeat(32)),
                                new io.flywheel.store.AssetEvidence(
                                        "voice",
                                        "voice",
                                        "espeak-ng",
                                        "eSpeak NG text-to-speech: 1.51",
                                        "voice en-us, pacing FAST",
                                        "GPL-3.0-or-later",
                                        List.of(),
                                        "sha256:" + "cd".repeat(32)),
                                new io.flywheel.store.AssetEvidence(
                                        "image:1-1080x1920:1",
                                        "image",
                                        "procedural",
                                        "flywheel procedural scenes",
                                        "scene keywords: pasta",
                                        "LicenseRef-Flywheel-generated",
                                        List.of(),
                                        "sha256:" + "ef".repeat(32)),
                                new io.flywheel.store.AssetEvidence(
                                        "font:DejaVu Sans",
                                        "font",
                                        "debian:fonts-dejavu-core",
                                        "2.37-6",
                                        "DejaVu Sans",
                                        "Bitstream-Vera",
                                        List.of(),
                                        "fonts-dejavu-core=2.37-6"),
                                new io.flywheel.store.AssetEvidence(
                                        "music",
                                        "music",
                                        "music-folder",
                                        null,
                                        "music folder: calm-1.mp3",
                                        null,
                                        List.of(),
                                        "sha256:" + "01".repeat(32))));
        // A TikTok account connected with `flywheel accounts connect` and two posts begun today.
        f.jdbi.useHandle(
                h -> {
                    h.execute(
                            "INSERT INTO platform_tokens (platform, refresh_token, account_id,"
                                    + " account_name, connected_at, access_expires_at) VALUES"
                                    + " ('TIKTOK', '\\x00'::bytea, 'open-1', 'Clip Studio', now(),"
                                    + " now() + interval '1 day')");
                    h.execute(
                            "INSERT INTO platform_rate_windows (bucket, window_start, used) VALUES"
                                    + " ('TIKTOK:init', date_trunc('minute', now()), 2)");
                });
        // Two videos wait for review: one by TikTok's policy, one with borderline moderation.
        CreatedKey reviewer = f.deps.keys().create(Scope.REVIEW, "reviewer");
        UUID second = UUID.fromString(brief.get("jobs").get(1).get("job_id").asText());
        UUID borderline = f.seedVideo(second, webm());
        Path dir2 = f.mediaDir.resolve(borderline.toString());
        Files.move(dir2.resolve("preview.mp4"), dir2.resolve("preview.webm"));
        f.jdbi.useHandle(
                h ->
                        h.execute(
                                "UPDATE renditions SET uri = ? WHERE video_id = ? AND label ="
                                        + " 'preview'",
                                borderline + "/preview.webm",
                                borderline));
        ReviewQueue queue = new ReviewQueue(f.jdbi);
        queue.hold(
                ReviewApiTest.rendered(video, job),
                "TIKTOK",
                ReviewItem.CHANNEL_POLICY,
                "TIKTOK waits for approval");
        queue.hold(
                ReviewApiTest.rendered(borderline, second),
                "TIKTOK",
                ReviewItem.MODERATION_BORDERLINE,
                "borderline: financial promise");
        assertThat(
                        f.post(
                                        "/v1/experiments",
                                        f.writeKey,
                                        StrategyApiTest.experimentBody("Hook test"))
                                .statusCode())
                .isEqualTo(201);

        Path shots = Path.of("target/screenshots").toAbsolutePath();
        ProcessBuilder pb =
                new ProcessBuilder("node", "web/e2e/dashboard.mjs").redirectErrorStream(true);
        pb.environment().put("BASE_URL", f.url(""));
        pb.environment().put("API_KEY", f.writeKey);
        pb.environment().put("REVIEW_KEY", reviewer.secret());
        pb.environment().put("EVIDENCE_VIDEO", video.toString());
        pb.environment().put("SCREENSHOT_DIR", shots.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("dashboard ok");
        assertThat(shots.resolve("5-videos-playing.png")).exists();
        // What the keyboard did is in PostgreSQL: the first approved, the second rejected, both
        // by the review key.
        ReviewItem approved = queue.find(video).orElseThrow();
        assertThat(approved.state()).isEqualTo(ReviewItem.APPROVED);
        assertThat(approved.decidedBy()).isEqualTo(reviewer.key().keyId());
        ReviewItem rejected = queue.find(borderline).orElseThrow();
        assertThat(rejected.state()).isEqualTo(ReviewItem.REJECTED);
        assertThat(rejected.rejectionReason()).isEqualTo("off-brand music");
        assertThat(queue.pendingCount()).isZero();
    }
}
