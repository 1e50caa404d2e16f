package io.flywheel.render.visuals.stock;

import io.flywheel.config.Secret;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A stock video library searched through its official API. Its searches are kept for a day (see
 * {@link SearchCache}); a library says how it asks and what it answers in {@link #fetch}.
 */
public abstract class ClipLibrary extends StockApi<StockClip> {
    protected ClipLibrary(Terms terms, String baseUrl, Secret key, Duration timeout) {
        super(terms, baseUrl, key, timeout);
    }

    /**
     * Asks the library for videos matching {@code query} for a frame of {@code width x height},
     * best first, with their MP4 files.
     */
    protected abstract List<StockClip> fetch(String query, int width, int height)
            throws IOException, InterruptedException;

    /** Videos matching {@code query} for a frame of this size, best first. */
    public final List<StockClip> search(String query, int width, int height)
            throws IOException, InterruptedException {
        return cached(width + "x" + height + "|" + query, () -> fetch(query, width, height));
    }

    /**
     * Downloads a file of a video to {@code target}: at most {@code maxBytes} within {@code
     * deadline}. The files are on the libraries' content hosts, which take no key.
     */
    public void download(StockClip.File file, Path target, long maxBytes, Duration deadline)
            throws IOException, InterruptedException {
        http.download(URI.create(file.url()), Map.of(), target, maxBytes, deadline);
    }
}
