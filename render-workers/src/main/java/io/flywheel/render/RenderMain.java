package io.flywheel.render;

import io.flywheel.config.ConfigLoader;
import io.flywheel.config.FlywheelConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code flywheel render --params FILE --out DIR [--preview]}: renders one video from a parameters
 * file without Kafka, showing each stage, and copies the renditions, thumbnails and captions into
 * DIR under generated names. A wrong or missing option prints the usage and exits 2.
 */
@Command(
        name = "render",
        mixinStandardHelpOptions = true,
        description =
                "Render one video from a parameters file, without Kafka"
                        + " (example: docs/examples/render-params.json).")
public final class RenderMain implements Callable<Integer> {
    @Option(
            names = "--params",
            required = true,
            paramLabel = "FILE",
            description = "The content parameters, script and renditions (JSON).")
    Path params;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Where the videos, thumbnails and captions are copied.")
    Path out;

    @Option(
            names = "--preview",
            description =
                    "Low resolution (360 px wide) and the fastest encoder, to try parameters.")
    boolean preview;

    public static void main(String[] args) {
        // Pictures and captions are drawn with Java2D; no display is needed or wanted.
        System.setProperty("java.awt.headless", "true");
        System.exit(new CommandLine(new RenderMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        return run(params, out, preview, ConfigLoader.fromEnvironment(Map.of()));
    }

    static int run(Path params, Path out, boolean preview, FlywheelConfig config) throws Exception {
        RenderJob job;
        try {
            job = ParamsFile.read(params, preview);
        } catch (IllegalArgumentException | java.io.IOException e) {
            System.err.println("cannot read " + params + ": " + e.getMessage());
            return 2;
        }
        Providers providers;
        try {
            providers = RenderSetup.providers(config, RenderSetup.budget());
        } catch (FfmpegSelection.UnusableFfmpegException e) {
            System.err.println("cannot render: " + e.getMessage());
            return 1;
        }
        System.out.println("ffmpeg: " + providers.ffmpeg().describe());
        RenderPipeline pipeline = new RenderPipeline(providers, RenderSetup.mediaRoot(config));
        RenderResult r;
        try {
            r = pipeline.run(job, new ProgressDisplay(System.out));
        } catch (RuntimeException e) {
            System.err.println("render failed: " + e.getMessage());
            return 1;
        }
        Files.createDirectories(out);
        Path media = RenderSetup.mediaRoot(config);
        System.out.println(
                "rendered \""
                        + io.flywheel.render.text.TextPainter.clean(r.title())
                        + "\" ("
                        + r.durationMs() / 1000.0
                        + " s, "
                        + String.format("%.1f", r.loudnessLufs())
                        + " LUFS)");
        for (RenderResult.Output o : r.renditions()) {
            Path dst = out.resolve("video-" + o.width() + "x" + o.height() + ".mp4");
            Files.copy(media.resolve(o.uri()), dst, StandardCopyOption.REPLACE_EXISTING);
            System.out.println(
                    "  "
                            + dst
                            + "  "
                            + o.width()
                            + "x"
                            + o.height()
                            + ", "
                            + o.bytes() / 1024
                            + " KiB");
        }
        for (String t : r.thumbnailUris()) {
            Path src = media.resolve(t);
            Files.copy(src, out.resolve(src.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        // The caption files keep their names, which carry the locale unless it is English.
        Path srt = media.resolve(r.captionsSrtUri());
        Path vtt = media.resolve(r.captionsVttUri());
        Files.copy(srt, out.resolve(srt.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(vtt, out.resolve(vtt.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        System.out.println(
                "  thumbnails and captions ("
                        + srt.getFileName()
                        + ", "
                        + vtt.getFileName()
                        + ") are in "
                        + out);
        return 0;
    }
}
