package io.flywheel.render.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What ffprobe and ffmpeg's measuring filters say about a media file. */
public final class MediaProbe {
    private static final ObjectMapper JSON = new ObjectMapper();
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

    public Info probe(Path file) {
        ProcessRunner.Result r =
                ProcessRunner.check(
                        List.of(
                                bin.ffprobe().toString(),
                                "-v",
                                "error",
                                "-print_format",
                                "json",
                                "-show_format",
                                "-show_streams",
                                file.toString()),
                        Duration.ofSeconds(60));
        try {
            JsonNode root = JSON.readTree(r.stdout());
            boolean video = false;
            boolean audio = false;
            int w = 0;
            int h = 0;
            String vc = "";
            String ac = "";
            for (JsonNode s : root.path("streams")) {
                String type = s.path("codec_type").asText();
                if (type.equals("video") && !video) {
                    video = true;
                    w = s.path("width").asInt();
                    h = s.path("height").asInt();
                    vc = s.path("codec_name").asText();
                } else if (type.equals("audio") && !audio) {
                    audio = true;
                    ac = s.path("codec_name").asText();
                }
            }
            JsonNode format = root.path("format");
            return new Info(
                    format.path("duration").asDouble(0),
                    video,
                    audio,
                    w,
                    h,
                    vc,
                    ac,
                    format.path("size").asLong(0));
        } catch (IOException e) {
            throw new IllegalStateException("ffprobe printed no JSON for " + file, e);
        }
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

    static Measures parseMeasures(String log) {
        Matcher m = INTEGRATED.matcher(log);
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
