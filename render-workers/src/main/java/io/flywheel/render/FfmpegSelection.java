package io.flywheel.render;

import io.flywheel.render.assembly.AudioMixer;
import io.flywheel.render.assembly.Thumbnails;
import io.flywheel.render.assembly.VideoAssembler;
import io.flywheel.render.captions.CaptionOverlays;
import io.flywheel.render.media.BundledFfmpeg;
import io.flywheel.render.media.FfmpegBinaries;
import io.flywheel.render.media.MediaProbe;
import io.flywheel.render.qa.RenditionQa;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the ffmpeg the pipeline runs, and says why in one line ({@link
 * FfmpegBinaries#describe()}):
 *
 * <ol>
 *   <li>the configured one ({@code render.ffmpeg.path}, its ffprobe beside it), which must pass the
 *       {@link PipelineCheck}: one that fails stops the process with the failing command's error,
 *       since the user asked for that very binary (for a build of their own, or to avoid the GPL
 *       build), and quietly rendering with another would hide their mistake;
 *   <li>else the first ffmpeg on the PATH with ffprobe beside it, if it passes the check (Debian
 *       12's ffmpeg 5.1 does not: it refuses QA's {@code ebur128=framelog=quiet});
 *   <li>else the bundled build ({@link BundledFfmpeg}).
 * </ol>
 *
 * A check's result is kept per binary (path, size, modification time) and pipeline code (the jar,
 * or the class files of the classes it runs) in memory and in {@code <cache
 * dir>/ffmpeg-checks.properties}, so a worker's start does not run it again for the same binary and
 * the same pipeline.
 */
public final class FfmpegSelection {
    private static final Logger LOG = LoggerFactory.getLogger(FfmpegSelection.class);
    private static final String CHECKS_FILE = "ffmpeg-checks.properties";
    private static final String PASSED = "passed";
    private static final Map<String, Optional<PipelineCheck.Failure>> CHECKED = new HashMap<>();

    private FfmpegSelection() {}

    /** The configured ffmpeg cannot be used: the message says why and what to do. */
    public static final class UnusableFfmpegException extends IllegalStateException {
        UnusableFfmpegException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * @param configured {@code render.ffmpeg.path}
     * @param cacheDir where the bundled build is extracted and check results are kept; the system
     *     property {@code org.bytedeco.javacpp.cachedir}, when set, is used for the extraction
     *     instead (the tests share one extraction through it)
     * @throws UnusableFfmpegException when the configured ffmpeg is missing or fails the check
     */
    public static synchronized FfmpegBinaries locate(Optional<Path> configured, Path cacheDir) {
        FfmpegBinaries chosen = choose(configured, cacheDir);
        LOG.info("ffmpeg: {}", chosen.describe());
        return chosen;
    }

    private static FfmpegBinaries choose(Optional<Path> configured, Path cacheDir) {
        if (configured.isPresent()) {
            Path ff = configured.get().toAbsolutePath();
            Path probe = ff.resolveSibling("ffprobe");
            if (!Files.isExecutable(ff) || !Files.isExecutable(probe)) {
                throw new UnusableFfmpegException(
                        "render.ffmpeg.path "
                                + ff
                                + ": "
                                + (Files.isExecutable(ff)
                                        ? "no executable ffprobe beside it"
                                        : "not an executable file")
                                + "; leave render.ffmpeg.path empty to use the bundled ffmpeg",
                        null);
            }
            String version;
            try {
                version = version(ff);
            } catch (RuntimeException e) {
                throw new UnusableFfmpegException(
                        "render.ffmpeg.path " + ff + " does not run: " + PipelineCheck.firstLine(e),
                        e);
            }
            Optional<PipelineCheck.Failure> failure = check(ff, probe, cacheDir);
            if (failure.isPresent()) {
                throw new UnusableFfmpegException(
                        "render.ffmpeg.path "
                                + ff
                                + " (ffmpeg "
                                + version
                                + ") cannot run the pipeline: "
                                + failure.get()
                                + "; use another build or leave render.ffmpeg.path empty to use"
                                + " the bundled ffmpeg",
                        null);
            }
            return new FfmpegBinaries(
                    ff,
                    probe,
                    "configured",
                    "configured " + ff + " " + version + ": passed the pipeline check");
        }
        String why = "no ffmpeg with ffprobe beside it on the PATH";
        Optional<Path> onPath = onPath();
        if (onPath.isPresent()) {
            Path ff = onPath.get();
            Path probe = ff.resolveSibling("ffprobe");
            String version;
            Optional<PipelineCheck.Failure> failure;
            try {
                version = version(ff);
                failure = check(ff, probe, cacheDir);
            } catch (RuntimeException e) {
                version = "(does not run)";
                failure =
                        Optional.of(
                                new PipelineCheck.Failure("-version", PipelineCheck.firstLine(e)));
            }
            if (failure.isEmpty()) {
                return new FfmpegBinaries(
                        ff,
                        probe,
                        "system",
                        "system " + ff + " " + version + ": passed the pipeline check");
            }
            why = ff + " " + version + " failed the pipeline check: " + failure.get();
        }
        String dir = System.getProperty("org.bytedeco.javacpp.cachedir");
        FfmpegBinaries bundled = BundledFfmpeg.extract(dir == null ? cacheDir : Path.of(dir));
        return bundled.describedAs(
                "bundled " + version(bundled.ffmpeg()) + " " + bundled.ffmpeg() + ": " + why);
    }

    private static String version(Path ffmpeg) {
        return FfmpegBinaries.version(ffmpeg);
    }

    /** The first {@code ffmpeg} on the PATH that has an {@code ffprobe} beside it. */
    static Optional<Path> onPath() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path ff = Path.of(dir.isEmpty() ? "." : dir, "ffmpeg").toAbsolutePath();
            if (Files.isExecutable(ff) && Files.isExecutable(ff.resolveSibling("ffprobe"))) {
                return Optional.of(ff);
            }
        }
        return Optional.empty();
    }

    /** Forgets the results kept in memory (tests: the next check reads the file). */
    static synchronized void forgetChecks() {
        CHECKED.clear();
    }

    /** The check's result for these binaries, run only when not known yet. */
    static Optional<PipelineCheck.Failure> check(Path ffmpeg, Path ffprobe, Path cacheDir) {
        String key = key(ffmpeg, ffprobe);
        Optional<PipelineCheck.Failure> known = CHECKED.get(key);
        Optional<String> stamp = codeStamp();
        Path file = cacheDir.resolve(CHECKS_FILE);
        if (known == null && stamp.isPresent()) {
            String saved = load(file).getProperty(key + " " + stamp.get());
            if (saved != null) {
                known = decode(saved);
                LOG.info("ffmpeg {}: pipeline check result from {}", ffmpeg, file);
            }
        }
        if (known == null) {
            long t0 = System.nanoTime();
            try {
                Files.createDirectories(cacheDir);
                known =
                        PipelineCheck.run(
                                new FfmpegBinaries(ffmpeg, ffprobe, "candidate"),
                                Files.createTempDirectory(cacheDir, ".check-"));
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot prepare the ffmpeg pipeline check in " + cacheDir, e);
            }
            LOG.info(
                    "ffmpeg {}: pipeline check {} in {} ms",
                    ffmpeg,
                    known.map(Object::toString).orElse(PASSED),
                    (System.nanoTime() - t0) / 1_000_000);
            if (stamp.isPresent()) {
                save(file, key + " " + stamp.get(), encode(known));
            }
        }
        CHECKED.put(key, known);
        return known;
    }

    private static String key(Path ffmpeg, Path ffprobe) {
        try {
            return ffmpeg
                    + " "
                    + Files.size(ffmpeg)
                    + " "
                    + Files.getLastModifiedTime(ffmpeg).toMillis()
                    + " "
                    + Files.size(ffprobe)
                    + " "
                    + Files.getLastModifiedTime(ffprobe).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The classes whose commands the check runs; a change to any of them checks again. */
    private static final List<Class<?>> CHECKED_CODE =
            List.of(
                    PipelineCheck.class,
                    AudioMixer.class,
                    VideoAssembler.class,
                    Thumbnails.class,
                    CaptionOverlays.class,
                    RenditionQa.class,
                    MediaProbe.class);

    /**
     * The pipeline code the check ran: the jar it runs from (name, size, time), or, from class
     * folders (development, tests), the class files of {@link #CHECKED_CODE}; empty if unknown.
     */
    private static Optional<String> codeStamp() {
        StringBuilder stamp = new StringBuilder();
        try {
            for (Class<?> c : CHECKED_CODE) {
                Path code = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
                Path file =
                        Files.isDirectory(code)
                                ? code.resolve(c.getName().replace('.', '/') + ".class")
                                : code;
                String s =
                        file.getFileName()
                                + "@"
                                + Files.size(file)
                                + "@"
                                + Files.getLastModifiedTime(file).toMillis();
                if (stamp.indexOf(s) < 0) {
                    stamp.append(stamp.length() == 0 ? "" : ",").append(s);
                }
            }
            return Optional.of(stamp.toString());
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static String encode(Optional<PipelineCheck.Failure> f) {
        return f.map(x -> "failed\t" + x.step() + "\t" + x.message()).orElse(PASSED);
    }

    private static Optional<PipelineCheck.Failure> decode(String s) {
        String[] p = s.split("\t", 3);
        return p.length == 3
                ? Optional.of(new PipelineCheck.Failure(p[1], p[2]))
                : Optional.empty();
    }

    private static Properties load(Path file) {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException e) {
                LOG.warn("cannot read {}; checking ffmpeg again: {}", file, e.toString());
            }
        }
        return p;
    }

    /** Adds one result; written to a new file and renamed, so readers never see half a file. */
    private static void save(Path file, String key, String value) {
        try {
            Properties p = load(file);
            p.setProperty(key, value);
            Path tmp = Files.createTempFile(file.getParent(), ".checks-", ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "ffmpeg pipeline checks: path size mtime (ffmpeg, ffprobe) jar");
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("cannot record the ffmpeg check in {}: {}", file, e.toString());
        }
    }
}
