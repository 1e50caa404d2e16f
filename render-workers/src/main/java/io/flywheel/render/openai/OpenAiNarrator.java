package io.flywheel.render.openai;

import io.flywheel.render.narration.Narration;
import io.flywheel.render.narration.Narrator;
import io.flywheel.render.narration.PhraseAssembler;
import io.flywheel.render.narration.Phrases;
import io.flywheel.render.pipeline.StageRunner;
import io.flywheel.schemas.Pacing;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Narration from an OpenAI-compatible {@code /audio/speech} endpoint, phrase by phrase as WAV, so
 * phrase timings are exact here too.
 */
public final class OpenAiNarrator implements Narrator {
    /** Cost estimate per character in micro-USD (15 USD per million characters). */
    static final long MICRO_USD_PER_CHAR = 15;

    private static final Set<String> VOICES =
            Set.of(
                    "alloy", "ash", "ballad", "coral", "echo", "fable", "nova", "onyx", "sage",
                    "shimmer", "verse");
    private final OpenAiClient client;
    private final String model;

    public OpenAiNarrator(OpenAiClient client, String model) {
        this.client = client;
        this.model = model;
    }

    @Override
    public String provider() {
        return "openai-tts";
    }

    @Override
    public io.flywheel.render.evidence.Provenance provenance() {
        return new io.flywheel.render.evidence.Provenance(
                provider(), model, io.flywheel.render.evidence.Provenance.OPENAI_TERMS);
    }

    @Override
    public boolean paid() {
        return true;
    }

    @Override
    public StageRunner.Costed<Narration> narrate(
            List<Phrases.Phrase> phrases, String voice, Pacing pacing, Path dir) throws Exception {
        PhraseAssembler assembler = new PhraseAssembler();
        String v = VOICES.contains(voice) ? voice : "alloy";
        double speed = pacing == Pacing.SLOW ? 0.9 : pacing == Pacing.FAST ? 1.15 : 1.0;
        long chars = 0;
        for (Phrases.Phrase p : phrases) {
            byte[] wav =
                    client.post(
                            "/audio/speech",
                            Map.of(
                                    "model",
                                    model,
                                    "input",
                                    p.text(),
                                    "voice",
                                    v,
                                    "response_format",
                                    "wav",
                                    "speed",
                                    speed));
            chars += p.text().length();
            assembler.add(p, wav);
        }
        return new StageRunner.Costed<>(
                assembler.write(dir, "narration.wav"), chars * MICRO_USD_PER_CHAR);
    }
}
