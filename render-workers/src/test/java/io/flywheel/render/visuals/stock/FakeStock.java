package io.flywheel.render.visuals.stock;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local server speaking the Pexels and Pixabay APIs' shapes: {@code GET /v1/search} (key in
 * {@code Authorization}) and {@code GET /api/?key=…&q=…}, answering with JSON laid out like theirs
 * whose file URLs point back at it ({@code /files/<name>}), where it serves real image files. Each
 * API can be told to answer with an error status or late instead.
 */
public final class FakeStock implements AutoCloseable {
    public static final String PEXELS_KEY = "pexels-test-key-123";
    public static final String PIXABAY_KEY = "pixabay-test-key-456";

    private final HttpServer server;
    private final Map<String, Path> files = new ConcurrentHashMap<>();
    private volatile int pexelsStatus = 200;
    private volatile int pixabayStatus = 200;
    private volatile long pexelsDelayMs;

    /** Width and height each API states for its photo (the served file is the real one). */
    private volatile int photoWidth = 1200;

    private volatile int photoHeight = 2000;
    public final AtomicInteger pexelsSearches = new AtomicInteger();
    public final AtomicInteger pixabaySearches = new AtomicInteger();
    public final List<String> downloads = new CopyOnWriteArrayList<>();
    public final List<String> pexelsAuthorizations = new CopyOnWriteArrayList<>();
    public final List<String> queries = new CopyOnWriteArrayList<>();

    public FakeStock() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/search", this::pexels);
        server.createContext("/api/", this::pixabay);
        server.createContext("/files/", this::file);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Serves {@code file} at {@code /files/<name>}: the photo both APIs answer with. */
    public FakeStock photo(String name, Path file, int statedWidth, int statedHeight) {
        files.put(name, file);
        photoWidth = statedWidth;
        photoHeight = statedHeight;
        return this;
    }

    public FakeStock pexelsAnswers(int status) {
        pexelsStatus = status;
        return this;
    }

    public FakeStock pexelsLate(long ms) {
        pexelsDelayMs = ms;
        return this;
    }

    public FakeStock pixabayAnswers(int status) {
        pixabayStatus = status;
        return this;
    }

    private String fileUrl() {
        return url() + "/files/" + files.keySet().iterator().next();
    }

    private void pexels(HttpExchange ex) throws IOException {
        pexelsSearches.incrementAndGet();
        pexelsAuthorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
        Map<String, String> q = query(ex);
        queries.add("pexels:" + q.get("query"));
        sleep(pexelsDelayMs);
        if (!PEXELS_KEY.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            send(ex, 401, "{\"error\":\"Unauthorized\"}");
            return;
        }
        if (pexelsStatus != 200) {
            send(ex, pexelsStatus, "{\"error\":\"Rate limit exceeded\"}");
            return;
        }
        String f = fileUrl();
        send(
                ex,
                200,
                String.format(
                        "{\"total_results\":1,\"page\":1,\"per_page\":15,\"photos\":[{\"id\":417173,"
                                + "\"width\":%d,\"height\":%d,"
                                + "\"url\":\"https://www.pexels.com/photo/mountain-417173/\","
                                + "\"photographer\":\"Jane Doe\","
                                + "\"photographer_url\":\"https://www.pexels.com/@jane-doe\","
                                + "\"photographer_id\":680589,\"avg_color\":\"#978E82\","
                                + "\"src\":{\"original\":\"%s\",\"large2x\":\"%s?dpr=2\","
                                + "\"large\":\"%s?h=650\",\"medium\":\"%s?h=350\","
                                + "\"small\":\"%s?h=130\",\"portrait\":\"%s?h=1200&w=800\","
                                + "\"landscape\":\"%s?h=627&w=1200\",\"tiny\":\"%s?h=200\"},"
                                + "\"liked\":false,\"alt\":\"Snowy mountain\"}],"
                                + "\"next_page\":\"%s/v1/search/?page=2&per_page=15\"}",
                        photoWidth, photoHeight, f, f, f, f, f, f, f, f, url()));
    }

    private void pixabay(HttpExchange ex) throws IOException {
        pixabaySearches.incrementAndGet();
        Map<String, String> q = query(ex);
        queries.add("pixabay:" + q.get("q"));
        if (!PIXABAY_KEY.equals(q.get("key"))) {
            send(ex, 400, "[ERROR 400] \"key\" is wrong or missing.");
            return;
        }
        if (pixabayStatus != 200) {
            send(ex, pixabayStatus, "[ERROR " + pixabayStatus + "]");
            return;
        }
        String f = fileUrl();
        send(
                ex,
                200,
                String.format(
                        "{\"total\":1,\"totalHits\":1,\"hits\":[{\"id\":195893,"
                                + "\"pageURL\":\"https://pixabay.com/en/blossom-bloom-flower-195893/\","
                                + "\"type\":\"photo\",\"tags\":\"blossom, bloom, flower\","
                                + "\"previewURL\":\"%s?w=150\",\"previewWidth\":150,\"previewHeight\":84,"
                                + "\"webformatURL\":\"%s?w=640\",\"webformatWidth\":640,"
                                + "\"webformatHeight\":360,\"largeImageURL\":\"%s\","
                                + "\"imageWidth\":%d,\"imageHeight\":%d,\"imageSize\":4731420,"
                                + "\"views\":7671,\"downloads\":6439,\"likes\":5,\"comments\":2,"
                                + "\"user_id\":48777,\"user\":\"Josch13\","
                                + "\"userImageURL\":\"https://cdn.pixabay.com/user/2013/11/05/02-10-23-764_250x250.jpg\"}]}",
                        f, f, f, photoWidth, photoHeight));
    }

    private void file(HttpExchange ex) throws IOException {
        String name = ex.getRequestURI().getPath().substring("/files/".length());
        downloads.add(ex.getRequestURI().toString());
        Path f = files.get(name);
        if (f == null) {
            send(ex, 404, "not found");
            return;
        }
        byte[] b = Files.readAllBytes(f);
        ex.getResponseHeaders().add("Content-Type", "image/jpeg");
        ex.sendResponseHeaders(200, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> out = new ConcurrentHashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    out.put(
                            URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static void sleep(long ms) {
        if (ms > 0) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
