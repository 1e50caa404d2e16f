package io.flywheel.render.visuals.stock;

import io.flywheel.render.pipeline.ProviderException;
import io.flywheel.render.script.Script;
import java.io.IOException;
import java.util.List;

/** A scene's keywords as library searches: the first three together, then the first alone. */
final class KeywordSearch {
    private KeywordSearch() {}

    interface Search<T> {
        List<T> find(String query) throws IOException, InterruptedException;
    }

    /**
     * What the library found for the scene, best first.
     *
     * @throws ProviderException {@code no_match} when the scene has no keywords or nothing matches
     */
    static <T> List<T> find(Script.Scene scene, String provider, String what, Search<T> search)
            throws IOException, InterruptedException {
        List<String> keywords = scene.keywords();
        if (keywords.isEmpty()) {
            throw new ProviderException("no_match", "the scene has no keywords", false);
        }
        List<T> found =
                search.find(String.join(" ", keywords.subList(0, Math.min(3, keywords.size()))));
        if (found.isEmpty() && keywords.size() > 1) {
            found = search.find(keywords.get(0));
        }
        if (found.isEmpty()) {
            throw new ProviderException(
                    "no_match", provider + " has no " + what + " of " + keywords, false);
        }
        return found;
    }
}
