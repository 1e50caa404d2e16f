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
 * Pexels videos through its API ({@code GET /videos/search}, the key in the {@code Authorization}
 * header). Each video lists its files ({@code video_files}: {@code width}, {@code height}, {@code
 * file_type}, {@code link}); only MP4 files with a stated size are kept. Videos are under the
 * Pexels License, like its photos: free to use, attribution appreciated (recorded as evidence).
 */
public final class PexelsVideoLibrary extends ClipLibrary {
    public PexelsVideoLibrary(String baseUrl, Secret key, Duration timeout) {
        super(
                new StockLibrary.Terms(
                        "pexels-video",
                        "Pexels API v1 (videos)",
                        "LicenseRef-Pexels",
                        "Pexels License"),
                baseUrl,
                key,
                timeout);
    }

    @Override
    protected List<StockClip> fetch(String query, int width, int height)
            throws IOException, InterruptedException {
        String orientation = height > width ? "portrait" : width > height ? "landscape" : "square";
        // size is the least the video must be: medium is Full HD, small is HD.
        String size = Math.max(width, height) > 1280 ? "medium" : "small";
        URI uri =
                URI.create(
                        baseUrl
                                + "/videos/search?query="
                                + URLEncoder.encode(query, StandardCharsets.UTF_8)
                                + "&orientation="
                                + orientation
                                + "&size="
                                + size
                                + "&per_page=15");
        JsonNode answer = http.getJson(uri, Map.of("Authorization", key.reveal()));
        List<StockClip> out = new ArrayList<>();
        for (JsonNode v : answer.path("videos")) {
            List<StockClip.File> files = new ArrayList<>();
            for (JsonNode f : v.path("video_files")) {
                int w = f.path("width").asInt(0);
                int h = f.path("height").asInt(0);
                String link = f.path("link").asText("");
                if ("video/mp4".equals(f.path("file_type").asText()) && w > 0 && h > 0) {
                    if (!link.isEmpty()) {
                        files.add(new StockClip.File(link, w, h, 0));
                    }
                }
            }
            if (files.isEmpty()) {
                continue;
            }
            out.add(
                    new StockClip(
                            v.path("id").asText(),
                            v.path("user").path("name").asText(""),
                            v.path("user").path("url").asText(""),
                            v.path("url").asText(""),
                            v.path("duration").asDouble(0),
                            files));
        }
        return out;
    }
}
