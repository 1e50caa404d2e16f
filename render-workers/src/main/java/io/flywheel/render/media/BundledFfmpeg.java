package io.flywheel.render.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The ffmpeg and ffprobe executables that the {@code org.bytedeco:ffmpeg:linux-x86_64-gpl} jar
 * ships, copied with the shared libraries they link (libavcodec, libavformat, ...) into {@code
 * <cache dir>/<jar name>/}, where their {@code $ORIGIN} run path finds those libraries. No JNI
 * library is loaded or copied: javacpp's {@code Loader.load} loads every one of them first, and
 * {@code libjniavdevice.so} needs PulseAudio, which a new machine does not have. libavdevice's own
 * link to PulseAudio is removed on the way ({@link PulseAudioLink}).
 *
 * <p>Several processes may extract at once (workers share the data directory): each extracts into a
 * directory of its own and renames it into place, so the directory a reader sees is complete.
 */
public final class BundledFfmpeg {
    /** The folder of the jar that holds the executables and their libraries. */
    static final String FOLDER = "org/bytedeco/ffmpeg/linux-x86_64-gpl/";

    private static final Duration ABANDONED = Duration.ofHours(1);

    private BundledFfmpeg() {}

    /** Extracts (once per cache directory) and returns the executables' paths. */
    public static synchronized FfmpegBinaries extract(Path cacheDir) {
        URL ffmpeg = BundledFfmpeg.class.getClassLoader().getResource(FOLDER + "ffmpeg");
        if (ffmpeg == null) {
            throw new IllegalStateException(
                    "the org.bytedeco:ffmpeg:linux-x86_64-gpl jar is not on the class path");
        }
        try {
            if (!ffmpeg.getProtocol().equals("jar")) {
                // Already files (an unpacked class path): run them where they are.
                Path dir = Path.of(ffmpeg.toURI()).getParent();
                return binaries(dir);
            }
            JarURLConnection c = (JarURLConnection) ffmpeg.openConnection();
            c.setUseCaches(false);
            Path jar = Path.of(c.getJarFileURL().toURI());
            String name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
            Path target = cacheDir.resolve(name);
            if (complete(target)) {
                return binaries(target);
            }
            Files.createDirectories(cacheDir);
            removeAbandoned(cacheDir);
            Path tmp = Files.createTempDirectory(cacheDir, ".extract-");
            try {
                copy(jar, tmp);
                if (Files.isDirectory(target)) {
                    // Incomplete (files were deleted by hand): move it away before replacing it.
                    Path old = Files.createTempDirectory(cacheDir, ".stale-");
                    Files.move(target, old.resolve(name), StandardCopyOption.ATOMIC_MOVE);
                    deleteTree(old);
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileSystemException e) {
                    // Another process renamed its copy into place first; that one is complete.
                    if (!complete(target)) {
                        throw e;
                    }
                }
            } finally {
                deleteTree(tmp);
            }
            return binaries(target);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot extract the bundled ffmpeg into " + cacheDir + ": " + e, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad jar location " + ffmpeg, e);
        }
    }

    private static FfmpegBinaries binaries(Path dir) {
        return new FfmpegBinaries(dir.resolve("ffmpeg"), dir.resolve("ffprobe"), "bundled");
    }

    private static boolean complete(Path dir) {
        return Files.isExecutable(dir.resolve("ffmpeg"))
                && Files.isExecutable(dir.resolve("ffprobe"));
    }

    /** Copies the executables and non-JNI libraries of the jar's folder into {@code dir}. */
    private static void copy(Path jar, Path dir) throws IOException {
        int copied = 0;
        try (JarFile j = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> entries = j.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                String file =
                        e.getName().substring(Math.min(FOLDER.length(), e.getName().length()));
                if (e.isDirectory()
                        || !e.getName().startsWith(FOLDER)
                        || file.contains("/")
                        || file.startsWith("libjni")) {
                    continue;
                }
                Path out = dir.resolve(file);
                try (InputStream in = j.getInputStream(e)) {
                    Files.copy(in, out);
                }
                if (file.equals("ffmpeg") || file.equals("ffprobe")) {
                    if (!out.toFile().setExecutable(true, false)) {
                        throw new IOException("cannot make " + out + " executable");
                    }
                }
                if (file.startsWith("libavdevice.so")) {
                    PulseAudioLink.remove(out);
                }
                copied++;
            }
        }
        if (!complete(dir)) {
            throw new IOException(jar + " has no " + FOLDER + "ffmpeg and ffprobe");
        }
        if (copied < 3) {
            throw new IOException(jar + " has too few files in " + FOLDER);
        }
    }

    /** Extraction directories of processes that died mid-copy. */
    private static void removeAbandoned(Path cacheDir) throws IOException {
        Instant before = Instant.now().minus(ABANDONED);
        try (Stream<Path> s = Files.list(cacheDir)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if ((n.startsWith(".extract-") || n.startsWith(".stale-"))
                        && Files.getLastModifiedTime(p).compareTo(FileTime.from(before)) < 0) {
                    deleteTree(p);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
