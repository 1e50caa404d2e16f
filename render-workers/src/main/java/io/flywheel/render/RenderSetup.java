package io.flywheel.render;

import io.flywheel.config.ConfigException;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.config.RenderSettings;
import io.flywheel.render.media.FfmpegBinaries;
import io.flywheel.render.moderation.ContentModerator;
import io.flywheel.render.narration.EspeakNarrator;
import io.flywheel.render.narration.FreeTtsNarrator;
import io.flywheel.render.narration.Narrator;
import io.flywheel.render.openai.OpenAiClient;
import io.flywheel.render.openai.OpenAiImages;
import io.flywheel.render.openai.OpenAiNarrator;
import io.flywheel.render.openai.OpenAiScriptGenerator;
import io.flywheel.render.pipeline.BudgetGate;
import io.flywheel.render.pipeline.StageRetries;
import io.flywheel.render.script.TemplateScriptGenerator;
import io.flywheel.render.visuals.MediaLibraryImages;
import io.flywheel.render.visuals.ProceduralSceneImages;
import io.flywheel.render.visuals.SceneImages;
import io.flywheel.render.visuals.stock.PexelsLibrary;
import io.flywheel.render.visuals.stock.PexelsVideoLibrary;
import io.flywheel.render.visuals.stock.PixabayLibrary;
import io.flywheel.render.visuals.stock.PixabayVideoLibrary;
import io.flywheel.render.visuals.stock.StockSceneClips;
import io.flywheel.render.visuals.stock.StockSceneImages;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds the providers of a worker or of a one-off render from the configuration. */
public final class RenderSetup {
    private RenderSetup() {}

    /** Where media lives: {@code <data dir>/media}. */
    public static Path mediaRoot(FlywheelConfig config) {
        return config.dataPath("media");
    }

    public static Providers providers(FlywheelConfig config, BudgetGate budget) {
        RenderSettings r = config.render();
        try {
            // The worker renders each job's own language; a misspelt channel still stops it here.
            new io.flywheel.model.ChannelLocales(r.locales());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        FfmpegBinaries ffmpeg =
                FfmpegSelection.locate(r.ffmpegPath(), config.dataPath("cache", "javacpp"));
        Narrator offline =
                switch (r.ttsEngine()) {
                    case "freetts" -> new FreeTtsNarrator();
                    default ->
                            EspeakNarrator.find()
                                    .<Narrator>map(EspeakNarrator::new)
                                    .orElseGet(FreeTtsNarrator::new);
                };
        Optional<OpenAiClient> api =
                r.openAiConfigured()
                        ? Optional.of(
                                new OpenAiClient(
                                        r.openAiBaseUrl(),
                                        r.openAiApiKey(),
                                        Duration.ofSeconds(r.providerTimeoutS())))
                        : Optional.empty();
        return new Providers(
                new TemplateScriptGenerator(),
                api.map(c -> new OpenAiScriptGenerator(c, r.chatModel())),
                new ContentModerator(),
                offline,
                api.filter(c -> r.ttsEngine().equals("openai") || r.ttsEngine().equals("auto"))
                        .map(c -> new OpenAiNarrator(c, r.ttsModel())),
                new ProceduralSceneImages(),
                r.mediaLibraryDir().map(MediaLibraryImages::new),
                stock(r, ffmpeg, config.dataPath("cache", "stock-video")),
                api.map(c -> new OpenAiImages(c, r.imageModel())),
                r.musicDir(),
                ffmpeg,
                r.fps(),
                r.preset(),
                StageRetries.standard(r.maxAttempts()),
                r.maxRegenerations(),
                budget,
                Providers.newBreakers());
    }

    /**
     * The stock libraries whose key is configured: Pexels, then Pixabay; with {@code
     * render.stock.media=video} their videos first, then their photos.
     *
     * @param clipCache where downloaded clips are kept, by library and id
     */
    static List<SceneImages> stock(RenderSettings r, FfmpegBinaries ffmpeg, Path clipCache) {
        Duration timeout = Duration.ofSeconds(r.providerTimeoutS());
        List<SceneImages> out = new ArrayList<>();
        if (r.stockVideo()) {
            Duration deadline = Duration.ofSeconds(r.stockVideoDeadlineS());
            if (!r.pexelsApiKey().isEmpty()) {
                out.add(
                        new StockSceneClips(
                                new PexelsVideoLibrary(r.pexelsUrl(), r.pexelsApiKey(), timeout),
                                ffmpeg,
                                clipCache,
                                r.stockVideoMaxBytes(),
                                deadline));
            }
            if (!r.pixabayApiKey().isEmpty()) {
                out.add(
                        new StockSceneClips(
                                new PixabayVideoLibrary(r.pixabayUrl(), r.pixabayApiKey(), timeout),
                                ffmpeg,
                                clipCache,
                                r.stockVideoMaxBytes(),
                                deadline));
            }
        }
        if (!r.pexelsApiKey().isEmpty()) {
            out.add(
                    new StockSceneImages(
                            new PexelsLibrary(r.pexelsUrl(), r.pexelsApiKey(), timeout)));
        }
        if (!r.pixabayApiKey().isEmpty()) {
            out.add(
                    new StockSceneImages(
                            new PixabayLibrary(r.pixabayUrl(), r.pixabayApiKey(), timeout)));
        }
        return List.copyOf(out);
    }

    public static BudgetGate budget() {
        return new BudgetGate(Clock.systemUTC());
    }
}
