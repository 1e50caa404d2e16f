package io.flywheel.render.media;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the ffmpeg and ffprobe executables: a configured one first, else the build that the {@code
 * org.bytedeco:ffmpeg:linux-x86_64-gpl} artifact ships (extracted into a cache directory under the
 * data directory), so nothing has to be installed by hand.
 */
public record FfmpegBinaries(Path ffmpeg, Path ffprobe, String origin) {
    private static final Logger LOG = LoggerFactory.getLogger(FfmpegBinaries.class);
    private static FfmpegBinaries shipped;

    /**
     * @param configured an ffmpeg to prefer (its ffprobe must sit beside it); used only if it has
     *     every encoder and filter the pipeline needs
     * @param cacheDir where the Maven artifact's executables are extracted
     */
    public static FfmpegBinaries locate(Optional<Path> configured, Path cacheDir) {
        if (configured.isPresent()) {
            Path ff = configured.get();
            Path probe = ff.resolveSibling("ffprobe");
            if (Files.isExecutable(ff) && Files.isExecutable(probe) && capable(ff)) {
                return new FfmpegBinaries(ff, probe, "configured");
            }
            LOG.warn(
                    "configured ffmpeg {} is missing or lacks a needed filter; using the shipped one",
                    ff);
        }
        return shipped(cacheDir);
    }

    private static synchronized FfmpegBinaries shipped(Path cacheDir) {
        if (shipped != null && !Files.isExecutable(shipped.ffmpeg())) {
            shipped = null; // Its cache directory was removed; extract again.
        }
        if (shipped == null) {
            if (System.getProperty("org.bytedeco.javacpp.cachedir") == null) {
                System.setProperty(
                        "org.bytedeco.javacpp.cachedir", cacheDir.toAbsolutePath().toString());
            }
            try {
                String ff = org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
                String probe = org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.ffprobe.class);
                shipped = new FfmpegBinaries(Path.of(ff), Path.of(probe), "bytedeco");
            } catch (RuntimeException | UnsatisfiedLinkError e) {
                throw new IllegalStateException("cannot extract the shipped ffmpeg: " + e, e);
            }
        }
        return shipped;
    }

    /** Whether an ffmpeg has libx264 and the filters the assembly uses. */
    static boolean capable(Path ffmpeg) {
        try {
            ProcessRunner.Result enc =
                    ProcessRunner.run(
                            List.of(ffmpeg.toString(), "-hide_banner", "-encoders"),
                            Duration.ofSeconds(20));
            ProcessRunner.Result fil =
                    ProcessRunner.run(
                            List.of(ffmpeg.toString(), "-hide_banner", "-filters"),
                            Duration.ofSeconds(20));
            String f = fil.stdout();
            return enc.stdout().contains("libx264")
                    && f.contains(" xfade ")
                    && f.contains(" sidechaincompress ")
                    && f.contains(" loudnorm ")
                    && f.contains(" ebur128 ");
        } catch (RuntimeException e) {
            return false;
        }
    }
}
