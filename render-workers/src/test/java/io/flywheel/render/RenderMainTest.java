package io.flywheel.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.config.FlywheelConfig;
import io.flywheel.render.media.MediaProbe;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
