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
 * Pixabay videos through its API ({@code GET /api/videos/?key=…&q=…}). Each hit has up to four
 * files ({@code videos.large}, {@code medium}, {@code small}, {@code tiny}, each with {@code url},
 * {@code width}, {@code height} and {@code size}; a size that does not exist has an empty URL). The
 * API has no orientation filter: the files' sizes say it. Videos are under the Pixabay Content
 * License.
 */
public final class PixabayVideoLibrary extends ClipLibrary {
    private static final List<String> RENDITIONS = List.of("large", "medium", "small", "tiny");

    public PixabayVideoLibrary(String baseUrl, Secret key, Duration timeout) {
        super(
                new StockLibrary.Terms(
                        "pixabay-video",
                        "Pixabay API (videos)",
                        "LicenseRef-Pixabay",
                        "Pixabay Content License"),
                baseUrl,
                key,
                timeout);
    }

    @Override
    protected List<StockClip> fetch(String query, int width, int height)
            throws IOException, InterruptedException {
        // Pixabay takes at most 100 characters of query.
        String q = query.length() > 100 ? query.substring(0, 100) : query;
        URI uri =
                URI.create(
                        baseUrl
                                + "/api/videos/?key="
                                + URLEncoder.encode(key.reveal(), StandardCharsets.UTF_8)
                                + "&q="
                                + URLEncoder.encode(q, StandardCharsets.UTF_8)
                                + "&video_type=film&safesearch=true&per_page=20");
        JsonNode answer = http.getJson(uri, Map.of());
        List<StockClip> out = new ArrayList<>();
        for (JsonNode hit : answer.path("hits")) {
            List<StockClip.File> files = new ArrayList<>();
            for (String r : RENDITIONS) {
                JsonNode f = hit.path("videos").path(r);
                int w = f.path("width").asInt(0);
                int h = f.path("height").asInt(0);
                String url = f.path("url").asText("");
                if (w > 0 && h > 0 && !url.isEmpty()) {
                    files.add(new StockClip.File(url, w, h, f.path("size").asLong(0)));
                }
            }
            if (files.isEmpty()) {
                continue;
            }
            String user = hit.path("user").asText("");
            out.add(
                    new StockClip(
                            hit.path("id").asText(),
                            user,
                            PixabayLibrary.userPage(user, hit.path("user_id").asText("")),
                            hit.path("pageURL").asText(""),
                            hit.path("duration").asDouble(0),
                            files));
        }
        return out;
    }
}
