package io.flywheel.publishers.tiktok;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.flywheel.config.Secret;
import io.flywheel.config.TikTokSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local server speaking TikTok's side of the protocol: the OAuth refresh (rotating refresh
 * tokens), creator info, Direct Post video init with FILE_UPLOAD (checking the chunk rules), chunk
 * PUTs with Content-Range (206 per chunk, 201 when complete), status fetch (PUBLISH_COMPLETE
 * without a public id while "moderation" lasts), and the Display API's video query. Faults on
 * request: a connection dropped mid-chunk, spam_risk_too_many_posts on init.
 */
final class TikTokProtocolServer implements AutoCloseable {
    static final String CLIENT_KEY = "client-key-test";
    static final String CLIENT_SECRET = "client-secret-test";
    static final String REFRESH_TOKEN = "rft.first-test";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");

    /** One initialised post as the server sees it. */
    static final class Post {
        final String publishId;
        final long total;
        final long chunkSize;
        final int chunks;
        final JsonNode postInfo;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        int statusFetches;

        Post(String publishId, long total, long chunkSize, int chunks, JsonNode postInfo) {
            this.publishId = publishId;
            this.total = total;
            this.chunkSize = chunkSize;
            this.chunks = chunks;
            this.postInfo = postInfo;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Map<String, Post> posts = new ConcurrentHashMap<>();
    private final List<String> contentRanges = new CopyOnWriteArrayList<>();
    private final List<String> refreshTokensSeen = new CopyOnWriteArrayList<>();
    private final Map<String, Map<String, Long>> counts = new ConcurrentHashMap<>();
    private final List<List<String>> queries = new CopyOnWriteArrayList<>();
    private final AtomicInteger inits = new AtomicInteger();
    private final AtomicInteger statusFetches = new AtomicInteger();
    private final AtomicInteger creatorInfos = new AtomicInteger();
    private final AtomicInteger tokenRefreshes = new AtomicInteger();
    private volatile int moderationPolls;
    private volatile long dropAtByte = -1;
    private volatile boolean spamRisk;
    private volatile List<String> privacyOptions = List.of("FOLLOWER_OF_CREATOR", "SELF_ONLY");

    TikTokProtocolServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    TikTokSettings settings(int chunkBytes, boolean audited, int statusPolls) {
        return new TikTokSettings(
                url(),
                Secret.of(CLIENT_KEY),
                Secret.of(CLIENT_SECRET),
                Secret.of(REFRESH_TOKEN),
                chunkBytes,
                audited,
                600,
                1,
                statusPolls,
                60,
                48,
                10);
    }

    /** The connection drops once a post holds {@code n} bytes (mid-chunk), once. */
    void dropConnectionAtByte(long n) {
        dropAtByte = n;
    }

    /** Moderation lasts this many status fetches after the upload completed. */
    void moderationLasts(int polls) {
        moderationPolls = polls;
    }

    /** Init answers spam_risk_too_many_posts until switched off. */
    void tooManyPostsToday(boolean on) {
        spamRisk = on;
    }

    /** The Display API's cumulative counts of a video; a null count is left out of the answer. */
    void counts(String videoId, Map<String, Long> c) {
        counts.put(videoId, c);
    }

    Map<String, Post> posts() {
        return posts;
    }

    int inits() {
        return inits.get();
    }

    int statusFetches() {
        return statusFetches.get();
    }

    int creatorInfos() {
        return creatorInfos.get();
    }

    List<String> contentRanges() {
        return contentRanges;
    }

    List<String> refreshTokensSeen() {
        return refreshTokensSeen;
    }

    List<List<String>> queries() {
        return queries;
    }

    long bytesReceived() {
        return posts.values().stream().mapToLong(p -> p.received.size()).sum();
    }

    private void handle(HttpExchange x) throws IOException {
        try {
            String path = x.getRequestURI().getPath();
            if (path.startsWith("/upload/")) {
                upload(x, path.substring("/upload/".length()));
                return;
            }
            if (path.equals("/v2/oauth/token/")) {
                token(x);
                return;
            }
            if (!("Bearer act." + tokenRefreshes.get())
                    .equals(x.getRequestHeaders().getFirst("Authorization"))) {
                error(x, 401, "access_token_invalid");
                return;
            }
            JsonNode body = JSON.readTree(read(x.getRequestBody()));
            switch (path) {
                case "/v2/post/publish/creator_info/query/" -> creatorInfo(x);
                case "/v2/post/publish/video/init/" -> init(x, body);
                case "/v2/post/publish/status/fetch/" -> status(x, body);
                case "/v2/video/query/" -> query(x, body);
                default -> error(x, 404, "not_found");
            }
        } catch (RuntimeException e) {
            error(x, 500, "internal_error");
        }
    }

    private void token(HttpExchange x) throws IOException {
        Map<String, String> form = new java.util.HashMap<>();
        for (String kv : new String(read(x.getRequestBody()), StandardCharsets.UTF_8).split("&")) {
            String[] p = kv.split("=", 2);
            form.put(
                    java.net.URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(p.length > 1 ? p[1] : "", StandardCharsets.UTF_8));
        }
        refreshTokensSeen.add(form.get("refresh_token"));
        String expected =
                "rft." + (tokenRefreshes.get() == 0 ? "first-test" : tokenRefreshes.get());
        if (!CLIENT_KEY.equals(form.get("client_key"))
                || !CLIENT_SECRET.equals(form.get("client_secret"))
                || !"refresh_token".equals(form.get("grant_type"))
                || !expected.equals(form.get("refresh_token"))) {
            ObjectNode e = JSON.createObjectNode();
            e.put("error", "invalid_grant");
            e.put("error_description", "Refresh token is invalid or expired.");
            send(x, 400, e);
            return;
        }
        int n = tokenRefreshes.incrementAndGet();
        ObjectNode t = JSON.createObjectNode();
        t.put("access_token", "act." + n);
        t.put("expires_in", 86_400);
        t.put("refresh_token", "rft." + n); // rotated
        t.put("refresh_expires_in", 31_536_000);
        t.put("token_type", "Bearer");
        send(x, 200, t);
    }

    private void creatorInfo(HttpExchange x) throws IOException {
        creatorInfos.incrementAndGet();
        ObjectNode d = JSON.createObjectNode();
        d.put("creator_username", "flywheel.test");
        d.put("creator_nickname", "Flywheel");
        ArrayNode opts = d.putArray("privacy_level_options");
        privacyOptions.forEach(opts::add);
        d.put("max_video_post_duration_sec", 600);
        ok(x, d);
    }

    private void init(HttpExchange x, JsonNode body) throws IOException {
        inits.incrementAndGet();
        if (spamRisk) {
            error(x, 403, "spam_risk_too_many_posts");
            return;
        }
        JsonNode s = body.path("source_info");
        long size = s.path("video_size").asLong();
        long chunk = s.path("chunk_size").asLong();
        int count = s.path("total_chunk_count").asInt();
        boolean whole = size < 5L * 1024 * 1024 ? chunk == size && count == 1 : true;
        boolean rules =
                s.path("source").asText().equals("FILE_UPLOAD")
                        && whole
                        && count >= 1
                        && count <= 1000
                        && (count == 1 || (chunk >= 5L * 1024 * 1024 && chunk <= 64L * 1024 * 1024))
                        && count == Math.max(1, size / chunk);
        if (!rules
                || !privacyOptions.contains(
                        body.path("post_info").path("privacy_level").asText())) {
            error(x, 400, "invalid_params");
            return;
        }
        String id = "v_pub_file~v2-1." + (posts.size() + 1);
        posts.put(id, new Post(id, size, chunk, count, body.path("post_info")));
        ObjectNode d = JSON.createObjectNode();
        d.put("publish_id", id);
        d.put("upload_url", url() + "/upload/" + id);
        ok(x, d);
    }

    private void upload(HttpExchange x, String id) throws IOException {
        Post p = posts.get(id);
        String range = x.getRequestHeaders().getFirst("Content-Range");
        contentRanges.add(range);
        Matcher m = range == null ? null : RANGE.matcher(range);
        if (p == null || m == null || !m.matches()) {
            error(x, 400, "invalid_params");
            return;
        }
        long from = Long.parseLong(m.group(1));
        long to = Long.parseLong(m.group(2)) + 1;
        synchronized (p) {
            // Chunks go in order: a chunk must start at a chunk boundary the server reached.
            boolean boundary = from % p.chunkSize == 0 && from <= p.received.size();
            long expectedEnd = from / p.chunkSize == p.chunks - 1 ? p.total : from + p.chunkSize;
            if (!boundary || to != expectedEnd || Long.parseLong(m.group(3)) != p.total) {
                error(x, 416, "invalid_range");
                return;
            }
            InputStream in = x.getRequestBody();
            byte[] bytes = in.readAllBytes();
            if (dropAtByte >= 0 && from < dropAtByte && to > dropAtByte) {
                dropAtByte = -1;
                // Part of the chunk got through, then the connection dropped: no response.
                x.close();
                return;
            }
            if (from < p.received.size()) {
                byte[] kept = p.received.toByteArray();
                p.received.reset();
                p.received.write(kept, 0, (int) from);
            }
            p.received.write(bytes);
            int status = p.received.size() == p.total ? 201 : 206;
            x.sendResponseHeaders(status, -1);
            x.close();
        }
    }

    private void status(HttpExchange x, JsonNode body) throws IOException {
        statusFetches.incrementAndGet();
        Post p = posts.get(body.path("publish_id").asText());
        if (p == null) {
            error(x, 400, "invalid_publish_id");
            return;
        }
        ObjectNode d = JSON.createObjectNode();
        ArrayNode ids = d.putArray("publicaly_available_post_id");
        synchronized (p) {
            d.put("uploaded_bytes", p.received.size());
            if (p.received.size() < p.total) {
                d.put("status", "PROCESSING_UPLOAD");
            } else if (p.statusFetches++ < moderationPolls) {
                d.put("status", "PUBLISH_COMPLETE"); // moderation: no public id yet
            } else {
                d.put("status", "PUBLISH_COMPLETE");
                ids.add(Long.toString(7_300_000_000_000_000_000L + posts.size()));
            }
        }
        ok(x, d);
    }

    private void query(HttpExchange x, JsonNode body) throws IOException {
        String fields = x.getRequestURI().getQuery();
        List<String> asked = new ArrayList<>();
        body.path("filters").path("video_ids").forEach(i -> asked.add(i.asText()));
        queries.add(asked);
        if (asked.size() > 20 || fields == null || !fields.contains("view_count")) {
            error(x, 400, "invalid_params");
            return;
        }
        ObjectNode d = JSON.createObjectNode();
        ArrayNode videos = d.putArray("videos");
        for (String id : asked) {
            Map<String, Long> c = counts.get(id);
            if (c == null) {
                continue;
            }
            ObjectNode v = videos.addObject();
            v.put("id", id);
            c.forEach(
                    (k, n) -> {
                        if (n != null) {
                            v.put(k, n);
                        }
                    });
        }
        d.put("cursor", 0);
        d.put("has_more", false);
        ok(x, d);
    }

    private static void ok(HttpExchange x, ObjectNode data) throws IOException {
        ObjectNode r = JSON.createObjectNode();
        r.set("data", data);
        ObjectNode e = r.putObject("error");
        e.put("code", "ok");
        e.put("message", "");
        e.put("log_id", "20261206000000TEST");
        send(x, 200, r);
    }

    private static void error(HttpExchange x, int status, String code) throws IOException {
        ObjectNode r = JSON.createObjectNode();
        r.putObject("data");
        ObjectNode e = r.putObject("error");
        e.put("code", code);
        e.put("message", "test server: " + code);
        e.put("log_id", "20261206000000TEST");
        send(x, status, r);
    }

    private static void send(HttpExchange x, int status, JsonNode body) throws IOException {
        byte[] b = JSON.writeValueAsBytes(body);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
        x.close();
    }

    private static byte[] read(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
