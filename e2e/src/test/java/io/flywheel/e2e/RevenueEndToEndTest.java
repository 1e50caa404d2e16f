package io.flywheel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.embedded.JavaService;
import io.flywheel.model.Arm;
import io.flywheel.model.ModelMetadata;
import io.flywheel.publishers.AnalyticsState;
import io.flywheel.publishers.youtube.YouTubeAnalyticsPoller;
import io.flywheel.publishers.youtube.YouTubeClients;
import io.flywheel.publishers.youtube.YouTubeProtocolServer;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.Envelopes;
import io.flywheel.schemas.EventProducer;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.Rendition;
import io.flywheel.schemas.VideoPublished;
import io.flywheel.schemas.VideoRendered;
import io.flywheel.store.ContentJobStore;
import io.flywheel.store.Database;
import io.flywheel.store.PublicationStore;
import io.flywheel.store.VideoStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Revenue as an outcome, from a YouTube Analytics report to what a user reads: a local server
 * speaking the Analytics API reports {@code estimatedRevenue} for seven YouTube videos of two arms
 * (one video's revenue not reported); the real poller turns the reports into increments on the
 * embedded broker of {@code flywheel up}; the Flink engagement job sums them into PostgreSQL; the
 * Spark ingest, curate and train jobs ({@code flywheel jobs run}) put the revenue at the horizon in
 * gold and train the revenue model; the strategy API's {@code /v1/kpis/economics}, which the
 * dashboard's cost-and-revenue panel reads, answers each arm's revenue to the micro-dollar.
 */
class RevenueEndToEndTest {
    private static final Path HOME = Path.of(System.getProperty("flywheel.home"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "revenue-secret";
    private static final long HOUR = 3_600_000L;

    @TempDir Path tmp;
    private Path config;

    /** A video of the fixture and what the platform reports for it at each poll. */
    private record Video(
            String id,
            String platformVideoId,
            ContentParameters arm,
            long publishedAt,
            Double revenueAtHorizon,
            Double revenueLater) {
        /** US dollars to millionths, as a platform's figure is rounded once. */
        static Long micro(Double usd) {
            return usd == null ? null : Math.round(usd * 1_000_000);
        }
    }

    @AfterEach
    void down() throws Exception {
        if (config != null) {
            flywheel(Duration.ofMinutes(3), "down");
        }
    }

    @Test
    void reportedRevenueReachesTheKpisGoldTheRevenueModelAndTheEconomicsPerArm() throws Exception {
        long started = System.nanoTime();
        config =
                FlywheelCli.config(
                        tmp,
                        SECRET,
                        "scheduler.enabled=false",
                        "batch.objective=revenue",
                        "batch.horizon.hours=72",
                        "batch.min.training.rows=4");
        FlywheelCli.Run up = flywheel(Duration.ofMinutes(8), "up");
        assertThat(up.code()).as(up.out()).isZero();

        // Published 73 h ago: the first poll (71 h after publication) is within the 72 h horizon,
        // the second (now) is past it, so gold has the first report's revenue and the live KPIs
        // the second's.
        long now = System.currentTimeMillis();
        long published = now - 73 * HOUR;
        // Two arms that differ in their hook, by their keys as the dashboard shows them.
        ContentParameters earning =
                Arm.ofKey(
                                "YOUTUBE_SHORTS|fitness|BOLD_CLAIM|FAST|30|en-us+f3|UPBEAT|WORD_HIGHLIGHT|BOLD|EN_US|18")
                        .toAvro();
        ContentParameters watched =
                Arm.ofKey(
                                "YOUTUBE_SHORTS|fitness|QUESTION|FAST|30|en-us+f3|UPBEAT|WORD_HIGHLIGHT|BOLD|EN_US|18")
                        .toAvro();
        List<Video> videos =
                List.of(
                        video(earning, published, 1.234567, 1.834567),
                        video(earning, published + 60_000, 0.987654, 1.000001),
                        video(earning, published + 120_000, 2.000001, 2.5),
                        video(watched, published + 180_000, 0.010203, 0.020406),
                        video(watched, published + 240_000, 0.000007, 0.000009),
                        video(watched, published + 300_000, 0.5, 0.75),
                        // The channel's report has no revenue for this one: unknown, never 0.
                        video(watched, published + 360_000, null, null));

        try (HikariDataSource ds =
                        Database.dataSource(jdbcUrl(), "flywheel", SECRET, "revenue-e2e");
                EventProducer producer =
                        EventProducer.create(
                                "127.0.0.1:" + FlywheelCli.port(config, "kafka.broker.port"),
                                "flywheel.",
                                "revenue-e2e");
                YouTubeProtocolServer youtube = new YouTubeProtocolServer()) {
            Jdbi jdbi = Database.jdbi(ds);
            publish(jdbi, producer, videos);

            YouTubeAnalyticsPoller poller =
                    new YouTubeAnalyticsPoller(
                            new YouTubeClients(youtube.settings(6, 262_144), Clock.systemUTC())
                                    .analytics(),
                            new AnalyticsState(jdbi),
                            producer,
                            Duration.ofHours(72 + 72));
            report(youtube, videos, false);
            poller.pollOnce(now - 2 * HOUR);
            report(youtube, videos, true);
            poller.pollOnce(now);
            assertThat(poller.sent()).isEqualTo(2L * videos.size());
            assertThat(youtube.reportQueries())
                    .allSatisfy(q -> assertThat(q.get("metrics")).contains("estimatedRevenue"));

            // Flink: each video's revenue in PostgreSQL is the platform's latest total.
            Map<String, Long> live = waitForKpis(jdbi, videos);
            for (Video v : videos) {
                assertThat(live.get(v.id())).as(v.id()).isEqualTo(Video.micro(v.revenueLater()));
            }
        }

        // Spark: ingest, curate, train on the revenue objective, as the scheduler runs them.
        for (String job : List.of("ingest", "curate", "train")) {
            FlywheelCli.Run r = flywheel(Duration.ofMinutes(10), "jobs", "run", job, "--wait");
            assertThat(r.code()).as(job + ":\n" + r.out()).isZero();
        }
        Map<String, JsonNode> gold = goldRows();
        assertThat(gold).containsOnlyKeys(videos.stream().map(Video::id).toList());
        for (Video v : videos) {
            JsonNode row = gold.get(v.id());
            assertThat(row.path("horizon_reached").asBoolean()).as(row.toString()).isTrue();
            assertThat(row.path("objective").asText()).isEqualTo("revenue");
            if (v.revenueAtHorizon() == null) {
                assertThat(row.path("revenue_micro_usd").isMissingNode())
                        .as(row.toString())
                        .isTrue();
                assertThat(row.path("objective_value").isMissingNode()).isTrue();
            } else {
                assertThat(row.path("revenue_micro_usd").asLong())
                        .as(row.toString())
                        .isEqualTo(Video.micro(v.revenueAtHorizon()));
                assertThat(row.path("objective_value").asDouble())
                        .isEqualTo(Video.micro(v.revenueAtHorizon()) / 1e6);
            }
        }

        try (HikariDataSource ds =
                Database.dataSource(jdbcUrl(), "flywheel", SECRET, "revenue-e2e-registry")) {
            Map<String, Object> model =
                    Database.jdbi(ds)
                            .withHandle(
                                    h ->
                                            h.createQuery(
                                                            "SELECT model_name, status, objective,"
                                                                    + " artifact_uri, train_rows"
                                                                    + " + validation_rows AS rows"
                                                                    + " FROM model_registry")
                                                    .mapToMap()
                                                    .one());
            assertThat(model)
                    .containsEntry("model_name", "revenue-72h")
                    .containsEntry("status", "champion")
                    .containsEntry("objective", "revenue")
                    // the video without revenue is not learned from
                    .containsEntry("rows", 6L);
            assertThat(
                            ModelMetadata.read(artifactDir((String) model.get("artifact_uri")))
                                    .objective())
                    .isEqualTo("revenue");
        }

        // The API, at the route the dashboard's cost-and-revenue panel reads.
        String key = readKey();
        JsonNode arms = JSON.readTree(get(dashboardEconomicsRoute(), key)).get("arms");
        assertThat(arms).hasSize(2);
        Map<String, JsonNode> byKey = new HashMap<>();
        arms.forEach(a -> byKey.put(a.get("arm_key").asText(), a));
        for (ContentParameters arm : List.of(earning, watched)) {
            List<Video> of = videos.stream().filter(v -> v.arm() == arm).toList();
            long micro =
                    of.stream()
                            .map(v -> Video.micro(v.revenueLater()))
                            .filter(m -> m != null)
                            .mapToLong(Long::longValue)
                            .sum();
            long reported = of.stream().filter(v -> v.revenueLater() != null).count();
            JsonNode a = byKey.get(Arm.fromAvro(arm).armKey());
            assertThat(a).as(arms.toString()).isNotNull();
            assertThat(a.get("platform").asText()).isEqualTo("YOUTUBE_SHORTS");
            assertThat(a.get("videos").asLong()).isEqualTo(of.size());
            assertThat(a.get("videos_with_revenue").asLong()).isEqualTo(reported);
            assertThat(Math.round(a.get("revenue_usd").asDouble() * 1e6)).isEqualTo(micro);
            assertThat(Math.round(a.get("revenue_usd_per_video").asDouble() * reported * 1e6))
                    .isEqualTo(micro);
        }
        System.out.printf(
                "revenue end to end: %d videos in %d s%n",
                videos.size(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    }

    private static Video video(
            ContentParameters arm, long publishedAt, Double atHorizon, Double later) {
        String id = UUID.randomUUID().toString();
        return new Video(id, "yt" + id.substring(0, 8), arm, publishedAt, atHorizon, later);
    }

    /**
     * The rows and events of videos published on YouTube, as the publisher leaves them: the job,
     * video and publication rows (the job final, so no worker renders it) and the request and
     * publication on the broker for the lake and the KPI job's arms.
     */
    private static void publish(Jdbi jdbi, EventProducer producer, List<Video> videos)
            throws Exception {
        List<CompletableFuture<?>> acks = new ArrayList<>();
        for (Video v : videos) {
            String job = UUID.randomUUID().toString();
            String trace = UUID.randomUUID().toString();
            ContentRequested request =
                    ContentRequested.newBuilder()
                            .setEnvelope(
                                    Envelopes.create(
                                            ContentRequested.class,
                                            "revenue-e2e",
                                            trace,
                                            v.publishedAt() - HOUR))
                            .setJobId(job)
                            .setParameters(v.arm())
                            .setTitle("Revenue " + v.platformVideoId())
                            .setPolicyVersion("uniform-random")
                            .setSelectionProbability(0.5)
                            .build();
            new ContentJobStore(jdbi).recordRequested(request);
            new VideoStore(jdbi)
                    .recordRendered(
                            VideoRendered.newBuilder()
                                    .setEnvelope(
                                            Envelopes.create(
                                                    VideoRendered.class,
                                                    "revenue-e2e",
                                                    trace,
                                                    v.publishedAt() - 60_000))
                                    .setJobId(job)
                                    .setVideoId(v.id())
                                    .setTitle("Revenue " + v.platformVideoId())
                                    .setDurationMs(30_000)
                                    .setRenditions(
                                            List.of(
                                                    new Rendition(
                                                            "1080x1920",
                                                            1080,
                                                            1920,
                                                            30_000L,
                                                            1_000L,
                                                            v.id() + "/1080x1920.mp4")))
                                    .setTotalBytes(1_000L)
                                    .setModerationFlags(List.of())
                                    .build());
            VideoPublished publication =
                    VideoPublished.newBuilder()
                            .setEnvelope(
                                    Envelopes.create(
                                            VideoPublished.class,
                                            "revenue-e2e",
                                            trace,
                                            v.publishedAt()))
                            .setVideoId(v.id())
                            .setJobId(job)
                            .setPlatform(Platform.YOUTUBE_SHORTS)
                            .setPlatformVideoId(v.platformVideoId())
                            .setPublishedAt(v.publishedAt())
                            .setUrl("https://www.youtube.com/shorts/" + v.platformVideoId())
                            .build();
            new PublicationStore(jdbi).markPublished(publication);
            acks.add(producer.send(request));
            acks.add(producer.send(publication));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(1, TimeUnit.MINUTES);
    }

    /** The channel's cumulative report: the first at the horizon, then the later totals. */
    private static void report(YouTubeProtocolServer youtube, List<Video> videos, boolean later) {
        int n = 0;
        for (Video v : videos) {
            n++;
            Map<String, Number> metrics = new LinkedHashMap<>();
            metrics.put("views", (later ? 200 : 100) * n);
            metrics.put("engagedViews", (later ? 150 : 80) * n);
            metrics.put("estimatedMinutesWatched", (later ? 40.0 : 20.0) * n);
            Double revenue = later ? v.revenueLater() : v.revenueAtHorizon();
            if (revenue != null) {
                metrics.put("estimatedRevenue", revenue);
            }
            youtube.report(v.platformVideoId(), metrics);
        }
    }

    /** Each video's revenue in {@code kpi_video_totals} once every video has its later views. */
    private static Map<String, Long> waitForKpis(Jdbi jdbi, List<Video> videos)
            throws InterruptedException {
        Map<String, Long> revenue = new HashMap<>();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            revenue.clear();
            int done = 0;
            int n = 0;
            for (Video v : videos) {
                n++;
                long views = 200L * n;
                Map<String, Object> row =
                        jdbi.withHandle(
                                        h ->
                                                h.createQuery(
                                                                "SELECT views, revenue_micro_usd,"
                                                                        + " arm_id FROM"
                                                                        + " kpi_video_totals"
                                                                        + " WHERE video_id = :v")
                                                        .bind("v", v.id())
                                                        .mapToMap()
                                                        .findOne())
                                .orElse(null);
                if (row != null
                        && ((Number) row.get("views")).longValue() == views
                        && row.get("arm_id") != null) {
                    done++;
                    revenue.put(v.id(), (Long) row.get("revenue_micro_usd"));
                }
            }
            if (done == videos.size()) {
                return revenue;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("the KPI job did not total every video in 3 min: " + revenue);
    }

    /** The gold table's rows by video id, read by a Spark JVM of batch-jobs' build. */
    private Map<String, JsonNode> goldRows() throws Exception {
        Path target = HOME.resolve("batch-jobs/target");
        Path out = tmp.resolve("gold.jsonl");
        List<String> cmd =
                List.of(
                        JavaService.javaBinary(),
                        "-Xmx768m",
                        "@" + target.resolve("spark-jvm-flags.txt"),
                        "-cp",
                        target.resolve("test-classes")
                                + ":"
                                + target.resolve("classes")
                                + ":"
                                + target.resolve("lib")
                                + "/*",
                        "io.flywheel.batch.GoldRowsMain",
                        tmp.resolve("data/lake").toString(),
                        out.toString());
        Process p =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(tmp.resolve("gold.out").toFile())
                        .start();
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("gold reader finished").isTrue();
        assertThat(p.exitValue()).as(Files.readString(tmp.resolve("gold.out"))).isZero();
        Map<String, JsonNode> rows = new HashMap<>();
        for (String line : Files.readAllLines(out)) {
            JsonNode row = JSON.readTree(line);
            rows.put(row.get("video_id").asText(), row);
        }
        return rows;
    }

    private static Path artifactDir(String uri) {
        return uri.startsWith("file:") ? Path.of(URI.create(uri)) : Path.of(uri);
    }

    /** A read key made by {@code flywheel keys create}, which prints it on a line of its own. */
    private String readKey() throws Exception {
        FlywheelCli.Run r = flywheel(Duration.ofMinutes(2), "keys", "create", "--scope", "read");
        assertThat(r.code()).as(r.out()).isZero();
        return r.out()
                .lines()
                .map(String::trim)
                .filter(l -> l.matches("fw_[a-z0-9]{12}_[A-Za-z0-9_-]{43}"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no key in: " + r.out()));
    }

    /** The economics route as the dashboard's script served by the API asks for it. */
    private String dashboardEconomicsRoute() throws Exception {
        Matcher m =
                Pattern.compile("api\\('(/v1/kpis/economics[^']*)'\\)")
                        .matcher(get("/app.js", null));
        assertThat(m.find()).as("the dashboard reads /v1/kpis/economics").isTrue();
        return m.group(1);
    }

    private String get(String path, String key) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(
                        URI.create(
                                "http://127.0.0.1:" + FlywheelCli.port(config, "api.port") + path));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        HttpResponse<String> r =
                HttpClient.newHttpClient()
                        .send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return r.body();
    }

    private String jdbcUrl() throws Exception {
        return "jdbc:postgresql://127.0.0.1:"
                + FlywheelCli.port(config, "postgres.port")
                + "/flywheel";
    }

    private FlywheelCli.Run flywheel(Duration timeout, String... args) throws Exception {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = config.toString();
        FlywheelCli.Run r =
                new FlywheelCli(HOME)
                        .run(timeout, tmp.resolve(String.join("-", args) + ".out"), all);
        System.out.println("$ flywheel " + String.join(" ", args) + "\n" + r.out());
        return r;
    }
}
