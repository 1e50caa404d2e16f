package io.flywheel.api;

import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.api.briefs.BriefEvents;
import io.flywheel.api.keys.ApiKeys;
import io.flywheel.api.keys.Scope;
import io.flywheel.api.scoring.Champion;
import io.flywheel.api.scoring.ModelLoader;
import io.flywheel.api.videos.MediaFiles;
import io.flywheel.config.Secret;
import io.flywheel.config.StorageSettings;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.model.ChannelLocales;
import io.flywheel.schemas.EventProducer;
import io.flywheel.schemas.KafkaTopics;
import io.flywheel.schemas.Rendition;
import io.flywheel.schemas.Topic;
import io.flywheel.schemas.VideoRendered;
import io.flywheel.storage.MediaLinks;
import io.flywheel.storage.ModelArtifacts;
import io.flywheel.storage.S3ObjectStore;
import io.flywheel.store.Database;
import io.flywheel.store.VideoStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.jdbi.v3.core.Jdbi;

/**
 * A running API over real servers: a fresh database on the ephemeral PostgreSQL, the ephemeral
 * Kafka broker with this fixture's own topic prefix, a data directory with a model store and media,
 * and the server on a free port.
 */
final class ApiFixture implements AutoCloseable {
    /** The product's configured defaults (trend boost, exploration share). */
    static final io.flywheel.config.FlywheelConfig DEFAULTS =
            io.flywheel.config.ConfigLoader.defaults();

    final String prefix;
    final HikariDataSource ds;
    final Jdbi jdbi;
    final Path dataDir;
    final Path mediaDir;
    final Path modelDir;
    final String bootstrap;
    final EventProducer producer;
    final BriefEvents briefEvents;
    final Admin admin;
    final Champion champion = new Champion();
    final ModelLoader loader;
    final Dependencies deps;
    final ApiServer server;
    final String readKey;
    final String writeKey;
    final String adminKey;
    final HttpClient http = HttpClient.newHttpClient();

    ApiFixture(String name, double ratePerSecond, int burst) throws Exception {
        this(
                name,
                ratePerSecond,
                burst,
                Ephemeral.jdbc(Ephemeral.database(name)),
                Ephemeral.kafka().spec().bootstrapServers(),
                500);
    }

    /**
     * @param c the database's url, user and password
     * @param bootstrap the broker
     * @param jobsPerHour the per-key cap on render jobs per hour
     */
    ApiFixture(
            String name,
            double ratePerSecond,
            int burst,
            Map<String, String> c,
            String bootstrap,
            int jobsPerHour)
            throws Exception {
        this(name, ratePerSecond, burst, c, bootstrap, jobsPerHour, null);
    }

    /** An API that serves media and loads models from the bucket of {@code storage}. */
    ApiFixture(String name, StorageSettings storage) throws Exception {
        this(
                name,
                100,
                100,
                Ephemeral.jdbc(Ephemeral.database(name)),
                Ephemeral.kafka().spec().bootstrapServers(),
                500,
                storage);
    }

    private ApiFixture(
            String name,
            double ratePerSecond,
            int burst,
            Map<String, String> c,
            String bootstrap,
            int jobsPerHour,
            StorageSettings storage)
            throws Exception {
        prefix = "t" + UUID.randomUUID().toString().substring(0, 6) + "." + name + ".";
        ds = Database.dataSource(c.get("url"), c.get("user"), c.get("password"), name);
        // Fail fast while a test has stopped the database (production waits 10 s).
        ds.setConnectionTimeout(2_000);
        Database.migrate(ds);
        jdbi = Database.jdbi(ds);
        dataDir = Files.createTempDirectory("flywheel-api-" + name);
        mediaDir = Files.createDirectories(dataDir.resolve("media"));
        modelDir = Files.createDirectories(dataDir.resolve("models"));
        this.bootstrap = bootstrap;
        KafkaTopics.ensure(bootstrap, Topic.allNames(prefix), 2, (short) 1, 3_600_000L);
        producer = EventProducer.create(bootstrap, prefix, "api-test-" + name);
        briefEvents = new BriefEvents(bootstrap, prefix, "api-test-" + name, Duration.ofSeconds(5));
        Properties ap = new Properties();
        ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        admin = Admin.create(ap);
        loader =
                storage == null
                        ? new ModelLoader(modelDir)
                        : new ModelLoader(
                                modelDir, new ModelArtifacts(new S3ObjectStore(storage), modelDir));
        deps =
                ApiMain.dependencies(
                        jdbi,
                        briefEvents,
                        champion,
                        loader,
                        storage == null
                                ? new MediaFiles(mediaDir)
                                : new MediaFiles(mediaDir, new S3ObjectStore(storage)),
                        MediaLinks.of(Secret.of(""), Duration.ofHours(1), Clock.systemUTC()),
                        ratePerSecond,
                        burst,
                        64 * 1024,
                        List.of(),
                        jobsPerHour,
                        1000,
                        DEFAULTS.api().trendBoost(),
                        DEFAULTS.api().trendLookBack(),
                        DEFAULTS.batch().explorationShare(),
                        ApiMain.kafkaHealth(admin),
                        ChannelLocales.DEFAULT);
        server = new ApiServer(deps).start("127.0.0.1", 0);
        ApiKeys keys = deps.keys();
        readKey = keys.create(Scope.READ, "test reader").secret();
        writeKey = keys.create(Scope.WRITE, "test writer").secret();
        adminKey = keys.create(Scope.ADMIN, "test admin").secret();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    HttpResponse<String> get(String path, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).GET();
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String key, String json) throws Exception {
        return post(path, key, json, Map.of());
    }

    HttpResponse<String> post(String path, String key, String json, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(url(path)))
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(b::header);
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A status, content type and body read from the socket. */
    record RawResponse(int status, String contentType, String body) {}

    /**
     * What the server answers to a POST that announces {@code contentLength} bytes and sends none
     * of them: a body too large by its announced length is refused before it is read. (Sent with
     * the body, the refusal can be lost: the server closes the connection on the unread bytes, and
     * the client's TCP stack may drop the answer when that close resets it.)
     */
    RawResponse postAnnouncing(String path, String key, long contentLength) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            String head =
                    "POST "
                            + path
                            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                            + key
                            + "\r\nContent-Type: application/json\r\nContent-Length: "
                            + contentLength
                            + "\r\n\r\n";
            socket.getOutputStream()
                    .write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            java.io.BufferedReader in =
                    new java.io.BufferedReader(
                            new java.io.InputStreamReader(
                                    socket.getInputStream(),
                                    java.nio.charset.StandardCharsets.UTF_8));
            int status = Integer.parseInt(in.readLine().split(" ")[1]);
            String contentType = "";
            long length = -1;
            for (String line = in.readLine(); !line.isEmpty(); line = in.readLine()) {
                String lower = line.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-type:")) {
                    contentType = line.substring(13).trim();
                } else if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(line.substring(15).trim());
                }
            }
            char[] body = new char[(int) Math.max(0, length)];
            int read = 0;
            while (read < body.length) {
                int n = in.read(body, read, body.length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            return new RawResponse(status, contentType, new String(body, 0, read));
        }
    }

    /** Writes a rendered video with two renditions, a thumbnail and captions into media. */
    UUID seedVideo(UUID jobId, byte[] mp4) throws Exception {
        return seedVideo(jobId, mp4, null);
    }

    /** A rendered video of a job, titled as given (null: "Video" and its id's start). */
    UUID seedVideo(UUID jobId, byte[] mp4, String title) throws Exception {
        UUID videoId = UUID.randomUUID();
        Path dir = Files.createDirectories(mediaDir.resolve(videoId.toString()));
        Files.write(dir.resolve("1080x1920.mp4"), mp4);
        Files.write(dir.resolve("preview.mp4"), mp4);
        Files.write(dir.resolve("thumb.png"), tinyPng());
        Files.writeString(dir.resolve("captions.vtt"), "WEBVTT\n\n00:00.000 --> 00:01.000\nhi\n");
        VideoRendered e =
                VideoRendered.newBuilder()
                        .setEnvelope(
                                io.flywheel.schemas.Envelopes.create(
                                        VideoRendered.class,
                                        "api-test",
                                        UUID.randomUUID().toString(),
                                        System.currentTimeMillis()))
                        .setDurationMs(2000L)
                        .setLoudnessLufs(-14.0)
                        .setVideoId(videoId.toString())
                        .setJobId(jobId.toString())
                        .setTitle(
                                title != null
                                        ? title
                                        : "Video " + videoId.toString().substring(0, 4))
                        .setThumbnailUri(dir.resolve("thumb.png").toUri().toString())
                        .setCaptionsVttUri(videoId + "/captions.vtt")
                        .setCaptionsSrtUri(null)
                        .setTotalBytes(mp4.length * 2L)
                        .setRenditions(
                                List.of(
                                        new Rendition(
                                                "1080x1920",
                                                1080,
                                                1920,
                                                2000L,
                                                (long) mp4.length,
                                                dir.resolve("1080x1920.mp4").toUri().toString()),
                                        new Rendition(
                                                "preview",
                                                360,
                                                640,
                                                2000L,
                                                (long) mp4.length,
                                                videoId + "/preview.mp4")))
                        .build();
        new VideoStore(jdbi).recordRendered(e);
        return videoId;
    }

    static byte[] tinyPng() throws Exception {
        var img =
                new java.awt.image.BufferedImage(36, 64, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(new java.awt.Color(0x3355cc));
        g.fillRect(0, 0, 36, 64);
        g.dispose();
        var out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    /** Hides a table for a moment (renamed), to see how the API answers without it. */
    void withoutTable(String table, ThrowingRunnable check) throws Exception {
        jdbi.useHandle(h -> h.execute("ALTER TABLE " + table + " RENAME TO " + table + "_hidden"));
        try {
            check.run();
        } finally {
            jdbi.useHandle(h -> h.execute("ALTER TABLE " + table + "_hidden RENAME TO " + table));
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** A day of stage minutes, costs and a budget in the streaming jobs' ops tables (V11). */
    void seedOps() throws Exception {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        jdbi.useHandle(
                h -> {
                    String[] stages = {"SCRIPT", "NARRATION", "ASSEMBLY"};
                    for (int s = 0; s < stages.length; s++) {
                        for (int m = 1; m <= 5; m++) {
                            h.execute(
                                    "INSERT INTO ops_stage_minutes (stage, provider, window_start,"
                                            + " window_end, attempts, failures, failure_rate,"
                                            + " latency_p50_ms, latency_p95_ms, latency_p99_ms,"
                                            + " cost_micro_usd) VALUES (?, 'local', ?, ?, 10, ?,"
                                            + " ?, ?, ?, ?, 1500)",
                                    stages[s],
                                    now.minusSeconds(60L * m),
                                    now.minusSeconds(60L * m - 60),
                                    s,
                                    s / 10.0,
                                    100.0 * (s + 1),
                                    200.0 * (s + 1) + m,
                                    300.0 * (s + 1));
                        }
                    }
                    h.execute(
                            "INSERT INTO ops_budget_days (day, budget_micro_usd, spent_micro_usd)"
                                    + " VALUES (current_date, 5000000, 1250000)");
                    h.execute(
                            "INSERT INTO ops_provider_daily_costs (day, provider, attempts,"
                                    + " failures, cost_micro_usd) VALUES (current_date, 'espeak',"
                                    + " 30, 0, 250000), (current_date, 'ffmpeg', 30, 3, 1000000)");
                });
    }

    /** Rows in the streaming jobs' KPI tables (V10). */
    void seedKpis(List<UUID> videoIds, List<String> armIds, String platform) throws Exception {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        jdbi.useHandle(
                h -> {
                    long base = 100;
                    for (UUID v : videoIds) {
                        h.execute(
                                "INSERT INTO kpi_video_totals (video_id, platform, arm_id, events,"
                                        + " views, engaged_views, minutes_watched,"
                                        + " view_percent_weighted, view_percent_views, likes,"
                                        + " comments, shares, subscribers_gained,"
                                        + " subscribers_lost, impressions, subscribers_net,"
                                        + " first_event_at, last_event_at) VALUES (?, ?, ?, 10, ?,"
                                        + " ?, 12.5, 0, 0, 7, 1, 3, 2, 0, ?, 2, ?, ?)",
                                v.toString(),
                                platform,
                                armIds.get(0),
                                base,
                                base / 2,
                                base * 4,
                                now.minusSeconds(600),
                                now);
                        base += 50;
                    }
                    for (int a = 0; a < armIds.size(); a++) {
                        for (int w = 10; w >= 1; w--) {
                            Instant start = now.minusSeconds(60L * w);
                            h.execute(
                                    "INSERT INTO kpi_arm_windows (arm_id, platform,"
                                            + " window_seconds, window_start, window_end, events,"
                                            + " views, engaged_views, minutes_watched,"
                                            + " view_percent_weighted, view_percent_views, likes,"
                                            + " comments, shares, subscribers_gained,"
                                            + " subscribers_lost, impressions, subscribers_net)"
                                            + " VALUES (?, ?, 60, ?, ?, 5, ?, ?, 1.0, 0, 0, 1, 0,"
                                            + " 0, 0, 0, 50, 0)",
                                    armIds.get(a),
                                    platform,
                                    start,
                                    start.plusSeconds(60),
                                    20 + 3L * a + w,
                                    10 + 2L * a + w);
                        }
                    }
                });
    }

    @Override
    public void close() throws Exception {
        server.close();
        briefEvents.close();
        producer.close();
        admin.close(Duration.ofSeconds(5));
        ds.close();
    }
}
