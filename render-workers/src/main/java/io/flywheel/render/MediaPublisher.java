package io.flywheel.render;

import io.flywheel.storage.ObjectStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts a finished render's files (renditions, thumbnails, captions) into the object store under
 * {@code media/<uri>}, where the API serves them from. With the data directory as the store the
 * files already are there (the media root is {@code <data dir>/media}) and nothing is copied.
 */
public final class MediaPublisher {
    /** The key prefix of rendered media. */
    public static final String PREFIX = "media/";

    private final ObjectStore store;
    private final Path mediaRoot;

    public MediaPublisher(ObjectStore store, Path mediaRoot) {
        this.store = store;
        this.mediaRoot = mediaRoot.toAbsolutePath().normalize();
    }

    /** The keys of a result's files, renditions first. */
    public static List<String> keys(RenderResult r) {
        List<String> uris = new ArrayList<>();
        r.renditions().forEach(o -> uris.add(o.uri()));
        uris.addAll(r.thumbnailUris());
        uris.add(r.captionsSrtUri());
        uris.add(r.captionsVttUri());
        return uris.stream().map(u -> PREFIX + u).toList();
    }

    /** Stores every file of the result (again, on a redelivery: a put replaces). */
    public int publish(RenderResult r) throws IOException {
        List<String> keys = keys(r);
        for (String key : keys) {
            store.put(key, mediaRoot.resolve(key.substring(PREFIX.length())));
        }
        return keys.size();
    }

    @Override
    public String toString() {
        return store.toString();
    }
}
