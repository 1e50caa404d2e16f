package io.flywheel.render.visuals.stock;

import io.flywheel.config.Secret;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * A stock photo library searched through its official API. Its searches are kept for a day (see
 * {@link SearchCache}); a library says how it asks and what it answers in {@link #fetch}.
 */
public abstract class StockLibrary extends StockApi<StockPhoto> {
    protected StockLibrary(Terms terms, String baseUrl, Secret key, Duration timeout) {
        super(terms, baseUrl, key, timeout);
    }

    /** Its word for the orientation of a frame. */
    protected abstract String orientation(boolean portrait, boolean landscape);

    /** Asks the library for photos matching {@code query} in an orientation, best first. */
    protected abstract List<StockPhoto> fetch(String query, String orientation)
            throws IOException, InterruptedException;

    /** Downloads a photo's file, the smallest the library offers that covers the frame. */
    public abstract byte[] download(StockPhoto photo, int width, int height)
            throws IOException, InterruptedException;

    /** Photos matching {@code query} for a frame of this shape, best first. */
    public final List<StockPhoto> search(String query, boolean portrait, boolean landscape)
            throws IOException, InterruptedException {
        String orientation = orientation(portrait, landscape);
        return cached(orientation + "|" + query, () -> fetch(query, orientation));
    }
}
