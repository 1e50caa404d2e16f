package io.flywheel.render.visuals.stock;

import com.fasterxml.jackson.databind.JsonNode;
import io.flywheel.config.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pexels photos through its API ({@code GET /v1/search}, the key in the {@code Authorization}
 * header). The photo's {@code width} and {@code height} are its original's; the file downloaded is
 * {@code src.large2x} (at most 1880x1300) when that covers the frame, else {@code src.original}.
 * Photos are under the Pexels License: free to use, attribution appreciated (recorded as evidence).
 */
public final class PexelsLibrary extends StockLibrary {
    /** {@code large2x}: the photo scaled to fit 940x650 at twice the density. */
    static final int LARGE2X_W = 1880;

    static final int LARGE2X_H = 1300;

    public PexelsLibrary(String baseUrl, Secret key, Duration timeout) {
        super(
                new Terms("pexels", "Pexels API v1", "LicenseRef-Pexels", "Pexels License"),
                baseUrl,
                key,
                timeout);
    }

    @Override
    protected String orientation(boolean portrait, boolean landscape) {
        return portrait ? "portrait" : landscape ? "landscape" : "square";
    }

    @Override
    protected List<StockPhoto> fetch(String query, String orientation)
            throws IOException, InterruptedException {
        URI uri =
                URI.create(
                        baseUrl
                                + "/v1/search?query="
                                + URLEncoder.encode(query, StandardCharsets.UTF_8)
                                + "&orientation="
                                + orientation
                                + "&per_page=15");
        JsonNode answer = http.getJson(uri, Map.of("Authorization", key.reveal()));
        List<StockPhoto> out = new ArrayList<>();
        for (JsonNode p : answer.path("photos")) {
            int w = p.path("width").asInt(0);
            int h = p.path("height").asInt(0);
            String original = p.path("src").path("original").asText("");
            if (w <= 0 || h <= 0 || original.isEmpty()) {
                continue;
            }
            out.add(
                    new StockPhoto(
                            p.path("id").asText(),
                            p.path("photographer").asText(""),
                            p.path("photographer_url").asText(""),
                            p.path("url").asText(""),
                            original,
                            w,
                            h,
                            p.path("src").path("large2x").asText("")));
        }
        return out;
    }

    /**
     * The file to fetch for a frame of {@code width x height}: {@code large2x} when its size covers
     * the frame, else the original.
     */
    static String fileFor(StockPhoto p, int width, int height) {
        double k =
                Math.min(
                        1.0,
                        Math.min((double) LARGE2X_W / p.width(), (double) LARGE2X_H / p.height()));
        boolean covers = p.width() * k >= width && p.height() * k >= height;
        return covers && !p.smallerUrl().isEmpty() ? p.smallerUrl() : p.downloadUrl();
    }

    @Override
    public byte[] download(StockPhoto photo, int width, int height)
            throws IOException, InterruptedException {
        // The files are on Pexels' image host, which takes no key.
        return http.get(URI.create(fileFor(photo, width, height)), Map.of());
    }
}
