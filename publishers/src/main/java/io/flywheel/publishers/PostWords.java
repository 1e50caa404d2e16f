package io.flywheel.publishers;

import io.flywheel.schemas.VideoRendered;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The words a video is posted with, from its {@code VideoRendered}: the title, a description of the
 * title and the hashtags (in the video's language, as the render wrote them to {@code
 * post.<locale>.json}) with {@code #Shorts}, and tags of the niche, {@code shorts} and each hashtag
 * without its '#'.
 */
public final class PostWords {
    private PostWords() {}

    public static String description(VideoRendered v) {
        Set<String> tags = new LinkedHashSet<>(v.getHashtags());
        tags.add("#Shorts");
        return v.getTitle() + "\n\n" + String.join(" ", tags);
    }

    public static List<String> tags(VideoRendered v, String niche) {
        Set<String> out = new LinkedHashSet<>(List.of(niche, "shorts"));
        for (String h : v.getHashtags()) {
            String t = h.startsWith("#") ? h.substring(1) : h;
            if (!t.isBlank()) {
                out.add(t);
            }
        }
        return new ArrayList<>(out);
    }
}
