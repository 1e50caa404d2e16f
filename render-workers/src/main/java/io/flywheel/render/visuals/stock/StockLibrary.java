package io.flywheel.render.visuals.stock;

import io.flywheel.config.Secret;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A stock photo library searched through its official API. Its searches are kept for a day (see
 * {@link SearchCache}); a library says how it asks and what it answers in {@link #fetch}.
 */
public abstract class StockLibrary {
    /**
     * Who the library is and the licence of its photos.
     *
     * @param provider its name in the evidence and the metrics, e.g. {@code pexels}
     * @param version the API and its version, as recorded in the evidence
     * @param licence the licence id of its photos, one that the publisher's licence table knows
     * @param licenceName the licence's own name, as the library calls it
     */
    public record Terms(String provider, String version, String licence, String licenceName) {}

    private final Terms terms;
    protected final String baseUrl;
    protected final Secret key;
    protected final StockHttp http;
    private final SearchCache<StockPhoto> cache = new SearchCache<>(Clock.systemUTC());

    protected StockLibrary(Terms terms, String baseUrl, Secret key, Duration timeout) {
        this.terms = terms;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.key = key;
        this.http = new StockHttp(timeout);
    }

    public final Terms terms() {
        return terms;
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
        String cacheKey = orientation + "|" + query;
        List<StockPhoto> cached = cache.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        List<StockPhoto> found = fetch(query, orientation);
        cache.put(cacheKey, found);
        return found;
    }
}
