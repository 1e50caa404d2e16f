package io.flywheel.render.script;

import io.flywheel.schemas.HookStyle;
import io.flywheel.schemas.Pacing;
import io.flywheel.schemas.Platform;

/**
 * What a script is asked for.
 *
 * @param seed makes generation repeatable for a job; a regeneration uses a different one
 * @param locale the language to write in, a supported tag (e.g. {@code es-ES})
 */
public record ScriptRequest(
        String niche,
        HookStyle hookStyle,
        Pacing pacing,
        int targetDurationS,
        Platform platform,
        long seed,
        String locale) {

    /** A request for an English (en-US) script. */
    public ScriptRequest(
            String niche,
            HookStyle hookStyle,
            Pacing pacing,
            int targetDurationS,
            Platform platform,
            long seed) {
        this(niche, hookStyle, pacing, targetDurationS, platform, seed, "en-US");
    }

    /** Speech rate the narration uses for this pacing, in words per minute. */
    public static int wordsPerMinute(Pacing pacing) {
        return switch (pacing) {
            case SLOW -> 140;
            case FAST -> 195;
            default -> 165;
        };
    }

    /** About how many words fit the target duration at this pacing, pauses included. */
    public int wordBudget() {
        return (int) Math.round(targetDurationS * wordsPerMinute(pacing) / 60.0 * 0.85);
    }
}
