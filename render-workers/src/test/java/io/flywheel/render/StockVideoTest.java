package io.flywheel.render;

import static io.flywheel.render.StockRenders.fallbacks;
import static io.flywheel.render.StockRenders.images;
import static io.flywheel.render.StockRenders.keys;
import static io.flywheel.render.StockRenders.render;
import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.config.FlywheelConfig;
import io.flywheel.render.evidence.Receipts;
import io.flywheel.render.media.MediaProbe;
import io.flywheel.render.media.ProcessRunner;
import io.flywheel.render.visuals.stock.FakeStock;
import io.flywheel.store.AssetEvidence;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stock video clips as scene backgrounds (render.stock.media=video) through the real Pexels and
 * Pixabay video clients against a local server speaking their protocol, serving a real two-second
 * MP4 of one colour (with a sound track) made by ffmpeg in the test: the rendition shows the clip's
 * colour from start to end (looped past its two seconds), the clip in the job has no sound, the
 * evidence names the video, its author and its licence; a library that fails (late, 429, 500, a
 * file that is not a video) costs only its clips: the next library, then the photos, make the
 * scenes, with a metric.
 */
class StockVideoTest {
    @TempDir Path data;

    /** The served clip's colour, as RGB. */
    private static final int[] CLIP_RGB = {0x1E, 0x90, 0xC8};

    private static Map<String, String> videoKeys(FakeStock stock) {
        return withVideo(keys(stock));
    }

    private static Map<String, String> withVideo(Map<String, String> keys) {
        keys.put("render.stock.media", "video");
        return keys;
    }

    private static String ffmpeg(Providers p) {
        return p.ffmpeg().ffmpeg().toString();
    }

    /** A two-second portrait clip of {@link #CLIP_RGB} with a tone on its sound track. */
    private Path clip(Providers providers) {
        Path mp4 = data.resolve("coins.mp4");
        ProcessRunner.check(
                List.of(
                        ffmpeg(providers),
                        "-v",
                        "error",
                        "-f",
                        "lavfi",
                        "-i",
                        "color=c=0x1E90C8:s=270x480:r=25:d=2",
                        "-f",
                        "lavfi",
                        "-i",
                        "sine=f=440:d=2",
                        "-c:v",
                        "libx264",
                        "-pix_fmt",
                        "yuv420p",
                        "-c:a",
                        "aac",
                        "-shortest",
                        mp4.toString()),
                Duration.ofMinutes(1));
        return mp4;
    }

    private static List<Path> sceneFiles(FlywheelConfig config, String pattern) throws Exception {
        try (var files = Files.walk(RenderSetup.mediaRoot(config))) {
            return files.filter(f -> f.getFileName().toString().matches(pattern)).toList();
        }
    }

    private static Path video(FlywheelConfig config) throws Exception {
        return sceneFiles(config, "rendition-1-360x640\\.mp4").get(0);
    }

    /** The mean colour of a 40x40 square left of the middle of the frame at {@code atS}. */
    private int[] colourAt(Providers providers, Path video, double atS) throws Exception {
        Path png = data.resolve("frame-" + UUID.randomUUID() + ".png");
        ProcessRunner.check(
                List.of(
                        ffmpeg(providers),
                        "-v",
                        "error",
                        "-ss",
                        String.format(Locale.ROOT, "%.2f", atS),
                        "-i",
                        video.toString(),
                        "-frames:v",
                        "1",
                        "-vf",
                        "crop=40:40:20:280",
                        png.toString()),
                Duration.ofMinutes(1));
        BufferedImage img = ImageIO.read(png.toFile());
        long[] sum = new long[3];
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                sum[0] += (rgb >> 16) & 0xff;
                sum[1] += (rgb >> 8) & 0xff;
                sum[2] += rgb & 0xff;
            }
        }
        int n = img.getWidth() * img.getHeight();
        return new int[] {(int) (sum[0] / n), (int) (sum[1] / n), (int) (sum[2] / n)};
    }

    private static void assertClipColour(int[] rgb) {
        for (int c = 0; c < 3; c++) {
            assertThat(rgb[c])
                    .as("channel %d of %s", c, Arrays.toString(rgb))
                    .isBetween(CLIP_RGB[c] - 14, CLIP_RGB[c] + 14);
        }
    }

    @Test
    void pexelsClipsAreTheBackgroundsLoopedToTheSceneWithoutSoundAndRecordedWithTheirLicence()
            throws Exception {
        try (FakeStock stock = new FakeStock()) {
            FlywheelConfig config = TestJobs.config(data, videoKeys(stock));
            Providers providers = RenderSetup.providers(config, RenderSetup.budget());
            stock.video("pexels-3571264-sd.mp4", clip(providers), 360, 640);

            RenderResult r = render(providers, config, new RecordedEvents());

            // The rendition: its size and length, and the clip's colour from after the title to
            // the last second, long past the clip's own two seconds.
            double durationS = r.durationMs() / 1000.0;
            Path video = video(config);
            MediaProbe.Info info = new MediaProbe(providers.ffmpeg()).probe(video);
            assertThat(info.width()).isEqualTo(360);
            assertThat(info.height()).isEqualTo(640);
            assertThat(info.durationS()).isCloseTo(durationS, Offset.offset(0.15));
            assertThat(durationS).isGreaterThan(4.0);
            assertClipColour(colourAt(providers, video, RenderPipeline.TITLE_SECONDS + 0.5));
            assertClipColour(colourAt(providers, video, durationS - 0.4));

            // The smallest portrait file at least the frame's size was fetched, once for every
            // scene (the cache holds it by id).
            assertThat(stock.downloads).containsExactly("/files/pexels-3571264-sd.mp4");
            assertThat(stock.queries)
                    .allMatch(q -> q.startsWith("pexels-video:") && q.endsWith("|portrait|small"));
            assertThat(stock.pixabayVideoSearches).hasValue(0);
            assertThat(stock.pexelsSearches).hasValue(0);

            List<AssetEvidence> images = images(r);
            List<Path> clips = sceneFiles(config, "scene-\\d+\\.mp4");
            assertThat(images).isNotEmpty().hasSameSizeAs(clips);
            for (AssetEvidence e : images) {
                assertThat(e.provider()).isEqualTo("pexels-video");
                assertThat(e.version()).isEqualTo("Pexels API v1 (videos)");
                assertThat(e.licence()).isEqualTo("LicenseRef-Pexels");
                assertThat(e.source())
                        .contains("video 3571264")
                        .contains("Ana Silva")
                        .contains("https://www.pexels.com/@ana-silva")
                        .contains("https://www.pexels.com/video/coins-3571264/")
                        .contains("Pexels License");
                assertThat(e.missing()).isEmpty();
            }
            for (Path f : clips) {
                assertThat(images.stream().map(AssetEvidence::receiptId)).contains(Receipts.of(f));
                MediaProbe.Info c = new MediaProbe(providers.ffmpeg()).probe(f);
                assertThat(c.hasVideo()).isTrue();
                assertThat(c.hasAudio()).as("the clip's sound is dropped").isFalse();
            }
            assertThat(stock.pexelsAuthorizations).containsOnly(FakeStock.PEXELS_KEY);
            assertThat(r.evidence().toString())
                    .doesNotContain(FakeStock.PEXELS_KEY)
                    .doesNotContain(FakeStock.PIXABAY_KEY);
        }
    }

    @Test
    void aLatePexelsFallsBackToPixabayClips() throws Exception {
        try (FakeStock stock = new FakeStock()) {
            FlywheelConfig config =
                    TestJobs.config(data, withVideo(StockRenders.keysForLateAnswers(stock)));
            Providers providers = RenderSetup.providers(config, RenderSetup.budget());
            stock.video("pixabay-125-medium.mp4", clip(providers), 360, 640)
                    .pexelsVideosLate(StockRenders.LATE_MS);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();

            RenderResult r = render(providers, config, new RecordedEvents(), registry);

            assertClipColour(colourAt(providers, video(config), r.durationMs() / 1000.0 - 0.4));
            List<AssetEvidence> images = images(r);
            for (AssetEvidence e : images) {
                assertThat(e.provider()).isEqualTo("pixabay-video");
                assertThat(e.licence()).isEqualTo("LicenseRef-Pixabay");
                assertThat(e.source())
                        .contains("video 125")
                        .contains("Coverr-Free-Footage")
                        .contains("https://pixabay.com/users/Coverr-Free-Footage-1281706/")
                        .contains("https://pixabay.com/videos/id-125/")
                        .contains("Pixabay Content License")
                        .contains("1280x720");
            }
            // No portrait file: the smallest landscape one that covers the frame (medium).
            assertThat(stock.downloads).containsExactly("/files/pixabay-125-medium.mp4");
            assertThat(fallbacks(registry, "pexels-video", "timeout")).isEqualTo(images.size());
        }
    }

    @Test
    void whenNoLibraryHasAClipThePhotosAreUsedAndTheJobSucceeds() throws Exception {
        try (FakeStock stock = new FakeStock()) {
            FlywheelConfig config = TestJobs.config(data, videoKeys(stock));
            Providers providers = RenderSetup.providers(config, RenderSetup.budget());
            stock.video("c.mp4", clip(providers), 360, 640)
                    .photo("pexels-417173.jpeg", StockRenders.photo(providers, data), 480, 800)
                    .pexelsVideosAnswer(429)
                    .pixabayVideosAnswer(500);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            RecordedEvents events = new RecordedEvents();

            RenderResult r = render(providers, config, events, registry);

            assertThat(r.renditions()).hasSize(1);
            List<AssetEvidence> images = images(r);
            assertThat(images)
                    .isNotEmpty()
                    .allSatisfy(e -> assertThat(e.provider()).isEqualTo("pexels"));
            assertThat(sceneFiles(config, "scene-\\d+\\.mp4")).isEmpty();
            assertThat(sceneFiles(config, "scene-\\d+\\.jpg")).hasSameSizeAs(images);
            assertThat(fallbacks(registry, "pexels-video", "http_429")).isEqualTo(images.size());
            assertThat(fallbacks(registry, "pixabay-video", "http_5xx")).isEqualTo(images.size());
            assertThat(events.lines).noneMatch(l -> l.startsWith("failed"));
            assertThat(stock.downloads).noneMatch(d -> d.endsWith(".mp4"));
        }
    }

    @Test
    void aDownloadThatIsNotAVideoIsNotKeptAndTheSceneFallsBack() throws Exception {
        try (FakeStock stock = new FakeStock()) {
            Map<String, String> keys = videoKeys(stock);
            keys.remove("render.pixabay.api.key");
            FlywheelConfig config = TestJobs.config(data, keys);
            Providers providers = RenderSetup.providers(config, RenderSetup.budget());
            Path html = Files.writeString(data.resolve("blocked.mp4"), "<html>blocked</html>");
            stock.video("pexels-3571264-sd.mp4", html, 360, 640)
                    .photo("pexels-417173.jpeg", StockRenders.photo(providers, data), 480, 800);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();

            RenderResult r = render(providers, config, new RecordedEvents(), registry);

            List<AssetEvidence> images = images(r);
            assertThat(images).allSatisfy(e -> assertThat(e.provider()).isEqualTo("pexels"));
            assertThat(fallbacks(registry, "pexels-video", "bad_video")).isEqualTo(images.size());
            try (var cached = Files.list(config.dataPath("cache", "stock-video"))) {
                assertThat(cached.toList())
                        .as("nothing kept of a file that is not a video")
                        .isEmpty();
            }
        }
    }
}
