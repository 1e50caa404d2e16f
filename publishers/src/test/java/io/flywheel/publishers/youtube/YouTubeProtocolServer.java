package io.flywheel.publishers.youtube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.flywheel.config.Secret;
import io.flywheel.config.YouTubeSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local server that speaks the parts of Google's protocols Flywheel uses: the OAuth token
 * endpoint (refresh-token grant), {@code channels.list}, resumable video uploads (sessions, byte
 * ranges, 308 + {@code Range}, status queries, 404 for unknown sessions, 403 {@code quotaExceeded})
 * {@code thumbnails.set} (media upload of a JPEG or PNG up to 2 MB, 404 for an unknown video) and
 * YouTube Analytics {@code reports.query}. Faults are injected on request: a connection dropped
 * mid-chunk, a response lost after the last byte, a 503, an expired session. It counts sessions and
 * bytes so tests can prove nothing was uploaded twice.
 */
public final class YouTubeProtocolServer implements AutoCloseable {
    static final String CLIENT_ID = "client-id-test";
    static final String CLIENT_SECRET = "client-secret-test";
    static final String REFRESH_TOKEN = "1//refresh-token-test";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int GRANULE = 256 * 1024;
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** One resumable session as the server sees it. */
    static final class Session {
        final String id;
        final long total;
        final JsonNode metadata;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        String videoId;
        boolean expired;

        Session(String id, long total, JsonNode metadata) {
            this.id = id;
            this.total = total;
            this.metadata = metadata;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Set<String> issuedTokens = ConcurrentHashMap.newKeySet();
    private final Map<String, Map<String, Number>> reports = new ConcurrentHashMap<>();
    private final List<Map<String, String>> reportQueries =
            Collections.synchronizedList(new ArrayList<>());
    private final List<String> contentRanges = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final AtomicInteger counter = new AtomicInteger();
    private volatile long bytesReceived;
    private volatile int statusQueries;

    // Injected faults and limits.
    private volatile long dropAtByte = -1;
    private volatile boolean loseLastResponse;
    private volatile int fail503;
    private volatile long expireAtByte = -1;
    private volatile int sessionsAllowed = Integer.MAX_VALUE;
    private volatile String refreshToken = REFRESH_TOKEN;
    private final Set<String> unknownMetrics = ConcurrentHashMap.newKeySet();
    private final Set<String> extraVideos = ConcurrentHashMap.newKeySet();
    private final Map<String, byte[]> thumbnails = new ConcurrentHashMap<>();
    private final List<String> thumbnailSets = Collections.synchronizedList(new ArrayList<>());

    public YouTubeProtocolServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/token", this::token);
        server.createContext("/youtube/v3/channels", this::channels);
        server.createContext("/upload/youtube/v3/videos", this::startSession);
        server.createContext("/upload/session/", this::put);
        server.createContext("/upload/youtube/v3/thumbnails/set", this::setThumbnail);
        server.createContext("/v2/reports", this::report);
        server.start();
    }

    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Client settings pointing at this server. */
    public YouTubeSettings settings(int dailyUploads, int chunkBytes) {
        return new YouTubeSettings(
                base() + "/token",
                base() + "/upload/youtube/v3",
                base() + "/youtube/v3",
                base() + "/v2",
                Secret.of(CLIENT_ID),
                Secret.of(CLIENT_SECRET),
                Secret.of(REFRESH_TOKEN),
                dailyUploads,
                chunkBytes,
                "22",
                180,
                60,
                72,
                10);
    }

    // --- fault injection -------------------------------------------------------------------

    /** The connection drops once the session holds {@code n} bytes (mid-chunk), once. */
    void dropConnectionAtByte(long n) {
        dropAtByte = n;
    }

    /** The last chunk is stored but its response never arrives (the connection drops), once. */
    void loseTheLastResponse() {
        loseLastResponse = true;
    }

    void failNextPutsWith503(int n) {
        fail503 = n;
    }

    /** Once a session holds at least {@code n} bytes it expires (404 from then on), once. */
    void expireSessionAtByte(long n) {
        expireAtByte = n;
    }

    /** The API's own count of the quota: after {@code n} more sessions, 403 quotaExceeded. */
    void allowSessions(int n) {
        sessionsAllowed = n;
    }

    void acceptRefreshToken(String token) {
        refreshToken = token;
    }

    /** The API answers 400 to queries asking for {@code metric}, as for a metric it lacks. */
    void rejectMetric(String metric) {
        unknownMetrics.add(metric);
    }

    /**
     * The token lacks {@code yt-analytics-monetary.readonly}: a query naming {@code
     * estimatedRevenue} gets the API's 403 "forbidden".
     */
    void withoutMonetaryScope() {
        monetaryForbidden = true;
    }

    private volatile boolean monetaryForbidden;

    public void report(String videoId, Map<String, Number> metrics) {
        reports.put(videoId, new LinkedHashMap<>(metrics));
    }

    /** A video the channel has without an upload through this server. */
    void addVideo(String videoId) {
        extraVideos.add(videoId);
    }

    /** The bytes of a video's custom thumbnail now, or null. */
    byte[] thumbnail(String videoId) {
        return thumbnails.get(videoId);
    }

    /** The video ids of every {@code thumbnails.set} call accepted, in order. */
    List<String> thumbnailSets() {
        return List.copyOf(thumbnailSets);
    }

    void clearReports() {
        reports.clear();
    }

    // --- what happened -----------------------------------------------------------------------

    int sessionsStarted() {
        return sessions.size();
    }

    long bytesReceived() {
        return bytesReceived;
    }

    int statusQueries() {
        return statusQueries;
    }

    int tokenRequests() {
        return tokenRequests.get();
    }

    List<String> contentRanges() {
        return List.copyOf(contentRanges);
    }

    public List<Map<String, String>> reportQueries() {
        return List.copyOf(reportQueries);
    }

    /** The bytes of each created video, by YouTube video id. */
    Map<String, byte[]> videos() {
        Map<String, byte[]> out = new HashMap<>();
        sessions.values().stream()
                .filter(s -> s.videoId != null)
                .forEach(s -> out.put(s.videoId, s.received.toByteArray()));
        return out;
    }

    List<JsonNode> metadata() {
        return sessions.values().stream().map(s -> s.metadata).toList();
    }

    // --- handlers ------------------------------------------------------------------------------

    private void token(HttpExchange x) throws IOException {
        tokenRequests.incrementAndGet();
        Map<String, String> form =
                query(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!"refresh_token".equals(form.get("grant_type"))) {
            json(x, 400, "{\"error\":\"unsupported_grant_type\"}");
        } else if (!CLIENT_ID.equals(form.get("client_id"))
                || !CLIENT_SECRET.equals(form.get("client_secret"))) {
            json(x, 401, "{\"error\":\"invalid_client\",\"error_description\":\"Unauthorized\"}");
        } else if (!refreshToken.equals(form.get("refresh_token"))) {
            json(
                    x,
                    400,
                    "{\"error\":\"invalid_grant\",\"error_description\":\"Token has been expired or"
                            + " revoked.\"}");
        } else {
            String token = "ya29.test-" + counter.incrementAndGet();
            issuedTokens.add(token);
            json(
                    x,
                    200,
                    "{\"access_token\":\""
                            + token
                            + "\",\"expires_in\":3599,\"scope\":\"https://www.googleapis.com/auth/youtube.upload\",\"token_type\":\"Bearer\"}");
        }
    }

    private boolean authorized(HttpExchange x) throws IOException {
        String auth = x.getRequestHeaders().getFirst("Authorization");
        if (auth == null
                || !auth.startsWith("Bearer ")
                || !issuedTokens.contains(auth.substring(7))) {
            x.getRequestBody().readAllBytes();
            json(
                    x,
                    401,
                    error(401, "Request had invalid authentication credentials.", "authError"));
            return false;
        }
        return true;
    }

    private void channels(HttpExchange x) throws IOException {
        if (authorized(x)) {
            json(
                    x,
                    200,
                    "{\"kind\":\"youtube#channelListResponse\",\"items\":[{\"id\":\"UCtest\"}]}");
        }
    }

    private void startSession(HttpExchange x) throws IOException {
        if (!authorized(x)) {
            return;
        }
        Map<String, String> q = query(x.getRequestURI().getRawQuery());
        byte[] body = x.getRequestBody().readAllBytes();
        String length = x.getRequestHeaders().getFirst("X-Upload-Content-Length");
        String type = x.getRequestHeaders().getFirst("X-Upload-Content-Type");
        if (!"POST".equals(x.getRequestMethod())
                || !"resumable".equals(q.get("uploadType"))
                || q.get("part") == null
                || length == null
                || type == null
                || !type.startsWith("video/")) {
            json(x, 400, error(400, "bad resumable upload request", "badRequest"));
            return;
        }
        JsonNode metadata = JSON.readTree(body);
        if (metadata.path("snippet").path("title").asText().isEmpty()
                || !metadata.path("status").path("privacyStatus").asText().equals("private")) {
            json(x, 400, error(400, "invalid metadata", "invalidVideoMetadata"));
            return;
        }
        synchronized (this) {
            if (sessionsAllowed <= 0) {
                json(
                        x,
                        403,
                        error(
                                403,
                                "The request cannot be completed because you have exceeded your"
                                        + " quota.",
                                "quotaExceeded"));
                return;
            }
            sessionsAllowed--;
        }
        String id = "s" + counter.incrementAndGet();
        sessions.put(id, new Session(id, Long.parseLong(length), metadata));
        x.getResponseHeaders()
                .add("Location", base() + "/upload/session/" + id + "?upload_id=" + id);
        x.sendResponseHeaders(200, -1);
        x.close();
    }

    private void put(HttpExchange x) throws IOException {
        if (!authorized(x)) {
            return;
        }
        String id = x.getRequestURI().getPath().substring("/upload/session/".length());
        Session s = sessions.get(id);
        String range = x.getRequestHeaders().getFirst("Content-Range");
        if (s == null || s.expired) {
            x.getRequestBody().readAllBytes();
            json(x, 404, error(404, "session not found", "notFound"));
            return;
        }
        if (range == null || !"PUT".equals(x.getRequestMethod())) {
            json(x, 400, error(400, "Content-Range required", "badRequest"));
            return;
        }
        contentRanges.add(range);
        synchronized (s) {
            if (range.startsWith("bytes */")) {
                statusQueries++;
                x.getRequestBody().readAllBytes();
                answer(x, s);
                return;
            }
            if (fail503 > 0) {
                fail503--;
                x.getRequestBody().readAllBytes();
                json(x, 503, error(503, "backend error", "backendError"));
                return;
            }
            // bytes first-last/total
            String[] parts = range.substring("bytes ".length()).split("[-/]");
            long first = Long.parseLong(parts[0]);
            long last = Long.parseLong(parts[1]);
            long total = Long.parseLong(parts[2]);
            long length = last - first + 1;
            if (total != s.total || first != s.received.size()) {
                x.getRequestBody().readAllBytes();
                json(
                        x,
                        400,
                        error(
                                400,
                                "bad range " + range + ", have " + s.received.size(),
                                "badRange"));
                return;
            }
            if (last + 1 < total && length % GRANULE != 0) {
                x.getRequestBody().readAllBytes();
                json(x, 400, error(400, "chunk not a multiple of 256 KiB", "badChunk"));
                return;
            }
            InputStream in = x.getRequestBody();
            byte[] buf = new byte[8192];
            long read = 0;
            while (read < length) {
                int want = (int) Math.min(buf.length, length - read);
                if (dropAtByte >= 0 && s.received.size() + want > dropAtByte) {
                    want = (int) (dropAtByte - s.received.size());
                    if (want <= 0) {
                        dropAtByte = -1;
                        x.close(); // no response: the client sees the connection drop
                        return;
                    }
                }
                int n = in.read(buf, 0, want);
                if (n < 0) {
                    break;
                }
                s.received.write(buf, 0, n);
                bytesReceived += n;
                read += n;
            }
            if (expireAtByte >= 0 && s.received.size() >= expireAtByte) {
                expireAtByte = -1;
                s.expired = true;
            }
            if (s.received.size() == s.total) {
                s.videoId = newVideoId();
                if (loseLastResponse) {
                    loseLastResponse = false;
                    x.close();
                    return;
                }
            }
            answer(x, s);
        }
    }

    private void setThumbnail(HttpExchange x) throws IOException {
        if (!authorized(x)) {
            return;
        }
        Map<String, String> q = query(x.getRequestURI().getRawQuery());
        byte[] body = x.getRequestBody().readAllBytes();
        String type = x.getRequestHeaders().getFirst("Content-Type");
        String video = q.get("videoId");
        if (!"POST".equals(x.getRequestMethod()) || video == null) {
            json(x, 400, error(400, "videoId required", "badRequest"));
            return;
        }
        if (!extraVideos.contains(video) && !videos().containsKey(video)) {
            json(x, 404, error(404, "The video could not be found.", "videoNotFound"));
            return;
        }
        if (type == null
                || !(type.startsWith("image/jpeg") || type.startsWith("image/png"))
                || body.length == 0) {
            json(x, 400, error(400, "The image is not valid.", "invalidImage"));
            return;
        }
        if (body.length > 2 * 1024 * 1024) {
            json(x, 400, error(400, "The image is too large.", "mediaBodyTooLarge"));
            return;
        }
        thumbnails.put(video, body);
        thumbnailSets.add(video);
        json(
                x,
                200,
                "{\"kind\":\"youtube#thumbnailSetResponse\",\"items\":[{\"default\":{\"url\":\""
                        + base()
                        + "/vi/"
                        + video
                        + "/default.jpg\",\"width\":120,\"height\":90}}]}");
    }

    /** An 11-character id like YouTube's, unique across servers (tests share a database). */
    private static String newVideoId() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private void answer(HttpExchange x, Session s) throws IOException {
        if (s.videoId != null) {
            ObjectNode v = JSON.createObjectNode();
            v.put("kind", "youtube#video");
            v.put("id", s.videoId);
            v.set("snippet", s.metadata.path("snippet"));
            ObjectNode status = ((ObjectNode) s.metadata.path("status")).deepCopy();
            status.put("uploadStatus", "uploaded");
            v.set("status", status);
            json(x, 200, v.toString());
            return;
        }
        if (s.received.size() > 0) {
            x.getResponseHeaders().add("Range", "bytes=0-" + (s.received.size() - 1));
        }
        x.sendResponseHeaders(308, -1);
        x.close();
    }

    private void report(HttpExchange x) throws IOException {
        if (!authorized(x)) {
            return;
        }
        Map<String, String> q = query(x.getRequestURI().getRawQuery());
        reportQueries.add(q);
        String filters = q.getOrDefault("filters", "");
        if (!"channel==MINE".equals(q.get("ids"))
                || q.get("startDate") == null
                || q.get("endDate") == null
                || q.get("metrics") == null
                || !"video".equals(q.get("dimensions"))
                || !filters.startsWith("video==")) {
            json(x, 400, error(400, "bad report query " + q, "badRequest"));
            return;
        }
        List<String> metrics = List.of(q.get("metrics").split(","));
        for (String m : metrics) {
            if (unknownMetrics.contains(m)) {
                json(
                        x,
                        400,
                        error(
                                400,
                                "Unknown identifier (" + m + ") given in field parameters.metrics.",
                                "badRequest"));
                return;
            }
        }
        if (monetaryForbidden && metrics.contains("estimatedRevenue")) {
            json(x, 403, error(403, "The caller does not have permission", "forbidden"));
            return;
        }
        Set<String> wanted = new HashSet<>(List.of(filters.substring(7).split(",")));
        ObjectNode out = JSON.createObjectNode();
        out.put("kind", "youtubeAnalytics#resultTable");
        ArrayNode headers = out.putArray("columnHeaders");
        headers.addObject()
                .put("name", "video")
                .put("columnType", "DIMENSION")
                .put("dataType", "STRING");
        for (String m : metrics) {
            headers.addObject()
                    .put("name", m)
                    .put("columnType", "METRIC")
                    .put("dataType", m.equals("estimatedRevenue") ? "FLOAT" : "INTEGER");
        }
        ArrayNode rows = out.putArray("rows");
        reports.forEach(
                (video, values) -> {
                    if (!wanted.contains(video)) {
                        return;
                    }
                    ArrayNode row = rows.addArray();
                    row.add(video);
                    for (String m : metrics) {
                        Number n = values.get(m);
                        if (n == null) {
                            row.addNull();
                        } else if (n instanceof Double d) {
                            row.add(d);
                        } else {
                            row.add(n.longValue());
                        }
                    }
                });
        json(x, 200, out.toString());
    }

    private static String error(int code, String message, String reason) {
        return "{\"error\":{\"code\":"
                + code
                + ",\"message\":\""
                + message.replace("\"", "'")
                + "\",\"errors\":[{\"message\":\""
                + message.replace("\"", "'")
                + "\",\"domain\":\"youtube\",\"reason\":\""
                + reason
                + "\"}]}}";
    }

    private static void json(HttpExchange x, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
        x.close();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
