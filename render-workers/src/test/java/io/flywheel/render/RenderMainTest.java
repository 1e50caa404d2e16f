package io.flywheel.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.config.FlywheelConfig;
import io.flywheel.render.media.FfmpegBinaries;
import io.flywheel.render.media.MediaProbe;
import io.flywheel.render.media.ProcessRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flywheel render} with a hostile parameters file. */
class RenderMainTest {
    @TempDir Path dir;

    @Test
    void hostileParametersFileRendersPreviewsThatFfprobeAccepts() throws Exception {
        Path params = dir.resolve("params.json");
        Files.writeString(
                params,
                "{\"platform\": \"INSTAGRAM_REELS\", \"niche\": \"science\", \"hook_style\": \"STORY\","
                        + " \"pacing\": \"FAST\", \"target_duration_s\": 8, \"voice\": \"en-gb\", \"music_mood\": \"DRAMATIC\","
                        + " \"caption_style\": \"SENTENCE\", \"visual_style\": \"PHOTOGRAPHIC\", \"posting_hour\": 7,"
                        + " \"title\": \"'; DROP TABLE videos; -- \\\"x\\\" %{pts} [0:v] \\\\ 🎬 日本語\","
                        + " \"script\": \"drawtext=text='pwned':enable=1, [in][out]; $(touch /tmp/pwned-render) `id` \\n\\n"
                        + "Второй абзац: עברית, العربية, 한국어 🚀 {\\\"json\\\": true}\","
                        + " \"renditions\": [{\"label\": \"reel\", \"width\": 1080, \"height\": 1920}]}");
        FlywheelConfig config = TestJobs.config(dir.resolve("data"), Map.of());
        PrintStream old = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            code = RenderMain.run(params, dir.resolve("out"), true, config);
        } finally {
            System.setOut(old);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isZero();
        assertThat(printed).contains("[##################] QA").contains("video-360x640.mp4");
        MediaProbe.Info info =
                new MediaProbe(FfmpegSelection.locate(Optional.empty(), dir.resolve("cache")))
                        .probe(dir.resolve("out/video-360x640.mp4"));
        assertThat(info.hasVideo()).isTrue();
        assertThat(info.hasAudio()).isTrue();
        assertThat(info.width()).isEqualTo(360);
        assertThat(info.height()).isEqualTo(640);
        assertThat(Files.readString(dir.resolve("out/captions.srt")))
                .contains("drawtext=text='pwned'")
                .contains("Второй");
        assertThat(dir.resolve("out/thumb-1280x720-v1.jpg")).exists();
        assertThat(dir.resolve("out/thumb-1080x1920-v3.jpg")).exists();
        assertThat(Path.of("/tmp/pwned-render")).doesNotExist();
    }

    /** A missing value or option prints the usage and exits 2 (it used to throw). */
    @Test
    void aMissingOptionOrValuePrintsTheUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        picocli.CommandLine line =
                new picocli.CommandLine(new RenderMain())
                        .setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
        assertThat(line.execute("--params", dir.resolve("p.json").toString(), "--out"))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("Missing required parameter for option '--out'")
                .contains("Usage: render");
        err.reset();
        assertThat(line.execute("--params", "p.json")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("Missing required option: '--out=DIR'");
    }

    /**
     * The acceptance of issue 18: with Debian 12's own ffmpeg (5.1, which refuses QA's loudness
     * filter options) first on the PATH, a video still renders and passes QA, with the bundled
     * ffmpeg, and the user is told why.
     */
    @Test
    void withDebiansFfmpegOnThePathEveryVideoRenders() throws Exception {
        Path debian = Path.of("/usr/bin/ffmpeg");
        assertThat(FfmpegBinaries.version(debian)).startsWith("5.1");
        assertThat(FfmpegSelection.onPath()).contains(debian);
        Path params = dir.resolve("params.json");
        Files.writeString(
                params,
                "{\"platform\": \"YOUTUBE_SHORTS\", \"niche\": \"cooking\", \"hook_style\": \"QUESTION\","
                        + " \"pacing\": \"MEDIUM\", \"target_duration_s\": 8, \"voice\": \"en-us\","
                        + " \"music_mood\": \"CALM\", \"caption_style\": \"WORD_HIGHLIGHT\","
                        + " \"visual_style\": \"GRADIENT\", \"posting_hour\": 12,"
                        + " \"renditions\": [{\"label\": \"short\", \"width\": 1080, \"height\": 1920}]}");
        PrintStream old = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            code =
                    RenderMain.run(
                            params,
                            dir.resolve("out"),
                            true,
                            TestJobs.config(dir.resolve("data"), Map.of()));
        } finally {
            System.setOut(old);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isZero();
        assertThat(printed)
                .contains("ffmpeg: bundled 7.1 ")
                .contains(": /usr/bin/ffmpeg 5.1")
                .contains("failed the pipeline check: audio mix command failed: [ebur128] Error")
                .contains("[##################] QA");
        // Debian's own ffprobe reads the MP4 back: H.264 + AAC, the preview size, the length.
        ProcessRunner.Result probe =
                ProcessRunner.check(
                        List.of(
                                "/usr/bin/ffprobe",
                                "-v",
                                "error",
                                "-show_entries",
                                "stream=codec_name,width,height:format=duration",
                                "-of",
                                "default=noprint_wrappers=1",
                                dir.resolve("out/video-360x640.mp4").toString()),
                        Duration.ofSeconds(30));
        assertThat(probe.stdout())
                .contains("codec_name=h264\nwidth=360\nheight=640\n")
                .contains("codec_name=aac\n");
        double seconds =
                Double.parseDouble(
                        probe.stdout()
                                .lines()
                                .filter(l -> l.startsWith("duration="))
                                .findFirst()
                                .orElseThrow()
                                .substring("duration=".length()));
        assertThat(seconds).isBetween(4.0, 16.0);
    }

    @Test
    void unknownFieldsAreRefused() throws Exception {
        Path params = dir.resolve("bad.json");
        Files.writeString(params, "{\"platfrom\": \"TIKTOK\"}");
        assertThat(
                        RenderMain.run(
                                params,
                                dir.resolve("out"),
                                true,
                                TestJobs.config(dir.resolve("data"), Map.of())))
                .isEqualTo(2);
    }
}
