package io.flywheel.render;

import io.flywheel.config.FlywheelConfig;
import io.flywheel.render.media.ProcessRunner;
import io.flywheel.render.pipeline.RenderEvents;
import io.flywheel.render.visuals.stock.FakeStock;
import io.flywheel.render.worker.RenderMetrics;
import io.flywheel.schemas.CaptionStyle;
import io.flywheel.schemas.MusicMood;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.RenditionSpec;
import io.flywheel.store.AssetEvidence;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** What the stock photo and video tests share: keys, a photo, the render and what they read. */
final class StockRenders {
    private StockRenders() {}

    static final String SCRIPT =
            "Money habits start small.\n\nSave a little every week.\n\nWatch your budget grow.";

    /**
     * Both libraries keyed at {@code stock}, with a request timeout long enough for a loaded
     * machine.
     */
    static Map<String, String> keys(FakeStock stock) {
        return keys(stock, 10);
    }

    /** A request timeout of {@link #LATE_TIMEOUT_S}, which {@link #LATE_MS} is far past. */
    static Map<String, String> keysForLateAnswers(FakeStock stock) {
        return keys(stock, LATE_TIMEOUT_S);
    }

    static final int LATE_TIMEOUT_S = 3;
    static final long LATE_MS = 8_000;

    private static Map<String, String> keys(FakeStock stock, int timeoutS) {
        Map<String, String> m = new HashMap<>();
        m.put("render.pexels.url", stock.url());
        m.put("render.pexels.api.key", FakeStock.PEXELS_KEY);
        m.put("render.pixabay.url", stock.url());
        m.put("render.pixabay.api.key", FakeStock.PIXABAY_KEY);
        m.put("render.provider.timeout.s", Integer.toString(timeoutS));
        return m;
    }

    /** A real 480x800 JPEG (ffmpeg's test pattern) in {@code dir}. */
    static Path photo(Providers providers, Path dir) {
        Path jpeg = dir.resolve("mountain.jpg");
        ProcessRunner.check(
                List.of(
                        providers.ffmpeg().ffmpeg().toString(),
                        "-v",
                        "error",
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc2=size=480x800:rate=1",
                        "-frames:v",
                        "1",
                        "-q:v",
                        "3",
                        jpeg.toString()),
                Duration.ofMinutes(1));
        return jpeg;
    }

    /** A preview TikTok video of {@link #SCRIPT} at 360x640. */
    static RenderResult render(Providers providers, FlywheelConfig config, RenderEvents events)
            throws Exception {
        RenderJob job =
                new RenderJob(
                        UUID.randomUUID().toString(),
                        UUID.randomUUID().toString(),
                        TestJobs.params(Platform.TIKTOK, 8, CaptionStyle.SENTENCE, MusicMood.NONE),
                        Optional.of("Small habits, big savings"),
                        Optional.of(SCRIPT),
                        List.of(new RenditionSpec("v", 360, 640)),
                        true);
        return new RenderPipeline(providers, RenderSetup.mediaRoot(config)).run(job, events);
    }

    /** The render, its events recorded in {@code events} and its metrics in {@code registry}. */
    static RenderResult render(
            Providers providers,
            FlywheelConfig config,
            RecordedEvents events,
            SimpleMeterRegistry registry)
            throws Exception {
        return render(providers, config, RenderEvents.both(events, new RenderMetrics(registry, 0)));
    }

    static List<AssetEvidence> images(RenderResult r) {
        return r.evidence().stream().filter(e -> e.kind().equals("image")).toList();
    }

    /** The visuals fallbacks counted for a provider and reason. */
    static double fallbacks(SimpleMeterRegistry registry, String provider, String reason) {
        Counter c =
                registry.find("flywheel.render.provider.fallbacks")
                        .tag("provider", provider)
                        .tag("reason", reason)
                        .counter();
        return c == null ? 0 : c.count();
    }
}
