package io.flywheel.render.assembly;

import io.flywheel.render.media.FfmpegBinaries;
import io.flywheel.render.media.MediaProbe;
import io.flywheel.render.media.ProcessRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Mixes the narration with the music bed, the music ducked under the voice by a sidechain
 * compressor, and brings the mix to the target integrated loudness: measure (EBU R128), apply the
 * gain with a true-peak limiter, measure again and correct until within 0.3 LU. Done once per job;
 * every rendition then encodes this one mix.
 */
public final class AudioMixer {
    public static final double TARGET_LUFS = -14.0;

    private final FfmpegBinaries bin;
    private final MediaProbe probe;

    public AudioMixer(FfmpegBinaries bin) {
        this.bin = bin;
        this.probe = new MediaProbe(bin);
    }

    /** Writes {@code out} (48 kHz stereo WAV, exactly {@code seconds} long) and returns it. */
    public Path mix(Path narration, Optional<Path> music, double seconds, Path out)
            throws IOException {
        Path premix = out.resolveSibling("premix.wav");
        String dur = num(seconds);
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                bin.ffmpeg().toString(),
                                "-hide_banner",
                                "-nostats",
                                "-y",
                                "-i",
                                narration.toString()));
        String graph;
        if (music.isPresent()) {
            cmd.addAll(List.of("-stream_loop", "-1", "-i", music.get().toString()));
            graph =
                    "[0:a]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=mono,apad,atrim=0:"
                            + dur
                            + ",asplit=2[voice][key];"
                            + "[1:a]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=mono,volume=0.35,atrim=0:"
                            + dur
                            + "[bed];"
                            + "[bed][key]sidechaincompress=threshold=0.015:ratio=12:attack=20:release=400[ducked];"
                            + "[voice][ducked]amix=inputs=2:duration=first:normalize=0,aformat=channel_layouts=stereo[mix]";
        } else {
            graph =
                    "[0:a]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=mono,apad,atrim=0:"
                            + dur
                            + ",aformat=channel_layouts=stereo[mix]";
        }
        cmd.addAll(
                List.of(
                        "-filter_complex",
                        graph,
                        "-map",
                        "[mix]",
                        "-c:a",
                        "pcm_s16le",
                        premix.toString()));
        ProcessRunner.check(cmd, Duration.ofMinutes(5));
        // Gain to the target, a true-peak limiter for the few peaks it pushes over -1 dBFS, then
        // measure again: a limiter that bit hard lowers the loudness, which one more pass corrects.
        double measured = measure(premix);
        Path current = premix;
        for (int pass = 0; pass < 3 && Math.abs(measured - TARGET_LUFS) > 0.3; pass++) {
            Path next = out.resolveSibling("gain-" + pass + ".wav");
            double gain = Math.max(-30, Math.min(30, TARGET_LUFS - measured));
            String filter =
                    String.format(
                            Locale.ROOT,
                            "volume=%.2fdB,alimiter=limit=0.85:attack=3:release=60:level=0,aresample=48000",
                            gain);
            ProcessRunner.check(
                    List.of(
                            bin.ffmpeg().toString(),
                            "-hide_banner",
                            "-nostats",
                            "-y",
                            "-i",
                            current.toString(),
                            "-af",
                            filter,
                            "-c:a",
                            "pcm_s16le",
                            next.toString()),
                    Duration.ofMinutes(5));
            if (!current.equals(premix)) {
                java.nio.file.Files.deleteIfExists(current);
            }
            current = next;
            measured = measure(current);
        }
        java.nio.file.Files.move(current, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        java.nio.file.Files.deleteIfExists(premix);
        return out;
    }

    /**
     * Integrated loudness of a file, by ffmpeg's {@code ebur128} (as QA measures it). ffmpeg's
     * {@code loudnorm} gives the same figure but resamples to 192 kHz first: a tenth of the CPU.
     */
    double measure(Path file) {
        return probe.measure(file, false).integratedLufs();
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
