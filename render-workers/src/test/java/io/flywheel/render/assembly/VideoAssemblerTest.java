package io.flywheel.render.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.render.captions.CaptionOverlays;
import io.flywheel.render.media.FfmpegBinaries;
import io.flywheel.schemas.Pacing;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class VideoAssemblerTest {
    @Test
    void filterGraphHoldsOnlyNumbersLabelsAndFilterNames() {
        FfmpegBinaries bin =
                new FfmpegBinaries(Path.of("/x/ffmpeg"), Path.of("/x/ffprobe"), "test");
        Path d = Path.of("/data/media/jobs/1f0c7e2a-0000-4000-8000-000000000000");
        RenditionPlan p =
                new RenditionPlan(
                        "v",
                        1080,
                        1920,
                        List.of(
                                d.resolve("scene-1.jpg"),
                                d.resolve("scene-2.jpg"),
                                d.resolve("scene-3.jpg")),
                        List.of(0L, 2400L, 5100L),
                        8.5,
                        d.resolve("title.png"),
                        new int[] {64, 152, 950, 536},
                        3.0,
                        new CaptionOverlays.Track(
                                d.resolve("captions.ffconcat"), 64, 1100, 950, 384, 20),
                        d.resolve("out.mp4"));
        List<String> cmd =
                new VideoAssembler(bin, 30, "veryfast")
                        .command(List.of(p, p), d.resolve("mix.wav"), Pacing.MEDIUM);
        String graph = cmd.get(cmd.indexOf("-filter_complex") + 1);
        assertThat(graph).matches("[\\[\\]A-Za-z0-9_:=,.;'()*/+\\-]+");
        // Scenes start at frames 0, 72 and 153 of 255; each 14-frame transition (0.45 s at 30
        // fps) blends only the pieces it needs: the tail past a scene's slot and the next head.
        assertThat(graph)
                .contains("[s0_0]split=2[b0_0][t0_0];")
                .contains("[t0_0]trim=start_frame=72:end_frame=86,")
                .contains("[s0_1]split=3[h0_1][b0_1][t0_1];")
                .contains("[b0_1]trim=start_frame=14:end_frame=81,")
                .contains("[t0_1]trim=start_frame=81:end_frame=95,")
                .contains("[b0_2]trim=start_frame=14:end_frame=102,")
                .contains("[t0_0][h0_1]xfade=transition=fade:duration=0.4667:offset=0[x0_1];")
                .contains("[b0_0][x0_1][b0_1][x0_2][b0_2]concat=n=5:v=1:a=0[base0];")
                .doesNotContain("[t0_2]");
        assertThat(graph).contains("enable='between(t,0,3.00)'");
        // Two renditions, one process: one audio input shared, two outputs.
        assertThat(cmd.stream().filter(a -> a.endsWith("out.mp4")).count()).isEqualTo(2);
        assertThat(cmd.stream().filter(a -> a.endsWith("mix.wav")).count()).isEqualTo(1);
        assertThat(cmd).contains("+faststart", "libx264", "aac");
    }
}
