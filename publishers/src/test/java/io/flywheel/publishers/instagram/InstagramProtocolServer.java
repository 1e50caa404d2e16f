package io.flywheel.publishers.instagram;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.flywheel.config.InstagramSettings;
import io.flywheel.config.Secret;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local server speaking the Graph API's side of Reels publishing: REELS containers from a {@code
 * video_url} that stay IN_PROGRESS for a set number of status reads, then FINISHED, then PUBLISHED
 * after {@code media_publish}; the content publishing limit (usage of a total); the long-lived
 * token refresh; and media insights with only the metrics the test has set (an empty data set when
 * none, as the Graph API answers for insights not available yet).
 */
final class InstagramProtocolServer implements AutoCloseable {
    static final String USER = "17841400000000001";
    static final String TOKEN = "IGtoken-test";
    static final String LINK_KEY = "media-link-key-test";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One container as the server sees it. */
    static final class Container {
        final String id;
        final Map<String, String> form;
        int statusReads;
        String mediaId;

        Container(String id, Map<String, String> form) {
            this.id = id;
            this.form = form;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Map<String, Container> containers = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Double>> insights = new ConcurrentHashMap<>();
    private final List<String> insightQueries = new CopyOnWriteArrayList<>();
    private final AtomicInteger publishes = new AtomicInteger();
    private final AtomicInteger statusReads = new AtomicInteger();
    private final AtomicInteger limitReads = new AtomicInteger();
    private volatile int inProgressReads;
    private volatile int quotaUsedBefore;
    private volatile int quotaTotal = 100;
    private volatile String token = TOKEN;

    InstagramProtocolServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    InstagramSettings settings(int statusPolls) {
        return new InstagramSettings(
                url() + "/v24.0",
                url() + "/refresh_access_token",
                USER,
                Secret.of(TOKEN),
                "https://flywheel.example.org",
                Secret.of(LINK_KEY),
                1,
                statusPolls,
                60,
                180,
                60,
                48,
                10);
    }

    void inProgressFor(int reads) {
        inProgressReads = reads;
    }

    /** Posts published in the last 24 h before ours, of a total the account may publish. */
    void quota(int usedBefore, int total) {
        quotaUsedBefore = usedBefore;
        quotaTotal = total;
    }

    /** A Reel's lifetime insights; metrics left out are not in the answer. */
    void insights(String mediaId, Map<String, Double> values) {
        insights.put(mediaId, values);
    }

    Map<String, Container> containers() {
        return containers;
    }

    int publishes() {
        return publishes.get();
    }

    int statusReads() {
        return statusReads.get();
    }

    int limitReads() {
        return limitReads.get();
    }

    List<String> insightQueries() {
        return insightQueries;
    }

    private void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        Map<String, String> q = form(x.getRequestURI().getRawQuery());
        if (path.equals("/refresh_access_token")) {
            if (!"ig_refresh_token".equals(q.get("grant_type"))
                    || !token.equals(q.get("access_token"))) {
                error(x, 400, 190, "Invalid OAuth access token");
                return;
            }
            token = TOKEN + "-refreshed";
            ObjectNode t = JSON.createObjectNode();
            t.put("access_token", token);
            t.put("token_type", "bearer");
            t.put("expires_in", 5_184_000);
            send(x, 200, t);
            return;
        }
        if (!("Bearer " + token).equals(x.getRequestHeaders().getFirst("Authorization"))) {
            error(x, 400, 190, "Invalid OAuth access token");
            return;
        }
        String[] p = path.replaceFirst("^/v24\\.0/", "").split("/");
        String method = x.getRequestMethod();
        Map<String, String> body =
                method.equals("POST")
                        ? form(
                                new String(
                                        x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                        : Map.of();
        if (p.length == 2 && p[0].equals(USER) && p[1].equals("media") && method.equals("POST")) {
            create(x, body);
        } else if (p.length == 2 && p[0].equals(USER) && p[1].equals("media_publish")) {
            publish(x, body.get("creation_id"));
        } else if (p.length == 2 && p[0].equals(USER) && p[1].equals("content_publishing_limit")) {
            limit(x);
        } else if (p.length == 2 && p[1].equals("insights")) {
            insightsOf(x, p[0], q.get("metric"));
        } else if (p.length == 1 && containers.containsKey(p[0])) {
            status(x, containers.get(p[0]));
        } else {
            error(x, 400, 100, "Unsupported request");
        }
    }

    private void create(HttpExchange x, Map<String, String> body) throws IOException {
        if (!"REELS".equals(body.get("media_type")) || body.get("video_url") == null) {
            error(x, 400, 100, "media_type REELS needs a video_url");
            return;
        }
        String id = "1790000000000" + (containers.size() + 1);
        containers.put(id, new Container(id, body));
        send(x, 200, JSON.createObjectNode().put("id", id));
    }

    private void status(HttpExchange x, Container c) throws IOException {
        statusReads.incrementAndGet();
        String code;
        synchronized (c) {
            code =
                    c.mediaId != null
                            ? "PUBLISHED"
                            : c.statusReads++ < inProgressReads ? "IN_PROGRESS" : "FINISHED";
        }
        send(x, 200, JSON.createObjectNode().put("status_code", code).put("id", c.id));
    }

    private void publish(HttpExchange x, String creationId) throws IOException {
        Container c = creationId == null ? null : containers.get(creationId);
        if (c == null || c.mediaId != null || c.statusReads <= inProgressReads) {
            error(x, 400, 9007, "Media ID is not available");
            return;
        }
        if (quotaUsedBefore + publishes.get() >= quotaTotal) {
            error(x, 400, 9, "Application request limit reached");
            return;
        }
        c.mediaId = "1800000000000" + publishes.incrementAndGet();
        send(x, 200, JSON.createObjectNode().put("id", c.mediaId));
    }

    private void limit(HttpExchange x) throws IOException {
        limitReads.incrementAndGet();
        ObjectNode r = JSON.createObjectNode();
        ObjectNode d = r.putArray("data").addObject();
        d.put("quota_usage", quotaUsedBefore + publishes.get());
        d.putObject("config").put("quota_total", quotaTotal).put("quota_duration", 86_400);
        send(x, 200, r);
    }

    private void insightsOf(HttpExchange x, String mediaId, String metrics) throws IOException {
        insightQueries.add(metrics);
        ObjectNode r = JSON.createObjectNode();
        ArrayNode data = r.putArray("data");
        Map<String, Double> values = insights.getOrDefault(mediaId, Map.of());
        for (String m : metrics.split(",")) {
            Double v = values.get(m);
            if (v == null) {
                continue;
            }
            ObjectNode n = data.addObject();
            n.put("name", m);
            n.put("period", "lifetime");
            n.putArray("values").addObject().put("value", v);
            n.put("id", mediaId + "/insights/" + m + "/lifetime");
        }
        send(x, 200, r);
    }

    private static Map<String, String> form(String s) {
        Map<String, String> out = new HashMap<>();
        if (s == null || s.isEmpty()) {
            return out;
        }
        for (String kv : s.split("&")) {
            String[] p = kv.split("=", 2);
            out.put(
                    URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                    URLDecoder.decode(p.length > 1 ? p[1] : "", StandardCharsets.UTF_8));
        }
        return out;
    }

    private static void error(HttpExchange x, int status, int code, String message)
            throws IOException {
        ObjectNode r = JSON.createObjectNode();
        ObjectNode e = r.putObject("error");
        e.put("message", message);
        e.put("type", "OAuthException");
        e.put("code", code);
        e.put("fbtrace_id", "TEST");
        send(x, status, r);
    }

    private static void send(HttpExchange x, int status, ObjectNode body) throws IOException {
        byte[] b = JSON.writeValueAsBytes(body);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
        x.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
