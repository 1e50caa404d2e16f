package io.flywheel.render.media;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Test media made by one of ffmpeg's own sources ({@code lavfi}): tones, noise, silence. */
public final class LavfiMedia {
    private LavfiMedia() {}

    /** Writes what {@code source} (a lavfi graph with its own duration) makes to {@code file}. */
    public static Path write(FfmpegBinaries bin, String source, Path file) {
        ProcessRunner.check(
                List.of(
                        bin.ffmpeg().toString(),
                        "-v",
                        "error",
                        "-y",
                        "-f",
                        "lavfi",
                        "-i",
                        source,
                        file.toString()),
                Duration.ofMinutes(1));
        return file;
    }
}
