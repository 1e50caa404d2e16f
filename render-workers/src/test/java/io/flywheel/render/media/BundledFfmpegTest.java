package io.flywheel.render.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled ffmpeg, taken out of its jar without any JNI library and without PulseAudio. */
class BundledFfmpegTest {
    @TempDir Path dir;

    @Test
    void extractsTheExecutablesAndTheirLibrariesButNoJniLibrary() throws Exception {
        FfmpegBinaries bin = BundledFfmpeg.extract(dir.resolve("cache"));
        Path home = bin.ffmpeg().getParent();

        assertThat(home).isEqualTo(dir.resolve("cache/ffmpeg-7.1-1.5.11-linux-x86_64-gpl"));
        assertThat(bin.origin()).isEqualTo("bundled");
        assertThat(bin.ffmpeg()).isExecutable();
        assertThat(bin.ffprobe()).isExecutable();
        // Exactly the jar's executables and shared libraries, less the 8 JNI libraries.
        assertThat(files(home)).isEqualTo(jarFiles(false));
        assertThat(jarFiles(true).keySet()).hasSize(8).allMatch(f -> f.startsWith("libjni"));
        assertThat(files(dir.resolve("cache")).keySet())
                .containsExactly("ffmpeg-7.1-1.5.11-linux-x86_64-gpl");
        // This process loaded none of them (javacpp's Loader.load would have loaded all eight).
        assertThat(Files.readString(Path.of("/proc/self/maps"))).doesNotContain("libjni");
        assertThat(FfmpegBinaries.version(bin.ffmpeg())).isEqualTo("7.1");
    }

    @Test
    void theExtractedFfmpegResolvesEveryLibraryWithoutPulseAudioOrLdLibraryPath() throws Exception {
        FfmpegBinaries bin = BundledFfmpeg.extract(dir.resolve("cache"));
        for (Path exe : List.of(bin.ffmpeg(), bin.ffprobe())) {
            String ldd = runClean(List.of("ldd", exe.toString()));
            assertThat(ldd).doesNotContain("not found").doesNotContain("libpulse");
            assertThat(ldd)
                    .contains(
                            "libavdevice.so.61 => " + exe.getParent().resolve("libavdevice.so.61"));
        }
        // The jar's own libavdevice links PulseAudio, which a new Debian machine lacks.
        Path original = dir.resolve("original/libavdevice.so.61");
        Files.createDirectories(original.getParent());
        try (JarFile jar = new JarFile(jarPath().toFile())) {
            Files.copy(
                    jar.getInputStream(jar.getEntry(BundledFfmpeg.FOLDER + "libavdevice.so.61")),
                    original);
        }
        assertThat(PulseAudioLink.remove(original)).isTrue();
        assertThat(PulseAudioLink.remove(original)).isFalse();
        assertThat(original)
                .hasSameBinaryContentAs(bin.ffmpeg().resolveSibling("libavdevice.so.61"));

        // And it really works: a 1 s clip encoded with libx264 and read back by ffprobe.
        Path clip = dir.resolve("clip.mp4");
        runClean(
                List.of(
                        bin.ffmpeg().toString(),
                        "-hide_banner",
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc=d=1:s=64x64:r=24",
                        "-f",
                        "lavfi",
                        "-i",
                        "sine=d=1",
                        "-c:v",
                        "libx264",
                        "-c:a",
                        "aac",
                        clip.toString()));
        String probe =
                runClean(
                        List.of(
                                bin.ffprobe().toString(),
                                "-v",
                                "error",
                                "-show_entries",
                                "stream=codec_name",
                                "-of",
                                "csv=p=0",
                                clip.toString()));
        assertThat(probe.lines().toList()).containsExactly("h264", "aac");
    }

    @Test
    void twoProcessesExtractingIntoOneCacheAtOnceLeaveOneCompleteCopy() throws Exception {
        Path cache = dir.resolve("shared-cache");
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(ExtractMain.class.getName());
            cmd.add(cache.toString());
            ps.add(new ProcessBuilder(cmd).redirectErrorStream(true).start());
        }
        List<String> printed = new ArrayList<>();
        for (Process p : ps) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(out).isZero();
            printed.add(out.strip());
        }
        Path home = cache.resolve("ffmpeg-7.1-1.5.11-linux-x86_64-gpl");
        assertThat(printed).containsExactly(home + "/ffmpeg", home + "/ffmpeg");
        // One copy, every file whole, no half-extracted directory left behind.
        assertThat(files(cache).keySet()).containsExactly("ffmpeg-7.1-1.5.11-linux-x86_64-gpl");
        assertThat(files(home)).isEqualTo(jarFiles(false));
        assertThat(FfmpegBinaries.version(home.resolve("ffmpeg"))).isEqualTo("7.1");
    }

    @Test
    void aCopyWithAFileDeletedIsExtractedAgain() throws Exception {
        FfmpegBinaries bin = BundledFfmpeg.extract(dir.resolve("cache"));
        Files.delete(bin.ffprobe());
        FfmpegBinaries again = BundledFfmpeg.extract(dir.resolve("cache"));
        assertThat(again.ffprobe()).isExecutable();
        assertThat(files(again.ffmpeg().getParent())).isEqualTo(jarFiles(false));
        assertThat(files(dir.resolve("cache")).keySet())
                .containsExactly("ffmpeg-7.1-1.5.11-linux-x86_64-gpl");
    }

    /** Runs a command with no LD_LIBRARY_PATH, requires exit 0, returns its output. */
    private static String runClean(List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("LD_LIBRARY_PATH");
        pb.environment().remove("LD_PRELOAD");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out).isZero();
        return out;
    }

    /** File name to size, of a directory's entries (directories count as -1). */
    private static Map<String, Long> files(Path d) throws IOException {
        Map<String, Long> m = new TreeMap<>();
        try (Stream<Path> s = Files.list(d)) {
            for (Path p : s.toList()) {
                m.put(p.getFileName().toString(), Files.isDirectory(p) ? -1 : Files.size(p));
            }
        }
        return m;
    }

    /** The jar's files in the folder, with sizes: the JNI ones, or all the others. */
    private static Map<String, Long> jarFiles(boolean jni) throws Exception {
        Map<String, Long> m = new TreeMap<>();
        try (JarFile jar = new JarFile(jarPath().toFile())) {
            for (JarEntry e : java.util.Collections.list(jar.entries())) {
                String n = e.getName();
                if (!e.isDirectory() && n.startsWith(BundledFfmpeg.FOLDER)) {
                    String f = n.substring(BundledFfmpeg.FOLDER.length());
                    if (f.startsWith("libjni") == jni) {
                        m.put(f, e.getSize());
                    }
                }
            }
        }
        return m;
    }

    private static Path jarPath() throws Exception {
        java.net.URL u =
                BundledFfmpeg.class.getClassLoader().getResource(BundledFfmpeg.FOLDER + "ffmpeg");
        java.net.JarURLConnection c = (java.net.JarURLConnection) u.openConnection();
        return Path.of(c.getJarFileURL().toURI());
    }
}
