package io.flywheel.render.narration;

import java.util.List;

/**
 * The narration track and where every phrase and word of it is.
 *
 * @param wavFile the file name of the narration in the job's directory
 */
public record Narration(String wavFile, long durationMs, List<TimedPhrase> phrases) {
    public record TimedPhrase(
            int scene, String text, long startMs, long endMs, List<TimedWord> words) {}

    public record TimedWord(String text, long startMs, long endMs) {}

    /** When a scene's speech starts and ends. */
    public long sceneStartMs(int scene) {
        return phrases.stream()
                .filter(p -> p.scene() == scene)
                .mapToLong(TimedPhrase::startMs)
                .min()
                .orElse(0);
    }
}
