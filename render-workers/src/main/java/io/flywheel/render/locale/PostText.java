package io.flywheel.render.locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flywheel.render.script.Script;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
        hashtags(script).forEach(tags::add);
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
    }

    /** The script's hashtags as posted: each one word with its '#' (spaces and '#' dropped). */
    public static List<String> hashtags(Script script) {
        List<String> out = new ArrayList<>();
        for (String h : script.hashtags()) {
            String tag = h.replaceAll("[\\s#]+", "");
            if (!tag.isEmpty()) {
                out.add("#" + tag);
            }
        }
        return List.copyOf(out);
    }
}
