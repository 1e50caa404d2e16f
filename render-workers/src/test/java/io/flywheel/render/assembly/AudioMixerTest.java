package io.flywheel.render.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flywheel.render.media.BundledFfmpeg;
import io.flywheel.render.media.FfmpegBinaries;
import io.flywheel.render.media.LavfiMedia;
import io.flywheel.render.media.MediaProbe;
import io.flywheel.render.media.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mix ends at the target loudness whatever the inputs' levels: checked with ffmpeg's {@code
 * loudnorm} meter, not the {@code ebur128} the mixer steers by, so the check is independent.
 */
class AudioMixerTest {
    @TempDir Path dir;

    @Test
    void aQuietVoiceOverALoudBedIsMixedToTheTargetLoudnessForTheWholeLength() throws Exception {
        FfmpegBinaries bin = BundledFfmpeg.extract(dir.resolve("cache"));
        // A voice 30 dB below full scale, speaking in bursts; a bed at full scale, shorter than
        // the video so it must loop.
        Path voice =
                tone(
                        bin,
                        "sine=frequency=300:sample_rate=22050:duration=8,volume=-30dB"
                                + ",volume='if(lt(mod(t,2),1.2),1,0)':eval=frame",
                        "voice.wav");
        Path bed = tone(bin, "anoisesrc=color=pink:sample_rate=44100:duration=3", "bed.wav");

        Path out = new AudioMixer(bin).mix(voice, Optional.of(bed), 10.0, dir.resolve("mix.wav"));

        MediaProbe.Info info = new MediaProbe(bin).probe(out);
        assertThat(info.durationS()).isCloseTo(10.0, within(0.05));
        assertThat(loudnormIntegrated(bin, out)).isCloseTo(AudioMixer.TARGET_LUFS, within(0.5));
        assertThat(Files.list(dir).map(p -> p.getFileName().toString()))
                .as("no intermediate files left")
                .doesNotContain("premix.wav", "gain-0.wav", "gain-1.wav", "gain-2.wav");
    }

    private Path tone(FfmpegBinaries bin, String source, String name) {
        return LavfiMedia.write(bin, source, dir.resolve(name));
    }

    private static double loudnormIntegrated(FfmpegBinaries bin, Path file) throws Exception {
        ProcessRunner.Result r =
                ProcessRunner.check(
                        List.of(
                                bin.ffmpeg().toString(),
                                "-hide_banner",
                                "-nostats",
                                "-i",
                                file.toString(),
                                "-af",
                                "loudnorm=print_format=json",
                                "-f",
                                "null",
                                "-"),
                        Duration.ofSeconds(60));
        String log = r.stderr();
        String key = "\"input_i\" : \"";
        int at = log.lastIndexOf(key) + key.length();
        return Double.parseDouble(log.substring(at, log.indexOf('"', at)));
    }
}
