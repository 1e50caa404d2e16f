package io.flywheel.render.qa;

import io.flywheel.render.media.MediaProbe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks a finished rendition: H.264 video of the planned size, AAC audio, the planned duration,
 * integrated loudness near the target and not too much black. A failure names every reason.
 */
public final class RenditionQa {
    public record Report(
            String label,
            MediaProbe.Info info,
            double integratedLufs,
            double blackSeconds,
            List<String> problems) {
        public boolean passed() {
            return problems.isEmpty();
        }
    }

    static final double DURATION_TOLERANCE_S = 0.35;
    static final double LOUDNESS_TOLERANCE_LU = 1.0;
    static final double MAX_BLACK_SHARE = 0.10;

    private final MediaProbe probe;
    private final double targetLufs;

    public RenditionQa(MediaProbe probe, double targetLufs) {
        this.probe = probe;
        this.targetLufs = targetLufs;
    }

    public Report check(String label, Path file, int width, int height, double durationS) {
        List<String> problems = new ArrayList<>();
        MediaProbe.Info info = probe.probe(file);
        if (!info.hasVideo()) {
            problems.add("no video stream");
        } else {
            if (info.width() != width || info.height() != height) {
                problems.add(
                        "frame is "
                                + info.width()
                                + "x"
                                + info.height()
                                + ", not "
                                + width
                                + "x"
                                + height);
            }
            if (!info.videoCodec().equals("h264")) {
                problems.add("video codec is " + info.videoCodec() + ", not h264");
            }
        }
        if (!info.hasAudio()) {
            problems.add("no audio stream");
        } else if (!info.audioCodec().equals("aac")) {
            problems.add("audio codec is " + info.audioCodec() + ", not aac");
        }
        if (Math.abs(info.durationS() - durationS) > DURATION_TOLERANCE_S) {
            problems.add(
                    String.format(
                            Locale.ROOT,
                            "duration is %.2f s, planned %.2f s",
                            info.durationS(),
                            durationS));
        }
        double lufs = Double.NaN;
        double black = 0;
        if (info.hasAudio() && info.hasVideo()) {
            MediaProbe.Measures m = probe.measure(file, true);
            lufs = m.integratedLufs();
            black = m.blackSeconds();
            if (!(Math.abs(lufs - targetLufs) <= LOUDNESS_TOLERANCE_LU)) {
                problems.add(
                        String.format(
                                Locale.ROOT,
                                "integrated loudness %.1f LUFS, target %.1f",
                                lufs,
                                targetLufs));
            }
            if (black > info.durationS() * MAX_BLACK_SHARE) {
                problems.add(String.format(Locale.ROOT, "%.1f s of black frames", black));
            }
        }
        return new Report(label, info, lufs, black, List.copyOf(problems));
    }
}
