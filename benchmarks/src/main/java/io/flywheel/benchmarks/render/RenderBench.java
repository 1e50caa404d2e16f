package io.flywheel.benchmarks.render;

import io.flywheel.config.ConfigLoader;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.model.Arm;
import io.flywheel.render.Providers;
import io.flywheel.render.RenderJob;
import io.flywheel.render.RenderPipeline;
import io.flywheel.render.RenderResult;
import io.flywheel.render.RenderSetup;
import io.flywheel.render.media.ProcessRunner;
import io.flywheel.render.pipeline.RenderEvents;
import io.flywheel.render.pipeline.StageFailure;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.RenditionSpec;
import io.flywheel.schemas.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * bench/render's harness. Renders a ~60 s 9:16 1080x1920 video through the whole pipeline (x264
 * veryfast), then re-encodes the same frames and audio with one plain ffmpeg command (the floor: a
 * decode and an encode, nothing composed) and compares. Then measures one ffmpeg pass producing
 * three renditions against three separate passes, on a shorter video.
 *
 * <p>Usage: RenderBench DATA_DIR [seconds] [compare_seconds]
 */
public final class RenderBench {
    private RenderBench() {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "target/bench-render");
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int compareSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 12;
        FlywheelConfig config =
                ConfigLoader.load(
                        Optional.empty(),
                        Map.of(),
                        Map.of(
                                "data.dir",
                                data.toAbsolutePath().toString(),
                                "render.preset",
                                "veryfast",
                                "render.fps",
                                "30"),
                        data.toAbsolutePath());
        Providers providers = RenderSetup.providers(config, RenderSetup.budget());
        RenderPipeline pipeline = new RenderPipeline(providers, RenderSetup.mediaRoot(config));
        System.out.printf(
                "machine: %d cores, load average %s%n",
                Runtime.getRuntime().availableProcessors(),
                Files.readString(Path.of("/proc/loadavg")).strip());
        System.out.println(
                "ffmpeg: " + providers.ffmpeg().origin() + " " + providers.ffmpeg().ffmpeg());

        // Warm-up: fonts, ffmpeg extraction, JIT; not measured.
        pipeline.run(job(10, List.of(new RenditionSpec("warm", 360, 640))), new StageTimes());

        StageTimes times = new StageTimes();
        RenderResult r;
        long t0 = System.nanoTime();
        double[] c0 = CpuTime.now();
        long peak;
        try (PeakMemory mem = new PeakMemory()) {
            r =
                    pipeline.run(
                            job(seconds, List.of(new RenditionSpec("1080x1920", 1080, 1920))),
                            times);
            peak = mem.peakMb();
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double[] c1 = CpuTime.now();
        double pipelineCpu = (c1[0] - c0[0]) + (c1[1] - c0[1]);
        double videoS = r.durationMs() / 1000.0;
        Path video = RenderSetup.mediaRoot(config).resolve(r.renditions().get(0).uri());

        // The floor: the same frames and audio, decoded and encoded by one plain ffmpeg command.
        Path plain = data.resolve("plain.mp4");
        long p0 = System.nanoTime();
        double plainCpu0 = CpuTime.now()[1];
        ProcessRunner.check(
                List.of(
                        providers.ffmpeg().ffmpeg().toString(),
                        "-hide_banner",
                        "-y",
                        "-i",
                        video.toString(),
                        "-c:v",
                        "libx264",
                        "-preset",
                        "veryfast",
                        "-crf",
                        "23",
                        "-pix_fmt",
                        "yuv420p",
                        "-c:a",
                        "aac",
                        "-b:a",
                        "160k",
                        "-movflags",
                        "+faststart",
                        plain.toString()),
                Duration.ofMinutes(20));
        double plainS = (System.nanoTime() - p0) / 1e9;
        double plainCpu = CpuTime.now()[1] - plainCpu0;
        double assemblyCpu = times.assemblyCpu;
        double assemblyS = times.ms.getOrDefault(Stage.ASSEMBLY, 0L) / 1000.0;

        System.out.printf(
                Locale.ROOT,
                "video: %.1f s 1080x1920 @30fps x264 veryfast, %d KiB, %.1f LUFS%n",
                videoS,
                r.renditions().get(0).bytes() / 1024,
                r.loudnessLufs());
        for (Map.Entry<Stage, Long> e : times.ms.entrySet()) {
            System.out.printf(
                    Locale.ROOT, "  stage %-10s %7.2f s%n", e.getKey(), e.getValue() / 1000.0);
        }
        System.out.printf(
                Locale.ROOT,
                "pipeline wall time: %.2f s (realtime factor %.2fx)%n",
                wall,
                videoS / wall);
        System.out.printf(
                Locale.ROOT,
                "assembly (mix + compose + encode): %.2f s (%.2fx realtime)%n",
                assemblyS,
                videoS / assemblyS);
        System.out.printf(
                Locale.ROOT,
                "plain encode of the same frames and audio: %.2f s (%.2fx realtime)%n",
                plainS,
                videoS / plainS);
        System.out.printf(
                Locale.ROOT,
                "assembly vs plain encode: %.2fx; whole pipeline vs plain encode: %.2fx%n",
                assemblyS / plainS,
                wall / plainS);
        System.out.printf(
                Locale.ROOT,
                "CPU time: assembly %.1f s, plain encode %.1f s (assembly/plain %.2fx);"
                        + " whole pipeline %.1f s (%.2fx plain)%n",
                assemblyCpu,
                plainCpu,
                assemblyCpu / plainCpu,
                pipelineCpu,
                pipelineCpu / plainCpu);
        System.out.printf(
                Locale.ROOT,
                "CPU-bound estimate on 2 idle cores: whole pipeline %.2fx realtime, plain encode"
                        + " %.2fx realtime%n",
                videoS / (pipelineCpu / 2),
                videoS / (plainCpu / 2));
        System.out.printf(
                "peak RSS (JVM + ffmpeg/espeak children, sampled every 50 ms): %d MB%n", peak);

        // One ffmpeg pass for three renditions, against one pass each (measured on the same job).
        List<RenditionSpec> three =
                List.of(
                        new RenditionSpec("9x16", 1080, 1920),
                        new RenditionSpec("16x9", 1920, 1080),
                        new RenditionSpec("1x1", 1080, 1080));
        StageTimes onePass = new StageTimes();
        // The same script for every compare job, so the four renders are the same video.
        String script =
                "Three renditions from one render. The first is tall, for phones held upright. "
                        + "The second is wide, for desktops and televisions.\n\nThe third is square, for feeds. "
                        + "All three share one narration, one music bed and one mix.";
        pipeline.run(job(compareSeconds, three, script), onePass);
        double one = onePass.ms.get(Stage.ASSEMBLY) / 1000.0;
        StageTimes separate = new StageTimes();
        long s0 = System.nanoTime();
        for (RenditionSpec s : three) {
            pipeline.run(job(compareSeconds, List.of(s), script), separate);
        }
        double sep = separate.ms.get(Stage.ASSEMBLY) / 1000.0;
        System.out.printf(
                Locale.ROOT,
                "three renditions (the same %d s script): one ffmpeg pass %.2f s, one pass each %.2f s (ratio %.2f)%n",
                compareSeconds,
                one,
                sep,
                sep / one);
        System.out.printf(
                Locale.ROOT,
                "RESULT realtime_factor=%.2f vs_plain_encode=%.2f peak_rss_mb=%d"
                        + " assembly_cpu_vs_plain=%.2f pipeline_cpu_vs_plain=%.2f"
                        + " cpu_estimate_realtime=%.2f single_pass_gain=%.2f%n",
                videoS / wall,
                assemblyS / plainS,
                peak,
                assemblyCpu / plainCpu,
                pipelineCpu / plainCpu,
                videoS / (pipelineCpu / 2),
                sep / one);
    }

    static RenderJob job(int seconds, List<RenditionSpec> renditions) {
        return job(seconds, renditions, null);
    }

    static RenderJob job(int seconds, List<RenditionSpec> renditions, String script) {
        // One arm, its values in the table's order.
        ContentParameters p =
                Arm.of(
                                List.of(
                                        "YOUTUBE_SHORTS",
                                        "personal-finance",
                                        "STATISTIC",
                                        "MEDIUM",
                                        seconds,
                                        "en-us",
                                        "UPBEAT",
                                        "WORD_HIGHLIGHT",
                                        "GRADIENT",
                                        "EN_US",
                                        18))
                        .toAvro();
        return new RenderJob(
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                p,
                Optional.empty(),
                Optional.ofNullable(script),
                new ArrayList<>(renditions),
                false);
    }

    /** Sums each stage's successful latency. */
    static final class StageTimes implements RenderEvents {
        final Map<Stage, Long> ms = new EnumMap<>(Stage.class);
        double assemblyCpu;
        private double[] assemblyStart;

        @Override
        public void started(Stage stage, String provider, int attempt) {
            if (stage == Stage.ASSEMBLY) {
                assemblyStart = CpuTime.now();
            }
        }

        @Override
        public void completed(
                Stage stage, String provider, int attempt, long latencyMs, long cost) {
            ms.merge(stage, latencyMs, Long::sum);
            if (stage == Stage.ASSEMBLY && assemblyStart != null) {
                double[] end = CpuTime.now();
                assemblyCpu += (end[0] - assemblyStart[0]) + (end[1] - assemblyStart[1]);
            }
        }

        @Override
        public void failed(Stage stage, String provider, int attempt, StageFailure failure) {
            System.out.println(
                    "  " + stage + " failed: " + failure.errorClass() + " " + failure.message());
        }
    }
}
