package io.flywheel.render;

import io.flywheel.render.assembly.AudioMixer;
import io.flywheel.render.assembly.RenditionPlan;
import io.flywheel.render.assembly.Thumbnails;
import io.flywheel.render.assembly.VideoAssembler;
import io.flywheel.render.captions.CaptionOverlays;
import io.flywheel.render.media.FfmpegBinaries;
import io.flywheel.render.media.MediaProbe;
import io.flywheel.render.narration.Narration;
import io.flywheel.render.qa.RenditionQa;
import io.flywheel.schemas.CaptionStyle;
import io.flywheel.schemas.Pacing;
import io.flywheel.schemas.Platform;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * Whether an ffmpeg can run this pipeline: a real run of the pipeline's own steps, through the very
 * classes a job uses (so the check cannot drift from what a job runs), on a tiny generated video:
 * the audio mix (sidechain ducking, EBU R128 loudness, limiter), the assembly (pan, xfade, title
 * and caption overlays, x264 + AAC), a thumbnail, and QA (ffprobe, EBU R128 loudness, black
 * frames). A few seconds of CPU.
 */
public final class PipelineCheck {
    /** Where the check failed and the first line of the error. */
    public record Failure(String step, String message) {
        @Override
        public String toString() {
            return step + " command failed: " + message;
        }
    }

    static final double SECONDS = 2.0;
    private static final int WIDTH = 144;
    private static final int HEIGHT = 256;
    private static final int FPS = 24;
    private static final int RATE = 48000;

    private PipelineCheck() {}

    /**
     * Runs the check in {@code dir} (created, then removed).
     *
     * @return empty when every step ran and QA passed the result, else where it failed and why
     */
    public static Optional<Failure> run(FfmpegBinaries bin, Path dir) throws IOException {
        Files.createDirectories(dir);
        try {
            return steps(bin, dir);
        } finally {
            deleteTree(dir);
        }
    }

    private static Optional<Failure> steps(FfmpegBinaries bin, Path dir) throws IOException {
        Path narration = tone(dir.resolve("narration.wav"), 330, 0.3);
        Path music = tone(dir.resolve("music.wav"), 110, 0.2);
        Path mix = dir.resolve("mix.wav");
        Optional<Failure> f =
                step(
                        "audio mix",
                        () -> new AudioMixer(bin).mix(narration, Optional.of(music), SECONDS, mix));
        if (f.isPresent()) {
            return f;
        }
        long ms = Math.round(SECONDS * 1000);
        Narration n =
                new Narration(
                        narration.getFileName().toString(),
                        ms,
                        List.of(
                                new Narration.TimedPhrase(
                                        0,
                                        "Pipeline check",
                                        0,
                                        ms,
                                        List.of(
                                                new Narration.TimedWord("Pipeline", 0, ms / 2),
                                                new Narration.TimedWord("check", ms / 2, ms)))));
        Path captions = dir.resolve("captions");
        CaptionOverlays.Track track =
                CaptionOverlays.write(
                        n,
                        CaptionStyle.WORD_HIGHLIGHT,
                        Platform.TIKTOK,
                        WIDTH,
                        HEIGHT,
                        SECONDS,
                        captions);
        Path title = captions.resolve("title.png");
        int[] rect = CaptionOverlays.writeTitle("Check", Platform.TIKTOK, WIDTH, HEIGHT, title);
        Path video = dir.resolve("check.mp4");
        RenditionPlan plan =
                new RenditionPlan(
                        "check",
                        WIDTH,
                        HEIGHT,
                        List.of(
                                scene(dir.resolve("scene-1.jpg"), Color.ORANGE, Color.BLUE),
                                scene(dir.resolve("scene-2.jpg"), Color.GREEN, Color.MAGENTA)),
                        List.of(0L, ms / 2),
                        SECONDS,
                        title,
                        rect,
                        1.0,
                        track,
                        video);
        f =
                step(
                        "assembly",
                        () ->
                                new VideoAssembler(bin, FPS, "ultrafast")
                                        .assemble(
                                                List.of(plan),
                                                mix,
                                                Pacing.MEDIUM,
                                                Duration.ofMinutes(2)));
        if (f.isPresent()) {
            return f;
        }
        f =
                step(
                        "thumbnail",
                        () ->
                                new Thumbnails(bin)
                                        .make(
                                                video,
                                                SECONDS,
                                                0,
                                                "Check",
                                                1,
                                                dir.resolve("thumbnails")));
        if (f.isPresent()) {
            return f;
        }
        RenditionQa.Report[] report = new RenditionQa.Report[1];
        f =
                step(
                        "QA",
                        () ->
                                report[0] =
                                        new RenditionQa(new MediaProbe(bin), AudioMixer.TARGET_LUFS)
                                                .check("check", video, WIDTH, HEIGHT, SECONDS));
        if (f.isPresent()) {
            return f;
        }
        if (!report[0].passed()) {
            return Optional.of(
                    new Failure("QA", "the check video failed QA: " + report[0].problems()));
        }
        return Optional.empty();
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    private static Optional<Failure> step(String name, Step s) {
        try {
            s.run();
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of(new Failure(name, firstLine(e)));
        }
    }

    /**
     * The line of an error that says why. ProcessRunner's message is "ffmpeg exited with N: " and
     * the end of the error output: its first line with "error" in it, else the first that sounds
     * like a complaint, else its first line; without the log's memory addresses.
     */
    static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int exited = m.indexOf(" exited with ");
        int colon = exited < 0 ? -1 : m.indexOf(": ", exited);
        if (colon < 0) {
            return e.getClass().getSimpleName() + ": " + m.lines().findFirst().orElse("");
        }
        List<String> lines =
                m.substring(colon + 2)
                        .lines()
                        .map(String::strip)
                        .filter(l -> !l.isEmpty())
                        .toList();
        String line =
                lines.stream()
                        .filter(l -> l.toLowerCase(java.util.Locale.ROOT).contains("error"))
                        .findFirst()
                        .or(
                                () ->
                                        lines.stream()
                                                .filter(l -> COMPLAINT.matcher(l).find())
                                                .findFirst())
                        .or(() -> lines.stream().findFirst())
                        .orElse("");
        return line.replaceAll(" @ 0x[0-9a-f]+", "") + " (" + m.substring(0, colon) + ")";
    }

    private static final java.util.regex.Pattern COMPLAINT =
            java.util.regex.Pattern.compile(
                    "(?i)unable|invalid|undefined|unknown|unrecognized|no such|not found|cannot|"
                            + "failed|missing");

    private static void deleteTree(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static Path scene(Path file, Color a, Color b) throws IOException {
        int w = ((int) Math.round(WIDTH * io.flywheel.render.visuals.KenBurns.MARGIN)) & ~1;
        int h = ((int) Math.round(HEIGHT * io.flywheel.render.visuals.KenBurns.MARGIN)) & ~1;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, a, w, h, b));
        g.fillRect(0, 0, w, h);
        g.dispose();
        ImageIO.write(img, "jpg", file.toFile());
        return file;
    }

    /** A mono 16-bit WAV: a tone whose loudness swells, so there is speech-like level to duck. */
    private static Path tone(Path file, double hz, double amplitude) throws IOException {
        int samples = (int) (SECONDS * RATE);
        ByteBuffer pcm = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < samples; i++) {
            double t = (double) i / RATE;
            double swell = 0.6 + 0.4 * Math.sin(2 * Math.PI * 2 * t);
            pcm.putShort(
                    (short) (amplitude * swell * Short.MAX_VALUE * Math.sin(2 * Math.PI * hz * t)));
        }
        AudioFormat format = new AudioFormat(RATE, 16, 1, true, false);
        try (AudioInputStream in =
                new AudioInputStream(new ByteArrayInputStream(pcm.array()), format, samples)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
        return file;
    }
}
