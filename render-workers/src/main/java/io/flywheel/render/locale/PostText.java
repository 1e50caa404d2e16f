package io.flywheel.render.locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flywheel.render.script.Script;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The words a post goes out with, in the video's language: its title and hashtags, written beside
 * the captions as {@code post.<locale>.json} ({@code {"locale", "title", "hashtags"}}), each
 * hashtag with its '#'.
 */
public final class PostText {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PostText() {}

    public static String fileName(ContentLocale locale) {
        return "post." + locale.tag() + ".json";
    }

    public static void write(Path file, ContentLocale locale, Script script) throws IOException {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("locale", locale.tag());
        doc.put("title", script.title());
        var tags = doc.putArray("hashtags");
        for (String h : script.hashtags()) {
            // A hashtag is one word: spaces and '#' inside it are dropped.
            String tag = h.replaceAll("[\\s#]+", "");
            if (!tag.isEmpty()) {
                tags.add("#" + tag);
            }
        }
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
    }
}
