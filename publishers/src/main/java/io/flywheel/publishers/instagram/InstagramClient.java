package io.flywheel.publishers.instagram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Graph API calls for Reels: create a REELS container from a {@code video_url}, read its {@code
 * status_code}, publish it, read the content publishing limit, and read a media's insights.
 */
public final class InstagramClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The insights read per Reel ({@code plays} and {@code impressions} were retired in 2025). */
    public static final String INSIGHTS =
            "views,reach,likes,comments,shares,saved,total_interactions,ig_reels_avg_watch_time,"
                    + "ig_reels_video_view_total_time";

    /** quota_usage of quota_total in the rolling quota_duration (seconds). */
    public record PublishingLimit(int used, int total, long durationS) {
        public boolean reached() {
            return used >= total;
        }
    }

    private final HttpClient http;
    private final String base;
    private final String userId;
    private final InstagramToken token;
    private final Duration timeout;

    public InstagramClient(
            HttpClient http,
            String graphUrl,
            String userId,
            InstagramToken token,
            Duration timeout) {
        this.http = http;
        this.base = graphUrl.endsWith("/") ? graphUrl : graphUrl + "/";
        this.userId = userId;
        this.token = token;
        this.timeout = timeout;
    }

    /** POST /{ig-user-id}/media with media_type=REELS: the container id. */
    public String createReel(URI videoUrl, String caption)
            throws IOException, InterruptedException, InstagramApiException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("media_type", "REELS");
        form.put("video_url", videoUrl.toString());
        form.put("caption", caption);
        form.put("share_to_feed", "true");
        return send("creating the Reels container", "POST", userId + "/media", form)
                .path("id")
                .asText("");
    }

    /** GET /{container-id}?fields=status_code: IN_PROGRESS, FINISHED, PUBLISHED, ERROR, EXPIRED. */
    public String containerStatus(String containerId)
            throws IOException, InterruptedException, InstagramApiException {
        return send(
                        "reading the container status",
                        "GET",
                        enc(containerId) + "?fields=status_code",
                        Map.of())
                .path("status_code")
                .asText("");
    }

    /** POST /{ig-user-id}/media_publish: the published media id. */
    public String publish(String containerId)
            throws IOException, InterruptedException, InstagramApiException {
        return send(
                        "publishing the Reel",
                        "POST",
                        userId + "/media_publish",
                        Map.of("creation_id", containerId))
                .path("id")
                .asText("");
    }

    public PublishingLimit publishingLimit()
            throws IOException, InterruptedException, InstagramApiException {
        JsonNode d =
                send(
                                "reading the content publishing limit",
                                "GET",
                                userId + "/content_publishing_limit?fields=quota_usage,config",
                                Map.of())
                        .path("data")
                        .path(0);
        return new PublishingLimit(
                d.path("quota_usage").asInt(0),
                d.path("config").path("quota_total").asInt(Integer.MAX_VALUE),
                d.path("config").path("quota_duration").asLong(86_400));
    }

    /**
     * The Reel's lifetime insights by metric name, converted to the names the increments use (watch
     * times from milliseconds to minutes and seconds); an empty answer, or a metric left out, is
     * "not reported yet".
     */
    public Map<String, Double> insights(String mediaId)
            throws IOException, InterruptedException, InstagramApiException {
        JsonNode data =
                send(
                                "reading the Reel's insights",
                                "GET",
                                enc(mediaId) + "/insights?metric=" + INSIGHTS,
                                Map.of())
                        .path("data");
        Map<String, Double> out = new HashMap<>();
        for (JsonNode m : data) {
            JsonNode v = m.path("values").path(0).path("value");
            if (!v.isNumber()) {
                continue;
            }
            double x = v.asDouble();
            switch (m.path("name").asText()) {
                case "views" -> out.put("views", x);
                case "reach" -> out.put("reach", x);
                case "likes" -> out.put("likes", x);
                case "comments" -> out.put("comments", x);
                case "shares" -> out.put("shares", x);
                case "saved" -> out.put("saved", x);
                case "ig_reels_video_view_total_time" ->
                        out.put("estimatedMinutesWatched", x / 60_000.0);
                case "ig_reels_avg_watch_time" -> out.put("averageViewDuration", x / 1000.0);
                default -> {} // total_interactions: no field in EngagementObserved
            }
        }
        return out;
    }

    private JsonNode send(String what, String method, String path, Map<String, String> form)
            throws IOException, InterruptedException, InstagramApiException {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(timeout)
                        .header("Authorization", "Bearer " + token.get());
        if (method.equals("POST")) {
            String body =
                    form.entrySet().stream()
                            .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                            .collect(Collectors.joining("&"));
            b.header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.GET();
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 500) {
            throw new IOException("the Graph API answered HTTP " + r.statusCode() + " to " + what);
        }
        if (r.statusCode() != 200) {
            throw InstagramApiException.from(what, r.statusCode(), r.body());
        }
        return JSON.readTree(r.body());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
