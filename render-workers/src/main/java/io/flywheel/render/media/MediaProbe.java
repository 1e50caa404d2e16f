package io.flywheel.render.media;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.bramp.ffmpeg.FFprobe;
import net.bramp.ffmpeg.probe.FFmpegFormat;
import net.bramp.ffmpeg.probe.FFmpegProbeResult;
import net.bramp.ffmpeg.probe.FFmpegStream;
import net.bramp.ffmpeg.probe.FFmpegStream.CodecType;

/** What ffprobe and ffmpeg's measuring filters say about a media file. */
public final class MediaProbe {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    /** One per ffprobe executable: the wrapper asks each for its version once. */
    private static final ConcurrentMap<Path, FFprobe> PROBES = new ConcurrentHashMap<>();

    private static final Pattern INTEGRATED =
            Pattern.compile("Integrated loudness:\\s*\\n\\s*I:\\s*(-?[0-9.]+|-inf) LUFS");
    private static final Pattern BLACK =
            Pattern.compile("black_start:([0-9.]+) black_end:([0-9.]+) black_duration:([0-9.]+)");

    /** The streams and format of a file. */
    public record Info(
            double durationS,
            boolean hasVideo,
            boolean hasAudio,
            int width,
            int height,
            String videoCodec,
            String audioCodec,
            long bytes) {}

    /** Integrated loudness and the black intervals (start, end) of a file. */
    public record Measures(double integratedLufs, List<double[]> blackIntervals) {
        public double blackSeconds() {
            return blackIntervals.stream().mapToDouble(b -> b[1] - b[0]).sum();
        }
    }

    private final FfmpegBinaries bin;

    public MediaProbe(FfmpegBinaries bin) {
        this.bin = bin;
    }

    /**
     * Reads the streams and format through ffmpeg-cli-wrapper's {@code FFprobe.probe}.
     *
     * @throws IllegalStateException with ffprobe's reason when it cannot read the file
     */
    public Info probe(Path file) {
        FFmpegProbeResult r;
        try {
            r =
                    PROBES.computeIfAbsent(bin.ffprobe(), p -> new DeadlineFFprobe(p, DEADLINE))
                            .probe(file.toString());
        } catch (IOException | IllegalStateException e) {
            throw new IllegalStateException(
                    "ffprobe could not read " + file + ": " + e.getMessage(), e);
        }
        if (r.hasError()) {
            throw new IllegalStateException(
                    "ffprobe could not read " + file + ": " + r.getError().string);
        }
        FFmpegStream video = first(r, CodecType.VIDEO);
        FFmpegStream audio = first(r, CodecType.AUDIO);
        FFmpegFormat format = r.getFormat();
        return new Info(
                format == null ? 0 : format.duration,
                video != null,
                audio != null,
                video == null ? 0 : video.width,
                video == null ? 0 : video.height,
                video == null ? "" : video.codec_name,
                audio == null ? "" : audio.codec_name,
                format == null ? 0 : format.size);
    }

    private static FFmpegStream first(FFmpegProbeResult r, CodecType type) {
        if (r.getStreams() == null) {
            return null;
        }
        return r.getStreams().stream().filter(s -> s.codec_type == type).findFirst().orElse(null);
    }

    /**
     * Measures integrated loudness (EBU R128) and black frames in one decode of the file.
     *
     * @param video whether to look for black frames (audio-only files have none)
     */
    public Measures measure(Path file, boolean video) {
        List<String> cmd =
                new ArrayList<>(List.of(bin.ffmpeg().toString(), "-hide_banner", "-nostats"));
        if (video) {
            // Black runs that matter last half a second or more; the I and P frames (one in three
            // or four with x264's B-frames) show them as well, and skipping the B-frames' decode
            // takes QA's video pass from ~3 to ~1 CPU second per minute of 1080x1920.
            cmd.addAll(List.of("-skip_frame", "bidir"));
        }
        cmd.addAll(List.of("-i", file.toString()));
        cmd.addAll(List.of("-map", "0:a:0", "-af", "ebur128=framelog=quiet"));
        cmd.addAll(List.of("-f", "null", "-"));
        if (video) {
            cmd.addAll(
                    List.of(
                            "-map",
                            "0:v:0",
                            "-vf",
                            "blackdetect=d=0.5:pix_th=0.08",
                            "-f",
                            "null",
                            "-"));
        }
        ProcessRunner.Result r = ProcessRunner.check(cmd, Duration.ofMinutes(5));
        return parseMeasures(r.stderr());
    }

    /**
     * The measures ffmpeg printed; silence measures {@code -inf} LUFS, and a log without ebur128's
     * summary is an error (a gain computed from a missing measurement would be a guess).
     */
    static Measures parseMeasures(String log) {
        Matcher m = INTEGRATED.matcher(log);
        if (!m.find()) {
            throw new IllegalStateException(
                    "ffmpeg printed no integrated loudness (ebur128 summary) for the file");
        }
        m.reset();
        double lufs = Double.NEGATIVE_INFINITY;
        while (m.find()) {
            lufs =
                    m.group(1).equals("-inf")
                            ? Double.NEGATIVE_INFINITY
                            : Double.parseDouble(m.group(1));
        }
        List<double[]> black = new ArrayList<>();
        Matcher b = BLACK.matcher(log);
        while (b.find()) {
            black.add(
                    new double[] {Double.parseDouble(b.group(1)), Double.parseDouble(b.group(2))});
        }
        return new Measures(lufs, black);
    }
}
