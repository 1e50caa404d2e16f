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
 * A local server speaking the Pexels and Pixabay APIs' shapes: photos at {@code GET /v1/search}
 * (key in {@code Authorization}) and {@code GET /api/?key=…&q=…}, videos at {@code GET
 * /videos/search} and {@code GET /api/videos/?key=…&q=…}, answering with JSON laid out like theirs
 * whose file URLs point back at it ({@code /files/<name>}), where it serves real image and video
 * files. Each API can be told to answer with an error status or late instead.
 */
public final class FakeStock implements AutoCloseable {
    public static final String PEXELS_KEY = "pexels-test-key-123";
    public static final String PIXABAY_KEY = "pixabay-test-key-456";

    private final HttpServer server;
    private final Map<String, Path> files = new ConcurrentHashMap<>();
    private volatile int pexelsStatus = 200;
    private volatile int pixabayStatus = 200;
    private volatile long pexelsDelayMs;
    private volatile String photoName;
    private volatile String videoName;
    private volatile int pexelsVideoStatus = 200;
    private volatile int pixabayVideoStatus = 200;
    private volatile long pexelsVideoDelayMs;

    /** Width and height the Pexels video answer states for the served file. */
    private volatile int videoWidth;

    private volatile int videoHeight;
    public final AtomicInteger pexelsVideoSearches = new AtomicInteger();
    public final AtomicInteger pixabayVideoSearches = new AtomicInteger();

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
        server.createContext("/videos/search", this::pexelsVideos);
        server.createContext("/api/videos/", this::pixabayVideos);
        server.createContext("/files/", this::file);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Serves {@code file} at {@code /files/<name>}: the photo both APIs answer with. */
    public FakeStock photo(String name, Path file, int statedWidth, int statedHeight) {
        files.put(name, file);
        photoName = name;
        photoWidth = statedWidth;
        photoHeight = statedHeight;
        return this;
    }

    /**
     * Serves {@code file} at {@code /files/<name>}: in the Pexels answer the video file stated as
     * {@code statedWidth x statedHeight} among others of other sizes (which are not served), in the
     * Pixabay answer its {@code medium} (1280x720).
     */
    public FakeStock video(String name, Path file, int statedWidth, int statedHeight) {
        files.put(name, file);
        videoName = name;
        videoWidth = statedWidth;
        videoHeight = statedHeight;
        return this;
    }

    public FakeStock pexelsVideosAnswer(int status) {
        pexelsVideoStatus = status;
        return this;
    }

    public FakeStock pexelsVideosLate(long ms) {
        pexelsVideoDelayMs = ms;
        return this;
    }

    public FakeStock pixabayVideosAnswer(int status) {
        pixabayVideoStatus = status;
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
        return url() + "/files/" + photoName;
    }

    private void pexelsVideos(HttpExchange ex) throws IOException {
        pexelsVideoSearches.incrementAndGet();
        pexelsAuthorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
        Map<String, String> q = query(ex);
        queries.add(
                "pexels-video:"
                        + q.get("query")
                        + "|"
                        + q.get("orientation")
                        + "|"
                        + q.get("size"));
        sleep(pexelsVideoDelayMs);
        if (pexelsRefuses(ex, pexelsVideoStatus)) {
            return;
        }
        String f = url() + "/files/";
        send(
                ex,
                200,
                String.format(
                        "{\"page\":1,\"per_page\":15,\"total_results\":1,"
                                + "\"url\":\"https://www.pexels.com/search/videos/money/\","
                                + "\"videos\":[{\"id\":3571264,\"width\":2160,\"height\":3840,"
                                + "\"duration\":2,\"full_res\":null,\"tags\":[],"
                                + "\"url\":\"https://www.pexels.com/video/coins-3571264/\","
                                + "\"image\":\"https://images.pexels.com/videos/3571264/x.jpeg\","
                                + "\"avg_color\":null,\"user\":{\"id\":1583460,"
                                + "\"name\":\"Ana Silva\","
                                + "\"url\":\"https://www.pexels.com/@ana-silva\"},"
                                + "\"video_files\":["
                                + "{\"id\":1,\"quality\":\"hd\",\"file_type\":\"video/mp4\","
                                + "\"width\":2160,\"height\":3840,\"fps\":25,"
                                + "\"link\":\"%s4k-portrait.mp4\"},"
                                + "{\"id\":2,\"quality\":\"sd\",\"file_type\":\"video/mp4\","
                                + "\"width\":%d,\"height\":%d,\"fps\":25,"
                                + "\"link\":\"%s%s\"},"
                                + "{\"id\":3,\"quality\":\"hd\",\"file_type\":\"video/mp4\","
                                + "\"width\":1080,\"height\":1920,\"fps\":25,"
                                + "\"link\":\"%sfull-hd-portrait.mp4\"},"
                                + "{\"id\":4,\"quality\":\"sd\",\"file_type\":\"video/mp4\","
                                + "\"width\":180,\"height\":320,\"fps\":25,"
                                + "\"link\":\"%stoo-small.mp4\"},"
                                + "{\"id\":5,\"quality\":\"hd\",\"file_type\":\"video/mp4\","
                                + "\"width\":1920,\"height\":1080,\"fps\":25,"
                                + "\"link\":\"%slandscape.mp4\"},"
                                + "{\"id\":6,\"quality\":\"hls\",\"file_type\":\"video/mp4\","
                                + "\"width\":null,\"height\":null,\"fps\":null,"
                                + "\"link\":\"%splaylist.m3u8\"}],"
                                + "\"video_pictures\":[]}]}",
                        f, videoWidth, videoHeight, f, videoName, f, f, f, f));
    }

    private void pixabayVideos(HttpExchange ex) throws IOException {
        pixabayVideoSearches.incrementAndGet();
        Map<String, String> q = query(ex);
        queries.add("pixabay-video:" + q.get("q"));
        if (pixabayRefuses(ex, q, pixabayVideoStatus)) {
            return;
        }
        String f = url() + "/files/";
        send(
                ex,
                200,
                String.format(
                        "{\"total\":1,\"totalHits\":1,\"hits\":[{\"id\":125,"
                                + "\"pageURL\":\"https://pixabay.com/videos/id-125/\","
                                + "\"type\":\"film\",\"tags\":\"money, coins, savings\","
                                + "\"duration\":2,\"videos\":{"
                                + "\"large\":{\"url\":\"\",\"width\":0,\"height\":0,"
                                + "\"size\":0,\"thumbnail\":\"\"},"
                                + "\"medium\":{\"url\":\"%s%s\",\"width\":1280,"
                                + "\"height\":720,\"size\":%d,\"thumbnail\":\"%sm.jpg\"},"
                                + "\"small\":{\"url\":\"%ssmall.mp4\",\"width\":960,"
                                + "\"height\":540,\"size\":2000000,\"thumbnail\":\"%ss.jpg\"},"
                                + "\"tiny\":{\"url\":\"%stiny.mp4\",\"width\":640,"
                                + "\"height\":360,\"size\":1000000,\"thumbnail\":\"%st.jpg\"}},"
                                + "\"views\":4462,\"downloads\":1464,\"likes\":18,"
                                + "\"comments\":0,\"user_id\":1281706,\"user\":\"Coverr-Free-Footage\","
                                + "\"userImageURL\":\"https://cdn.pixabay.com/user/x_250x250.jpg\"}]}",
                        f,
                        videoName,
                        files.containsKey(videoName) ? size(files.get(videoName)) : 0,
                        f,
                        f,
                        f,
                        f,
                        f));
    }

    /** Answers a wrong key (401) or the status Pexels is told to give; whether it did. */
    private static boolean pexelsRefuses(HttpExchange ex, int status) throws IOException {
        if (!PEXELS_KEY.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            send(ex, 401, "{\"error\":\"Unauthorized\"}");
            return true;
        }
        if (status != 200) {
            send(ex, status, "{\"error\":\"Rate limit exceeded\"}");
            return true;
        }
        return false;
    }

    /** Answers a wrong key (400) or the status Pixabay is told to give; whether it did. */
    private static boolean pixabayRefuses(HttpExchange ex, Map<String, String> q, int status)
            throws IOException {
        if (!PIXABAY_KEY.equals(q.get("key"))) {
            send(ex, 400, "[ERROR 400] \"key\" is wrong or missing.");
            return true;
        }
        if (status != 200) {
            send(ex, status, "[ERROR " + status + "]");
            return true;
        }
        return false;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void pexels(HttpExchange ex) throws IOException {
        pexelsSearches.incrementAndGet();
        pexelsAuthorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
        Map<String, String> q = query(ex);
        queries.add("pexels:" + q.get("query"));
        sleep(pexelsDelayMs);
        if (pexelsRefuses(ex, pexelsStatus)) {
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
        if (pixabayRefuses(ex, q, pixabayStatus)) {
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
        ex.getResponseHeaders()
                .add("Content-Type", name.endsWith(".mp4") ? "video/mp4" : "image/jpeg");
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
