package io.flywheel.render;

import io.flywheel.render.media.FfmpegBinaries;
import io.flywheel.render.moderation.ContentModerator;
import io.flywheel.render.narration.Narrator;
import io.flywheel.render.pipeline.BudgetGate;
import io.flywheel.render.pipeline.StageBreakers;
import io.flywheel.render.script.ScriptGenerator;
import io.flywheel.render.visuals.SceneImages;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryConfig;
import java.util.List;
import java.util.Optional;

/**
 * The implementations a worker uses for each stage, and the state shared by its jobs: one circuit
 * breaker per provider and the budget gate. A paid provider is used only while the gate is open;
 * otherwise the offline one is.
 *
 * @param paidScript e.g. an OpenAI-compatible chat endpoint, when configured
 * @param library the user's media folder, used before the procedural pictures when it has a match
 * @param stock stock libraries with a configured key (Pexels, Pixabay; their videos first with
 *     {@code render.stock.media=video}), tried in order after the media folder; a scene none of
 *     them can serve gets the next provider's picture
 */
public record Providers(
        ScriptGenerator offlineScript,
        Optional<ScriptGenerator> paidScript,
        ContentModerator moderator,
        Narrator offlineNarrator,
        Optional<Narrator> paidNarrator,
        SceneImages offlineImages,
        Optional<SceneImages> library,
        List<SceneImages> stock,
        Optional<SceneImages> paidImages,
        Optional<java.nio.file.Path> musicDir,
        FfmpegBinaries ffmpeg,
        int fps,
        String preset,
        RetryConfig retry,
        int maxRegenerations,
        BudgetGate budget,
        CircuitBreakerRegistry breakers) {

    /**
     * The narrator for a locale: one whose voice speaks it. FreeTTS speaks only English, and
     * espeak-ng 1.51 reads Japanese kanji as letter names: such a job takes the OpenAI-compatible
     * TTS while the budget allows it, and otherwise fails with the reason (rendering it with a
     * voice that cannot say it would publish noise).
     */
    public Narrator narrator(io.flywheel.render.locale.ContentLocale locale)
            throws io.flywheel.render.pipeline.ProviderException {
        Narrator n = narrator();
        boolean speaks =
                locale.isDefault()
                        || n.paid()
                        || n.provider().equals("espeak-ng") && locale.espeakSpeaks();
        if (speaks) {
            return n;
        }
        Optional<Narrator> paid = paidNarrator.filter(p -> budget.paidAllowed());
        if (paid.isPresent()) {
            return paid.get();
        }
        throw new io.flywheel.render.pipeline.ProviderException(
                "no_voice_for_locale",
                locale.tag()
                        + (n.provider().equals("espeak-ng")
                                ? " needs the OpenAI-compatible TTS (render.openai.base.url,"
                                        + " render.tts.engine openai or auto, and budget left):"
                                        + " espeak-ng 1.51 reads Japanese kanji as letter names"
                                : " needs espeak-ng (apt-get install espeak-ng) or the"
                                        + " OpenAI-compatible TTS: "
                                        + n.provider()
                                        + " speaks only English"),
                false);
    }

    public CircuitBreaker breaker(String provider) {
        return breakers.circuitBreaker(provider);
    }

    public static CircuitBreakerRegistry newBreakers() {
        return StageBreakers.standard();
    }

    public ScriptGenerator script() {
        return paidScript.filter(p -> budget.paidAllowed()).orElse(offlineScript);
    }

    public Narrator narrator() {
        return paidNarrator.filter(p -> budget.paidAllowed()).orElse(offlineNarrator);
    }

    public SceneImages images() {
        return paidImages.filter(p -> budget.paidAllowed()).orElse(offlineImages);
    }
}
