package io.flywheel.render.narration;

import io.flywheel.render.script.Script;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a script into caption-sized phrases: at sentence ends and commas, and so that no phrase
 * has more than a handful of words. Each phrase is synthesised on its own, so its start and end in
 * the narration are known exactly.
 */
public final class Phrases {
    public record Phrase(int scene, String text, boolean sentenceEnd) {}

    static final int MAX_WORDS = 6;

    private Phrases() {}

    public static List<Phrase> of(Script script) {
        List<Phrase> out = new ArrayList<>();
        for (int s = 0; s < script.scenes().size(); s++) {
            split(s, script.scenes().get(s).text(), out);
        }
        return out;
    }

    static void split(int scene, String text, List<Phrase> out) {
        // Newlines and other control characters are spacing here, never structure.
        String[] words = text.replaceAll("[\\p{Cntrl}\\s]+", " ").strip().split(" ");
        List<String> cur = new ArrayList<>();
        for (String w : words) {
            if (w.isEmpty()) {
                continue;
            }
            cur.add(w);
            boolean end = w.matches(".*[.!?…。！？]['\"”’)]*$");
            boolean pause = w.matches(".*[,;:，、；：]$");
            if (end || (pause && cur.size() >= 2) || cur.size() >= MAX_WORDS) {
                out.add(new Phrase(scene, String.join(" ", cur), end));
                cur.clear();
            }
        }
        if (!cur.isEmpty()) {
            out.add(new Phrase(scene, String.join(" ", cur), true));
        }
    }
}
