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
 * Pixabay photos through its API ({@code GET /api/?key=…&q=…}). The file downloaded is {@code
 * largeImageURL}, the photo scaled to at most 1280 pixels on its longest side; its size is computed
 * from {@code imageWidth} and {@code imageHeight}. Pixabay forbids permanent hotlinking: the file
 * is copied into the job. Photos are under the Pixabay Content License.
 */
public final class PixabayLibrary extends StockLibrary {
    /** {@code largeImageURL}'s longest side. */
    static final int LARGE_SIDE = 1280;

    public PixabayLibrary(String baseUrl, Secret key, Duration timeout) {
        super(
                new Terms(
                        "pixabay", "Pixabay API", "LicenseRef-Pixabay", "Pixabay Content License"),
                baseUrl,
                key,
                timeout);
    }

    @Override
    protected String orientation(boolean portrait, boolean landscape) {
        return portrait ? "vertical" : landscape ? "horizontal" : "all";
    }

    @Override
    protected List<StockPhoto> fetch(String query, String orientation)
            throws IOException, InterruptedException {
        // Pixabay takes at most 100 characters of query.
        String q = query.length() > 100 ? query.substring(0, 100) : query;
        URI uri =
                URI.create(
                        baseUrl
                                + "/api/?key="
                                + URLEncoder.encode(key.reveal(), StandardCharsets.UTF_8)
                                + "&q="
                                + URLEncoder.encode(q, StandardCharsets.UTF_8)
                                + "&image_type=photo&orientation="
                                + orientation
                                + "&safesearch=true&per_page=20");
        JsonNode answer = http.getJson(uri, Map.of());
        List<StockPhoto> out = new ArrayList<>();
        for (JsonNode p : answer.path("hits")) {
            int w = p.path("imageWidth").asInt(0);
            int h = p.path("imageHeight").asInt(0);
            String large = p.path("largeImageURL").asText("");
            if (w <= 0 || h <= 0 || large.isEmpty()) {
                continue;
            }
            double k = Math.min(1.0, (double) LARGE_SIDE / Math.max(w, h));
            String user = p.path("user").asText("");
            String userId = p.path("user_id").asText("");
            out.add(
                    new StockPhoto(
                            p.path("id").asText(),
                            user,
                            userPage(user, userId),
                            p.path("pageURL").asText(""),
                            large,
                            (int) Math.round(w * k),
                            (int) Math.round(h * k),
                            ""));
        }
        return out;
    }

    /** An uploader's page on Pixabay, or empty when the answer does not name them. */
    static String userPage(String user, String userId) {
        return user.isEmpty() || userId.isEmpty()
                ? ""
                : "https://pixabay.com/users/" + user + "-" + userId + "/";
    }

    @Override
    public byte[] download(StockPhoto photo, int width, int height)
            throws IOException, InterruptedException {
        return http.get(URI.create(photo.downloadUrl()), Map.of());
    }
}
