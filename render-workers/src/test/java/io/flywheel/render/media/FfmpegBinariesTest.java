package io.flywheel.render.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FfmpegBinariesTest {
    @TempDir Path dir;

    @Test
    void findsACapableFfmpegWithoutAnyInstallAndIgnoresAnIncapableConfiguredOne() throws Exception {
        Path fake = dir.resolve("ffmpeg");
        Files.writeString(fake, "#!/bin/sh\nexit 0\n");
        fake.toFile().setExecutable(true);
        Files.copy(fake, dir.resolve("ffprobe"));
        dir.resolve("ffprobe").toFile().setExecutable(true);
        FfmpegBinaries bin = FfmpegBinaries.locate(Optional.of(fake), dir.resolve("cache"));
        assertThat(bin.origin()).isIn("bytedeco", "system");
        assertThat(FfmpegBinaries.capable(bin.ffmpeg())).isTrue();
        assertThat(FfmpegBinaries.capable(fake)).isFalse();
        ProcessRunner.Result v =
                ProcessRunner.check(
                        List.of(bin.ffprobe().toString(), "-version"), Duration.ofSeconds(20));
        assertThat(v.stdout()).contains("ffprobe version");
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
    }
}
