package io.flywheel.render.narration;

import io.flywheel.render.locale.ContentLocale;
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
        // Newlines and other control characters are spacing here, never structure. Japanese has
        // no spaces: its clauses end at its own punctuation, which splits it into words here.
        String[] words =
                text.replaceAll("[\\p{Cntrl}\\s]+", " ")
                        .replaceAll("([。！？、，；：])(?=\\S)", "$1 ")
                        .strip()
                        .split(" ");
        List<String> clause = new ArrayList<>();
        for (String w : words) {
            if (w.isEmpty()) {
                continue;
            }
            clause.add(w);
            boolean end = w.matches(".*[.!?…。！？؟।]['\"”’)」』]*$");
            boolean pause = w.matches(".*[,;:，、；：،؛]$");
            if (end || (pause && clause.size() >= 2)) {
                balanced(scene, clause, end, out);
                clause.clear();
            }
        }
        if (!clause.isEmpty()) {
            balanced(scene, clause, true, out);
        }
    }

    /** Words joined by spaces, except between two Japanese ones (written without them). */
    static String join(List<String> words) {
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            if (sb.length() > 0
                    && !(ContentLocale.isCjk(sb.codePointBefore(sb.length()))
                            && ContentLocale.isCjk(w.codePointAt(0)))) {
                sb.append(' ');
            }
            sb.append(w);
        }
        return sb.toString();
    }

    /** A clause in near-equal chunks of at most MAX_WORDS, so no one-word orphan is left. */
    private static void balanced(int scene, List<String> clause, boolean end, List<Phrase> out) {
        int chunks = (clause.size() + MAX_WORDS - 1) / MAX_WORDS;
        int from = 0;
        for (int c = 0; c < chunks; c++) {
            int to = from + (clause.size() - from + (chunks - c) - 1) / (chunks - c);
            out.add(new Phrase(scene, join(clause.subList(from, to)), end && c == chunks - 1));
            from = to;
        }
    }
}
