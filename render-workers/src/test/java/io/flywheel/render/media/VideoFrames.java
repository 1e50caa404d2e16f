package io.flywheel.render.media;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Reads one frame of a video back, as a test sees what a viewer would. */
public final class VideoFrames {
    private VideoFrames() {}

    /** The frame at {@code seconds}, written as a PNG into {@code dir} and read. */
    public static BufferedImage at(FfmpegBinaries bin, Path video, double seconds, Path dir)
            throws Exception {
        String t = String.format(Locale.ROOT, "%.3f", seconds);
        Path out = dir.resolve("frame-" + t + ".png");
        ProcessRunner.check(
                List.of(
                        bin.ffmpeg().toString(),
                        "-v",
                        "error",
                        "-y",
                        "-ss",
                        t,
                        "-i",
                        video.toString(),
                        "-frames:v",
                        "1",
                        out.toString()),
                Duration.ofMinutes(1));
        return ImageIO.read(out.toFile());
    }
}
