package io.flywheel.render.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FfmpegBinariesTest {
    @TempDir Path dir;

    @Test
    void blackRunsAreMeasuredInARealH264FileWithBFrames() throws Exception {
        FfmpegBinaries bin = BundledFfmpeg.extract(dir.resolve("cache"));
        Path file = dir.resolve("black.mp4");
        // 2 s of black, then 4 s of a test pattern, then 1 s of black; x264 with B-frames, as
        // renditions are encoded; a tone so there is loudness to measure.
        ProcessRunner.check(
                List.of(
                        bin.ffmpeg().toString(),
                        "-hide_banner",
                        "-f",
                        "lavfi",
                        "-i",
                        "color=black:s=360x640:r=30:d=2",
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc2=s=360x640:r=30:d=4",
                        "-f",
                        "lavfi",
                        "-i",
                        "color=black:s=360x640:r=30:d=1",
                        "-f",
                        "lavfi",
                        "-i",
                        "sine=frequency=440:sample_rate=48000:duration=7",
                        "-filter_complex",
                        "[0:v][1:v][2:v]concat=n=3:v=1:a=0[v]",
                        "-map",
                        "[v]",
                        "-map",
                        "3:a",
                        "-c:v",
                        "libx264",
                        "-preset",
                        "veryfast",
                        "-bf",
                        "3",
                        "-c:a",
                        "aac",
                        file.toString()),
                Duration.ofSeconds(60));

        MediaProbe.Measures m = new MediaProbe(bin).measure(file, true);

        assertThat(m.blackIntervals()).hasSize(2);
        assertThat(m.blackIntervals().get(0)[0]).isCloseTo(0.0, within(0.15));
        assertThat(m.blackIntervals().get(0)[1]).isCloseTo(2.0, within(0.15));
        assertThat(m.blackSeconds()).isCloseTo(3.0, within(0.3));
        assertThat(m.integratedLufs()).isBetween(-30.0, 0.0);

        MediaProbe.Info info = new MediaProbe(bin).probe(file);
        assertThat(info.hasVideo()).isTrue();
        assertThat(info.hasAudio()).isTrue();
        assertThat(info.width()).isEqualTo(360);
        assertThat(info.height()).isEqualTo(640);
        assertThat(info.videoCodec()).isEqualTo("h264");
        assertThat(info.audioCodec()).isEqualTo("aac");
        assertThat(info.durationS()).isCloseTo(7.0, within(0.1));
        assertThat(info.bytes()).isEqualTo(java.nio.file.Files.size(file));
    }

    @Test
    void aFileFfprobeCannotReadFailsWithFfprobesReason() throws Exception {
        FfmpegBinaries bin = BundledFfmpeg.extract(dir.resolve("cache"));
        Path notMedia = dir.resolve("not-a-video.mp4");
        java.nio.file.Files.writeString(notMedia, "this is text, not an MP4");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new MediaProbe(bin).probe(notMedia))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ffprobe could not read " + notMedia)
                .hasMessageContaining("Invalid data found when processing input");
    }

    private static org.assertj.core.data.Offset<Double> within(double d) {
        return org.assertj.core.data.Offset.offset(d);
    }

    @Test
    void aProcessPastItsDeadlineIsKilled() {
        long t0 = System.nanoTime();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> ProcessRunner.run(List.of("sleep", "30"), Duration.ofMillis(300)))
                .isInstanceOf(ProcessRunner.ProcessTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void parsesLoudnessAndBlackFrames() {
        String log =
                "[blackdetect @ 0x1] black_start:0 black_end:1.5 black_duration:1.5\n"
                        + "[Parsed_ebur128_0 @ 0x2] Summary:\n\n  Integrated loudness:\n"
                        + "    I:         -14.2 LUFS\n";
        MediaProbe.Measures m = MediaProbe.parseMeasures(log);
        assertThat(m.blackSeconds()).isEqualTo(1.5);
        assertThat(m.integratedLufs()).isEqualTo(-14.2);
        // Silence is -inf; no summary at all is an error, not a value.
        assertThat(
                        MediaProbe.parseMeasures("Integrated loudness:\n    I:         -inf LUFS\n")
                                .integratedLufs())
                .isEqualTo(Double.NEGATIVE_INFINITY);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> MediaProbe.parseMeasures("[blackdetect @ 0x1] nothing\n"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no integrated loudness");
    }
}
