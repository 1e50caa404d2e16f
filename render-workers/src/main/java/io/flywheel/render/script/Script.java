package io.flywheel.render.script;

import java.util.List;

/**
 * What the video says: a title, and scenes in order (the first is the hook). Each scene's keywords
 * and mood drive its picture.
 *
 * @param aiGenerated whether a generator wrote it (platform policy: disclose synthetic content)
 */
public record Script(String title, List<Scene> scenes, boolean aiGenerated) {
    public record Scene(String text, List<String> keywords, String mood) {}

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

    public int wordCount() {
        String t = fullText().strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }
}
