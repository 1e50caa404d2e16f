package io.flywheel.render.visuals.stock;

import io.flywheel.config.Secret;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A stock library's official API: who it is, where it answers, its key, and its searches kept for a
 * day (see {@link SearchCache}). {@link StockLibrary} (photos) and {@link ClipLibrary} (videos) say
 * how they ask and what they answer.
 *
 * @param <T> what a search finds
 */
abstract class StockApi<T> {
    /**
     * Who the library is and the licence of its media.
     *
     * @param provider its name in the evidence and the metrics, e.g. {@code pexels}
     * @param version the API and its version, as recorded in the evidence
     * @param licence the licence id of its media, one that the publisher's licence table knows
     * @param licenceName the licence's own name, as the library calls it
     */
    public record Terms(String provider, String version, String licence, String licenceName) {}

    /** One search of the library. */
    interface Search<T> {
        List<T> fetch() throws IOException, InterruptedException;
    }

    private final Terms terms;
    protected final String baseUrl;
    protected final Secret key;
    protected final StockHttp http;
    private final SearchCache<T> cache = new SearchCache<>(Clock.systemUTC());

    StockApi(Terms terms, String baseUrl, Secret key, Duration timeout) {
        this.terms = terms;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.key = key;
        this.http = new StockHttp(timeout);
    }

    public final Terms terms() {
        return terms;
    }

    /** The answer kept for {@code cacheKey}, or the search's, then kept. */
    final List<T> cached(String cacheKey, Search<T> search)
            throws IOException, InterruptedException {
        List<T> cached = cache.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        List<T> found = search.fetch();
        cache.put(cacheKey, found);
        return found;
    }
}
