package io.flywheel.render.script;

import io.flywheel.render.text.TextPainter;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.MusicMood;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A script the user wrote: paragraphs (separated by blank lines) become scenes, or groups of two
 * sentences when there is a single paragraph. Keywords are the scene's longest uncommon words. The
 * text is kept as written: it is only ever spoken, written to caption files and drawn.
 */
public final class UserScript {
    private static final Set<String> STOP =
            Set.of(
                    "this", "that", "with", "from", "your", "have", "what", "when", "there",
                    "their", "about", "would", "could", "should", "which", "these", "those", "they",
                    "them", "then", "than", "into", "just", "will");

    private UserScript() {}

    /** About ten minutes of speech: longer scripts are refused rather than rendered for ages. */
    static final int MAX_CHARS = 8000;

    public static Script parse(String text, Optional<String> title, ContentParameters p) {
        if (text.length() > MAX_CHARS) {
            throw new IllegalArgumentException(
                    "the script has " + text.length() + " characters; at most " + MAX_CHARS);
        }
        String normalised = text.replace("\r\n", "\n").replace('\r', '\n');
        List<String> paragraphs = new ArrayList<>();
        for (String para : normalised.split("\n\\s*\n")) {
            String t = TextPainter.clean(para);
            if (!t.isEmpty()) {
                paragraphs.add(t);
            }
        }
        if (paragraphs.size() == 1) {
            String[] sentences = paragraphs.get(0).split("(?<=[.!?。！？])\\s+");
            paragraphs.clear();
            for (int i = 0; i < sentences.length; i += 2) {
                paragraphs.add(
                        i + 1 < sentences.length
                                ? sentences[i] + " " + sentences[i + 1]
                                : sentences[i]);
            }
        }
        if (paragraphs.isEmpty()) {
            throw new IllegalArgumentException("the script has no words");
        }
        String mood = mood(p.getMusicMood());
        List<Script.Scene> scenes = new ArrayList<>();
        for (String para : paragraphs) {
            scenes.add(new Script.Scene(para, keywords(para), mood));
        }
        String t =
                title.map(TextPainter::clean)
                        .filter(s -> !s.isEmpty())
                        .orElseGet(() -> firstWords(paragraphs.get(0), 8));
        return new Script(t, List.copyOf(scenes), false);
    }

    static List<String> keywords(String text) {
        Set<String> words = new LinkedHashSet<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (w.codePointCount(0, w.length()) >= 4 && !STOP.contains(w)) {
                words.add(w);
            }
        }
        return words.stream()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .limit(4)
                .toList();
    }

    private static String mood(MusicMood m) {
        return switch (m) {
            case UPBEAT -> "upbeat";
            case DRAMATIC -> "dramatic";
            case LOFI -> "lofi";
            default -> "calm";
        };
    }

    private static String firstWords(String s, int n) {
        String[] w = s.split(" ");
        return String.join(" ", java.util.Arrays.copyOf(w, Math.min(n, w.length)));
    }
}
