package io.flywheel.render.script;

import java.util.List;

/**
 * What the video says: a title, and scenes in order (the first is the hook). Each scene's keywords
 * and mood drive its picture.
 *
 * @param aiGenerated whether a generator wrote it (platform policy: disclose synthetic content)
 * @param hashtags tags for the post's description, in the script's language (without '#')
 */
public record Script(String title, List<Scene> scenes, boolean aiGenerated, List<String> hashtags) {
    public Script {
        hashtags = hashtags == null ? List.of() : List.copyOf(hashtags);
    }

    public Script(String title, List<Scene> scenes, boolean aiGenerated) {
        this(title, scenes, aiGenerated, List.of());
    }

    /**
     * @param keywords English words that choose the scene's picture and icon
     * @param label the word drawn on the picture, in the script's language; null: the first keyword
     */
    public record Scene(String text, List<String> keywords, String mood, String label) {
        public Scene(String text, List<String> keywords, String mood) {
            this(text, keywords, mood, null);
        }

        /** The word the picture shows. */
        public String shownWord() {
            return label != null && !label.isBlank()
                    ? label
                    : keywords.isEmpty() ? "" : keywords.get(0);
        }
    }

    public String fullText() {
        StringBuilder sb = new StringBuilder();
        for (Scene s : scenes) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(s.text());
        }
        return sb.toString();
    }

    /** Its length in spoken words (Japanese, written without spaces, by its characters). */
    public int wordCount() {
        return io.flywheel.render.locale.ContentLocale.spokenWords(fullText());
    }
}
