package io.flywheel.render.media;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The ffmpeg and ffprobe executables the pipeline runs, where they came from ({@code bundled},
 * {@code system} or {@code configured}) and, in one line, which ffmpeg this is and why it was
 * chosen (see {@code FfmpegSelection}).
 */
public record FfmpegBinaries(Path ffmpeg, Path ffprobe, String origin, String description) {
    public FfmpegBinaries(Path ffmpeg, Path ffprobe, String origin) {
        this(ffmpeg, ffprobe, origin, origin + " " + ffmpeg);
    }

    /** The same executables with another description. */
    public FfmpegBinaries describedAs(String text) {
        return new FfmpegBinaries(ffmpeg, ffprobe, origin, text);
    }

    /** The line that says which ffmpeg this is and why it is used. */
    public String describe() {
        return description;
    }

    /**
     * The version an ffmpeg prints ({@code 7.1}, {@code 5.1.7-0+deb12u1}).
     *
     * @throws IllegalStateException with its error output when it does not run (a missing shared
     *     library, say)
     */
    public static String version(Path ffmpeg) {
        ProcessRunner.Result r =
                ProcessRunner.check(
                        List.of(ffmpeg.toString(), "-hide_banner", "-version"),
                        Duration.ofSeconds(20));
        String first = r.stdout().lines().findFirst().orElse("");
        String[] words = first.split(" ");
        return words.length >= 3 && words[1].equals("version") ? words[2] : "unknown";
    }
}
