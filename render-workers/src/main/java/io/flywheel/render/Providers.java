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
import java.util.Optional;

/**
 * The implementations a worker uses for each stage, and the state shared by its jobs: one circuit
 * breaker per provider and the budget gate. A paid provider is used only while the gate is open;
 * otherwise the offline one is.
 *
 * @param paidScript e.g. an OpenAI-compatible chat endpoint, when configured
 * @param library the user's media folder, used before the procedural pictures when it has a match
 * @param stock stock photo libraries with a configured key (Pexels, Pixabay), tried in order after
 *     the media folder; a scene none of them can serve gets the next provider's picture
 */
public record Providers(
        ScriptGenerator offlineScript,
        Optional<ScriptGenerator> paidScript,
        ContentModerator moderator,
        Narrator offlineNarrator,
        Optional<Narrator> paidNarrator,
        SceneImages offlineImages,
        Optional<SceneImages> library,
        java.util.List<SceneImages> stock,
        Optional<SceneImages> paidImages,
        Optional<java.nio.file.Path> musicDir,
        FfmpegBinaries ffmpeg,
        int fps,
        String preset,
        RetryConfig retry,
        int maxRegenerations,
        BudgetGate budget,
        CircuitBreakerRegistry breakers) {

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
