package io.flywheel.publishers.youtube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The YouTube Analytics API v2 {@code reports.query} for a list of videos: one row per video with
 * its totals over [startDate, endDate] (Pacific-time dates). A video or metric missing from the
 * answer is absent from the result map: "not yet reported", never zero.
 */
public final class AnalyticsReportClient {
    /** The metrics asked for, in the API's names (also {@code EngagementObserved}'s fields). */
    public static final List<String> METRICS =
            List.of(
                    "views",
                    "engagedViews",
                    "likes",
                    "comments",
                    "shares",
                    "subscribersGained",
                    "subscribersLost",
                    "estimatedMinutesWatched",
                    "averageViewDuration",
                    "averageViewPercentage",
                    "estimatedRevenue");

    /**
     * Metrics newer than the API's core set ({@code engagedViews} arrived with the 2025 Shorts view
     * count): if the API refuses the query with them (400), it is asked again without, once for
     * good.
     */
    public static final List<String> OPTIONAL = List.of("engagedViews");

    /**
     * Monetary metrics: the API answers 403 for them unless the token has the {@code
     * yt-analytics-monetary.readonly} scope (a channel in the Partner Program); then they are asked
     * no more and revenue stays "not reported" (null), the other metrics flow as before.
     */
    public static final List<String> MONETARY = List.of("estimatedRevenue");

    /** The API's limit for a top-videos report; the filter list is split into batches this big. */
    public static final int MAX_VIDEOS_PER_QUERY = 200;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsReportClient.class);

    private final String base;
    private final AuthorizedSender sender;
    private List<String> metrics = METRICS;

    public AnalyticsReportClient(
            HttpClient http, String base, AccessTokens tokens, Duration timeout) {
        this.base = base.endsWith("/") ? base : base + "/";
        this.sender = new AuthorizedSender(http, tokens, timeout);
    }

    /**
     * Totals per platform video id and metric over [start, end].
     *
     * @throws YouTubeApiException for an error answer (a 401 is retried once with a new token)
     */
    public Map<String, Map<String, Double>> totals(
            List<String> platformVideoIds, LocalDate start, LocalDate end)
            throws IOException, InterruptedException, YouTubeApiException {
        Map<String, Map<String, Double>> out = new HashMap<>();
        for (int i = 0; i < platformVideoIds.size(); i += MAX_VIDEOS_PER_QUERY) {
            List<String> batch =
                    platformVideoIds.subList(
                            i, Math.min(platformVideoIds.size(), i + MAX_VIDEOS_PER_QUERY));
            String body;
            try {
                body = query(batch, start, end, metrics);
            } catch (YouTubeApiException e) {
                List<String> drop =
                        switch (e.status()) {
                            case 400 -> OPTIONAL;
                            case 403 ->
                                    e.quotaExceeded() || e.rateLimited()
                                            ? List.<String>of()
                                            : MONETARY;
                            default -> List.of();
                        };
                if (drop.isEmpty() || metrics.stream().noneMatch(drop::contains)) {
                    throw e;
                }
                LOG.warn(
                        "the Analytics API refused the report ({}); asking without {} from now on",
                        e.getMessage(),
                        drop);
                metrics = metrics.stream().filter(m -> !drop.contains(m)).toList();
                return totals(platformVideoIds, start, end);
            }
            out.putAll(parse(body));
        }
        return out;
    }

    /**
     * Totals of the named {@code metrics} for one video over [start, end]; empty when the video is
     * not in the report yet.
     */
    public Map<String, Double> totals(
            String platformVideoId, LocalDate start, LocalDate end, List<String> metrics)
            throws IOException, InterruptedException, YouTubeApiException {
        return parse(query(List.of(platformVideoId), start, end, metrics))
                .getOrDefault(platformVideoId, Map.of());
    }

    private String query(List<String> ids, LocalDate start, LocalDate end, List<String> metrics)
            throws IOException, InterruptedException, YouTubeApiException {
        String q =
                "reports?ids="
                        + enc("channel==MINE")
                        + "&startDate="
                        + start
                        + "&endDate="
                        + end
                        + "&metrics="
                        + enc(String.join(",", metrics))
                        + "&dimensions=video"
                        + "&filters="
                        + enc("video==" + String.join(",", ids))
                        + "&sort=-"
                        + enc(metrics.get(0))
                        + "&maxResults="
                        + ids.size();
        URI uri = URI.create(base + q);
        return sender.expectOk(
                "querying the YouTube Analytics report", () -> HttpRequest.newBuilder(uri).GET());
    }

    /** {@code columnHeaders} + {@code rows} → video id → metric → value. */
    static Map<String, Map<String, Double>> parse(String body) throws IOException {
        JsonNode n = JSON.readTree(body);
        List<String> columns = new ArrayList<>();
        n.path("columnHeaders").forEach(h -> columns.add(h.path("name").asText()));
        int videoColumn = columns.indexOf("video");
        if (videoColumn < 0) {
            throw new IOException("the report has no video column: " + columns);
        }
        Map<String, Map<String, Double>> out = new HashMap<>();
        for (JsonNode row : n.path("rows")) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            for (int c = 0; c < columns.size(); c++) {
                JsonNode cell = row.path(c);
                if (c != videoColumn && cell.isNumber()) {
                    metrics.put(columns.get(c), cell.asDouble());
                }
            }
            out.put(row.path(videoColumn).asText(), metrics);
        }
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
