package io.flywheel.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flywheel.api.http.Json;
import io.flywheel.api.keys.KeysCommand;
import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.DecodeResult;
import io.flywheel.schemas.Envelopes;
import io.flywheel.schemas.EventDeserializer;
import io.flywheel.schemas.ModelPromoted;
import io.flywheel.schemas.Topic;
import io.flywheel.store.JobStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The API over real PostgreSQL, the real broker and real XGBoost boosters. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StrategyApiTest {
    static ApiFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new ApiFixture("api", 1000, 1000);
        TinyModels.train(f.modelDir, 1, 4, 60, 1);
        f.champion.swap(f.loader.load("engagement/v1"));
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    static void assertProblem(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse(""))
                .startsWith("application/problem+json");
        JsonNode p = json(r);
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("type").asText()).startsWith("urn:flywheel:problem:");
        assertThat(p.get("detail").asText()).isNotBlank();
    }

    @Test
    @Order(1)
    void healthMetricsAndOpenApiAreOpen() throws Exception {
        HttpResponse<String> h = f.get("/health", null);
        assertThat(h.statusCode()).isEqualTo(200);
        JsonNode checks = json(h).get("checks");
        assertThat(checks.get("postgres").get("status").asText()).isEqualTo("UP");
        assertThat(checks.get("kafka").get("status").asText()).isEqualTo("UP");
        assertThat(checks.get("model").get("champion").asText()).isEqualTo("1");

        f.get("/v1/recommendations?platform=TIKTOK&niche=cooking", f.readKey);
        HttpResponse<String> m = f.get("/metrics", null);
        assertThat(m.body()).contains("http_server_requests_seconds").contains("jvm_memory");
        // Requests are counted by the route they matched, not by their path.
        assertThat(m.body())
                .contains("route=\"/v1/recommendations\"")
                .contains("route=\"/health\"");

        JsonNode doc = json(f.get("/openapi.json", null));
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        for (ApiServer.Route r : f.server.routes()) {
            String path = r.path().replace("<path>", "{path}");
            assertThat(doc.get("paths").has(path)).as("documented: " + path).isTrue();
            assertThat(doc.get("paths").get(path).has(r.method().name().toLowerCase()))
                    .as("documented: " + r.method() + " " + path)
                    .isTrue();
        }
    }

    @Test
    @Order(2)
    void keysAreNeededScopedAndStoredHashed() throws Exception {
        assertProblem(f.get("/v1/videos", null), 401);
        assertProblem(f.get("/v1/videos", "fw_aaaaaaaaaaaa_" + "x".repeat(43)), 401);
        assertProblem(f.get("/v1/videos", "not a key"), 401);
        assertThat(f.get("/v1/videos", f.readKey).statusCode()).isEqualTo(200);
        assertProblem(
                f.post(
                        "/v1/briefs",
                        f.readKey,
                        "{\"platform\":\"TIKTOK\",\"niche\":\"x\",\"count\":1}"),
                403);
        assertProblem(f.get("/v1/keys", f.writeKey), 403);
        HttpResponse<String> keys = f.get("/v1/keys", f.adminKey);
        assertThat(keys.statusCode()).isEqualTo(200);
        assertThat(keys.body()).doesNotContain(f.readKey.substring(16));

        // The database holds only the hash.
        String stored =
                f.jdbi.withHandle(
                        h ->
                                h.createQuery(
                                                "SELECT string_agg(encode(key_sha256,'hex') || name, ',') FROM api_keys")
                                        .mapTo(String.class)
                                        .one());
        assertThat(stored).doesNotContain(f.readKey.substring(16));

        // What `flywheel keys create --scope write` does: the key is printed once and works.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc =
                new KeysCommand(f.deps.keys())
                        .create("write", "cli key", new PrintStream(out), new PrintStream(err));
        assertThat(rc).isZero();
        String key = out.toString().trim();
        assertThat(key).startsWith("fw_");
        assertThat(f.get("/v1/briefs", key).statusCode()).isEqualTo(200);
        assertThat(
                        new KeysCommand(f.deps.keys())
                                .create("root", null, new PrintStream(out), new PrintStream(err)))
                .isEqualTo(2);
        String keyId = key.substring(3, 15);
        assertThat(
                        new KeysCommand(f.deps.keys())
                                .revoke(keyId, new PrintStream(out), new PrintStream(err)))
                .isZero();
        assertProblem(f.get("/v1/briefs", key), 401);
    }

    @Test
    @Order(3)
    void rateLimitAnswers429WithRetryAfter() throws Exception {
        try (ApiFixture slow = new ApiFixture("ratelimit", 0.5, 3)) {
            for (int i = 0; i < 3; i++) {
                assertThat(slow.get("/v1/briefs", slow.readKey).statusCode()).isEqualTo(200);
            }
            HttpResponse<String> r = slow.get("/v1/briefs", slow.readKey);
            assertProblem(r, 429);
            assertThat(Integer.parseInt(r.headers().firstValue("Retry-After").orElseThrow()))
                    .isBetween(1, 2);
            // Another key has its own bucket.
            assertThat(slow.get("/v1/briefs", slow.writeKey).statusCode()).isEqualTo(200);
            // Guessing keys: after 20 failures an address is turned away before any look-up.
            int unauthorized = 0;
            HttpResponse<String> last = null;
            for (int i = 0; i < 25; i++) {
                last =
                        slow.get(
                                "/v1/briefs",
                                "fw_" + String.format("%012d", i) + "_" + "x".repeat(43));
                if (last.statusCode() == 401) {
                    unauthorized++;
                }
            }
            assertThat(unauthorized).isBetween(20, 21);
            assertProblem(last, 429);
            assertThat(last.headers().firstValue("Retry-After")).isPresent();
            // The failed-key limiter refuses only bad keys: a valid key from the same address (a
            // colleague behind the same NAT) is served, and does not reset the guesser's count.
            assertThat(slow.get("/v1/briefs", slow.adminKey).statusCode()).isEqualTo(200);
            assertProblem(
                    slow.get("/v1/briefs", "fw_" + "9".repeat(12) + "_" + "x".repeat(43)), 429);
            assertThat(slow.get("/v1/briefs", slow.adminKey).statusCode()).isEqualTo(200);
            assertThat(slow.deps.access().trackedFailureAddresses()).isEqualTo(1);
        }
    }

    @Test
    @Order(4)
    void invalidInputIsA400WithAMessage() throws Exception {
        assertProblem(f.get("/v1/recommendations?platform=MYSPACE&niche=cooking", f.readKey), 400);
        assertProblem(
                f.get("/v1/recommendations?platform=TIKTOK&niche=cooking&count=0", f.readKey), 400);
        assertProblem(
                f.get("/v1/recommendations?platform=TIKTOK&niche=cooking&count=101", f.readKey),
                400);
        assertProblem(
                f.get("/v1/recommendations?platform=TIKTOK&niche=cooking&count=abc", f.readKey),
                400);
        assertProblem(f.get("/v1/recommendations?niche=cooking", f.readKey), 400);
        assertProblem(f.post("/v1/briefs", f.writeKey, "{\"platform\": \"TIKTOK\","), 400);
        assertProblem(f.post("/v1/briefs", f.writeKey, "[1,2]"), 400);
        HttpResponse<String> unknown =
                f.post(
                        "/v1/briefs",
                        f.writeKey,
                        "{\"platform\":\"TIKTOK\",\"niche\":\"a\",\"count\":1,\"colour\":1}");
        assertProblem(unknown, 400);
        assertThat(json(unknown).get("detail").asText()).contains("colour");
        HttpResponse<String> many =
                f.post(
                        "/v1/briefs",
                        f.writeKey,
                        "{\"platform\":\"SNAP\",\"niche\":\"A B\",\"count\":0}");
        assertProblem(many, 400);
        assertThat(json(many).get("errors")).hasSize(3);
        assertProblem(
                f.post(
                        "/v1/briefs",
                        f.writeKey,
                        "{\"platform\":\"TIKTOK\",\"niche\":\"a\",\"count\":\"3\"}"),
                400);
        HttpResponse<String> sizes =
                f.post(
                        "/v1/briefs",
                        f.writeKey,
                        "{\"platform\":\"TIKTOK\",\"niche\":\"a\",\"count\":1,\"renditions\":["
                                + "{\"label\":\"../x\",\"width\":360,\"height\":640},"
                                + "{\"label\":\"b\",\"width\":361,\"height\":100000}]}");
        assertProblem(sizes, 400);
        assertThat(json(sizes).get("errors").toString())
                .contains("/renditions/0/label", "/renditions/1/width", "/renditions/1/height");
        HttpResponse<String> french =
                f.post(
                        "/v1/briefs",
                        f.writeKey,
                        "{\"platform\":\"TIKTOK\",\"niche\":\"a\",\"count\":1,\"locale\":\"fr-FR\"}");
        assertProblem(french, 400);
        assertThat(json(french).get("errors").toString())
                .contains("/locale", "es-ES", "ja-JP")
                .doesNotContain("fr-FR\", \"");
        assertProblem(
                f.post(
                        "/v1/briefs",
                        f.writeKey,
                        "{\"platform\":\"TIKTOK\",\"niche\":\"a\",\"count\":1,\"locale\":\"es_ES\"}"),
                400);
        assertProblem(f.post("/v1/score", f.readKey, "{\"candidates\":[]}"), 400);
        assertProblem(f.get("/v1/briefs/not-a-uuid", f.readKey), 400);
        assertProblem(f.get("/v1/briefs/" + UUID.randomUUID(), f.readKey), 404);
        assertProblem(f.get("/v1/nothing-here", f.readKey), 404);

        // Size limit: the fixture accepts 64 KiB.
        HttpResponse<String> big =
                f.post("/v1/score", f.readKey, "{\"candidates\":[" + "{},".repeat(40_000) + "{}]}");
        assertProblem(big, 413);
        // A streamed body of unknown length is refused before it is read.
        HttpResponse<String> chunked =
                f.http.send(
                        HttpRequest.newBuilder(URI.create(f.url("/v1/score")))
                                .header("Authorization", "Bearer " + f.readKey)
                                .header("Content-Type", "application/json")
                                .POST(
                                        HttpRequest.BodyPublishers.ofInputStream(
                                                () ->
                                                        new java.io.ByteArrayInputStream(
                                                                candidates(3, 1).getBytes())))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertProblem(chunked, 411);
        // Wrong media type.
        HttpResponse<String> text =
                f.http.send(
                        HttpRequest.newBuilder(URI.create(f.url("/v1/briefs")))
                                .header("Authorization", "Bearer " + f.writeKey)
                                .header("Content-Type", "text/plain")
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertProblem(text, 415);
        // A body that is not one JSON object, or not JSON, or names an unknown field: a 400
        // that says which.
        for (String body : List.of("[1]", " null", "\"candidates\"")) {
            HttpResponse<String> notObject = f.post("/v1/score", f.readKey, body);
            assertProblem(notObject, 400);
            assertThat(json(notObject).get("detail").asText()).contains("must be a JSON object");
        }
        HttpResponse<String> malformed = f.post("/v1/score", f.readKey, "{\"candidates\": [");
        assertProblem(malformed, 400);
        assertThat(json(malformed).get("detail").asText()).contains("malformed JSON at line 1");
        HttpResponse<String> unknownField =
                f.post("/v1/score", f.readKey, "{\"candidates\": [], \"extra\": 1}");
        assertProblem(unknownField, 400);
        assertThat(unknownField.body()).contains("/extra").contains("is not a known field");
    }

    @Test
    @Order(5)
    void corsIsOffByDefault() throws Exception {
        HttpResponse<String> r =
                f.http.send(
                        HttpRequest.newBuilder(URI.create(f.url("/v1/videos")))
                                .header("Origin", "https://evil.example")
                                .header("Authorization", "Bearer " + f.readKey)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> pre =
                f.http.send(
                        HttpRequest.newBuilder(URI.create(f.url("/v1/briefs")))
                                .header("Origin", "https://evil.example")
                                .header("Access-Control-Request-Method", "POST")
                                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(pre.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    @Order(6)
    void recommendationsFollowTheChampionAndAreReproducibleWithASeed() throws Exception {
        String q =
                "/v1/recommendations?platform=TIKTOK&niche=cooking&count=8&exploration_share=0.25";
        JsonNode a = json(f.get(q + "&seed=42", f.readKey));
        JsonNode b = json(f.get(q + "&seed=42", f.readKey));
        assertThat(a.get("recommendations")).isEqualTo(b.get("recommendations"));
        assertThat(a.get("model_version").asText()).isEqualTo("1");
        assertThat(a.get("policy_version").asText()).startsWith("thompson2-e0.25@1/");
        assertThat(a.get("recommendations")).hasSize(8);
        int exploit = 0;
        int questionAmongExploit = 0;
        Set<String> exploitArms = new HashSet<>();
        for (JsonNode r : a.get("recommendations")) {
            double p = r.get("selection_probability").asDouble();
            assertThat(p).isGreaterThan(0).isLessThanOrEqualTo(1);
            assertThat(r.get("spread").asDouble()).isGreaterThanOrEqualTo(0);
            assertThat(r.get("parameters").get("platform").asText()).isEqualTo("TIKTOK");
            if (!r.get("exploration").asBoolean()) {
                exploit++;
                exploitArms.add(r.get("arm_key").asText());
                if (r.get("parameters").get("hook_style").asText().equals("QUESTION")) {
                    questionAmongExploit++;
                }
            }
        }
        // The planted signal (+60 for QUESTION) dominates the exploiting picks.
        assertThat(questionAmongExploit).isEqualTo(exploit);
        // Every exploiting video is the ensemble mean's best arm: repeats, not a ranked list.
        assertThat(exploit).isPositive();
        assertThat(exploitArms).hasSize(1);

        // Without a seed, every call draws a seed of its own and says which. (Whether the arms
        // then differ depends on the boosters disagreeing: trees over categorical splits of a
        // strong planted signal often share their favourite, so exploring picks the same arm.)
        Set<String> seeds = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            JsonNode r = json(f.get(q, f.readKey));
            seeds.add(r.get("seed").asText());
            assertThat(r.get("recommendations")).hasSize(8);
        }
        assertThat(seeds).hasSize(6);
    }

    @Test
    @Order(7)
    void coldStartIsTheDiverseExplorationSet() {
        io.flywheel.api.scoring.ThompsonPolicy cold =
                new io.flywheel.api.scoring.ThompsonPolicy(
                        new io.flywheel.api.scoring.Champion(),
                        io.flywheel.api.scoring.PublishedArms.none(),
                        io.flywheel.api.trends.TrendBoost.OFF,
                        0.5);
        var r = cold.recommend("YOUTUBE_SHORTS", "fitness", 12, 0.2, 5);
        assertThat(r.modelVersion()).isNull();
        assertThat(r.policyVersion()).startsWith("cold-start@");
        assertThat(r.picks()).hasSize(12).allMatch(p -> p.exploration());
        assertThat(r.picks().get(0).selectionProbability())
                .isEqualTo(1.0 / io.flywheel.api.scoring.CandidatePool.SIZE);
        Set<String> hooks = new HashSet<>();
        r.picks().forEach(p -> hooks.add(p.arm().hookStyle()));
        assertThat(hooks.size()).isGreaterThanOrEqualTo(4);
    }

    static String candidates(int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(TinyModels.randomArm(r, "TIKTOK", "cooking"));
        }
        return Json.write(Map.of("candidates", list));
    }

    @Test
    @Order(8)
    void scoreRanksThePlantedSignalAndRefusesTooMany() throws Exception {
        HttpResponse<String> r = f.post("/v1/score", f.readKey, candidates(100, 3));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.get("scores")).hasSize(100);
        assertThat(body.get("ensemble_size").asInt()).isEqualTo(4);
        java.util.Random rr = new java.util.Random(3);
        double err = 0;
        for (int i = 0; i < 100; i++) {
            var arm = TinyModels.randomArm(rr, "TIKTOK", "cooking");
            err +=
                    Math.abs(
                            body.get("scores").get(i).get("predicted_objective").asDouble()
                                    - TinyModels.truth(arm, 60));
        }
        assertThat(err / 100).as("mean absolute error against the planted truth").isLessThan(8);

        // Too many candidates are too many bytes: refused by the announced length, unread.
        ApiFixture.RawResponse tooMany =
                f.postAnnouncing("/v1/score", f.readKey, candidates(1001, 4).length());
        assertThat(tooMany.status()).as(tooMany.body()).isEqualTo(413);
        assertThat(tooMany.contentType()).startsWith("application/problem+json");
        assertThat(Json.MAPPER.readTree(tooMany.body()).get("status").asInt()).isEqualTo(413);
        String bad =
                candidates(2, 5)
                        .replaceFirst("\"TIKTOK\"", "\"ORKUT\"")
                        .replaceFirst("\"posting_hour\":\\d+", "\"posting_hour\":25");
        HttpResponse<String> badR = f.post("/v1/score", f.readKey, bad);
        assertProblem(badR, 400);
        assertThat(badR.body())
                .contains("/candidates/0/platform")
                .contains("/candidates/0/posting_hour");
    }

    @Test
    @Order(9)
    void promotionHotSwapsTheChampionWithoutDroppingARequest() throws Exception {
        TinyModels.train(f.modelDir, 2, 3, 120, 2);
        io.flywheel.api.scoring.ModelPromotions promotions =
                new io.flywheel.api.scoring.ModelPromotions(
                        f.bootstrap, f.prefix, f.loader, f.champion);
        promotions.start();
        AtomicBoolean run = new AtomicBoolean(true);
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger served = new AtomicInteger();
        Set<String> versions = java.util.concurrent.ConcurrentHashMap.newKeySet();
        String body = candidates(100, 9);
        Thread load =
                new Thread(
                        () -> {
                            while (run.get()) {
                                try {
                                    HttpResponse<String> r = f.post("/v1/score", f.readKey, body);
                                    if (r.statusCode() != 200) {
                                        failures.incrementAndGet();
                                    } else {
                                        versions.add(json(r).get("model_version").asText());
                                        served.incrementAndGet();
                                    }
                                } catch (Exception e) {
                                    failures.incrementAndGet();
                                }
                            }
                        });
        load.start();
        try {
            Thread.sleep(300);
            f.producer
                    .send(
                            ModelPromoted.newBuilder()
                                    .setEnvelope(
                                            Envelopes.create(
                                                    ModelPromoted.class,
                                                    "test",
                                                    UUID.randomUUID().toString(),
                                                    System.currentTimeMillis()))
                                    .setModelName("engagement")
                                    .setModelVersion("2")
                                    .setPreviousVersion("1")
                                    .setObjective("engaged_views")
                                    .setArtifactUri(
                                            f.modelDir.resolve("engagement/v2").toUri().toString())
                                    .setTrainingTableVersion(7)
                                    .build())
                    .get();
            long deadline = System.currentTimeMillis() + 30_000;
            while (!f.champion.version().orElse("").equals("2")
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(300);
        } finally {
            run.set(false);
            load.join();
            promotions.close();
        }
        assertThat(f.champion.version()).contains("2");
        assertThat(failures.get()).isZero();
        assertThat(served.get()).isGreaterThan(5);
        assertThat(versions).contains("1", "2");

        // An artifact outside the model directory is refused; the champion stays.
        new io.flywheel.api.scoring.ModelPromotions(f.bootstrap, f.prefix, f.loader, f.champion)
                .apply(
                        ModelPromoted.newBuilder()
                                .setEnvelope(Envelopes.create(ModelPromoted.class, "t", "t", 1L))
                                .setModelName("engagement")
                                .setModelVersion("evil")
                                .setObjective("x")
                                .setArtifactUri("../../etc")
                                .setTrainingTableVersion(1)
                                .build());
        assertThat(f.champion.version()).contains("2");
    }

    @Test
    @Order(10)
    void briefCreatesJobsAndSendsContentRequested() throws Exception {
        HttpResponse<String> r =
                f.post(
                        "/v1/briefs",
                        f.writeKey,
                        "{\"platform\":\"INSTAGRAM_REELS\",\"niche\":\"cooking\",\"count\":5,\"exploration_share\":0.4,\"seed\":11,"
                                + "\"locale\":\"es-ES\","
                                + "\"renditions\":[{\"label\":\"preview\",\"width\":360,\"height\":640}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode created = json(r);
        String briefId = created.get("brief_id").asText();
        assertThat(r.headers().firstValue("Location")).contains("/v1/briefs/" + briefId);
        assertThat(created.get("jobs")).hasSize(5);
        assertThat(created.get("jobs").get(0).toString()).contains("\"video_locale\":\"ES_ES\"");

        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, f.bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "brief-test");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ContentRequested> seen = new ArrayList<>();
        try (KafkaConsumer<String, DecodeResult> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new EventDeserializer())) {
            c.subscribe(List.of(Topic.CONTENT_REQUESTS.name(f.prefix)));
            long deadline = System.currentTimeMillis() + 30_000;
            while (seen.size() < 5 && System.currentTimeMillis() < deadline) {
                for (var rec : c.poll(Duration.ofMillis(500))) {
                    if (rec.value() instanceof DecodeResult.Decoded d
                            && d.event() instanceof ContentRequested e
                            && briefId.equals(e.getBriefId())) {
                        seen.add(e);
                        assertThat(rec.key()).isEqualTo(e.getJobId());
                    }
                }
            }
        }
        assertThat(seen).hasSize(5);
        for (ContentRequested e : seen) {
            assertThat(e.getPolicyVersion()).startsWith("thompson2-e0.40@2/");
            assertThat(e.getSelectionProbability()).isGreaterThan(0).isLessThanOrEqualTo(1);
            assertThat(e.getParameters().getPlatform().name()).isEqualTo("INSTAGRAM_REELS");
            assertThat(e.getParameters().getVideoLocale().name())
                    .as("the brief's locale reaches the render workers")
                    .isEqualTo("ES_ES");
            assertThat(e.getRenditions())
                    .extracting(x -> x.getLabel() + " " + x.getWidth() + "x" + x.getHeight())
                    .containsExactly("preview 360x640");
        }

        UUID firstJob = UUID.fromString(created.get("jobs").get(0).get("job_id").asText());
        f.deps.jobs().updateStatus(firstJob, JobStatus.RENDERING, null);
        JsonNode progress = json(f.get("/v1/briefs/" + briefId, f.readKey));
        assertThat(progress.get("status_counts").get("requested").asInt()).isEqualTo(4);
        assertThat(progress.get("status_counts").get("rendering").asInt()).isEqualTo(1);
        assertThat(progress.get("jobs")).hasSize(5);
        assertThat(json(f.get("/v1/briefs", f.readKey)).get("briefs").toString()).contains(briefId);
    }

    @Test
    @Order(11)
    void videosAndMediaWithRangesAndNoWayOutOfTheMediaDirectory() throws Exception {
        JsonNode brief =
                json(
                        f.post(
                                "/v1/briefs",
                                f.writeKey,
                                "{\"platform\":\"TIKTOK\",\"niche\":\"cooking\",\"count\":1}"));
        UUID jobId = UUID.fromString(brief.get("jobs").get(0).get("job_id").asText());
        byte[] bytes = new byte[1000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        UUID videoId = f.seedVideo(jobId, bytes);
        Files.writeString(f.dataDir.resolve("secret.txt"), "top secret");
        Files.createSymbolicLink(f.mediaDir.resolve("link.txt"), f.dataDir.resolve("secret.txt"));

        JsonNode list = json(f.get("/v1/videos", f.readKey));
        assertThat(list.get("videos").toString()).contains(videoId.toString());
        JsonNode v = json(f.get("/v1/videos/" + videoId, f.readKey));
        assertThat(v.get("parameters").get("platform").asText()).isEqualTo("TIKTOK");
        assertThat(v.get("renditions")).hasSize(2);
        String url = v.get("renditions").get(0).get("url").asText();
        assertThat(url).startsWith("/v1/media/" + videoId + "/");

        // A signed link works without a key; tampering with it does not.
        HttpResponse<byte[]> full = getBytes(url, null, null);
        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(full.body()).isEqualTo(bytes);
        assertThat(full.headers().firstValue("Accept-Ranges")).contains("bytes");
        assertThat(getBytes(url.replace("sig=", "sig=x"), null, null).statusCode()).isEqualTo(401);

        String plain = "/v1/media/" + videoId + "/1080x1920.mp4";
        HttpResponse<byte[]> part = getBytes(plain, f.readKey, "bytes=100-199");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Range")).contains("bytes 100-199/1000");
        assertThat(part.body()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 100, 200));
        HttpResponse<byte[]> suffix = getBytes(plain, f.readKey, "bytes=-10");
        assertThat(suffix.statusCode()).isEqualTo(206);
        assertThat(suffix.body()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 990, 1000));
        HttpResponse<byte[]> open = getBytes(plain, f.readKey, "bytes=900-");
        assertThat(open.body()).hasSize(100);
        HttpResponse<byte[]> beyond = getBytes(plain, f.readKey, "bytes=5000-6000");
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("Content-Range")).contains("bytes */1000");

        for (String attack :
                List.of(
                        "/v1/media/../secret.txt",
                        "/v1/media/%2e%2e/secret.txt",
                        "/v1/media/%2e%2e%2fsecret.txt",
                        "/v1/media/%252e%252e%252fsecret.txt",
                        "/v1/media/..%5csecret.txt",
                        "/v1/media/" + videoId + "/..%2f..%2fsecret.txt",
                        "/v1/media/%2fetc%2fpasswd",
                        "/v1/media//etc/passwd",
                        "/v1/media/link.txt",
                        "/v1/media/.%2e/secret.txt")) {
            HttpResponse<byte[]> r = getBytes(attack, f.readKey, null);
            assertThat(r.statusCode()).as(attack).isIn(400, 404);
            assertThat(new String(r.body()))
                    .as(attack)
                    .doesNotContain("top secret")
                    .doesNotContain("root:");
        }
    }

    HttpResponse<byte[]> getBytes(String path, String key, String range) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(f.url(path))).GET();
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (range != null) {
            b.header("Range", range);
        }
        return f.http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    @Order(12)
    void kpisPipelineAndModelsServeRealNumbers() throws Exception {
        f.withoutTable(
                "kpi_video_totals",
                () -> assertProblem(f.get("/v1/kpis/platforms", f.readKey), 503));
        List<UUID> vids =
                f.jdbi.withHandle(
                        h -> h.createQuery("SELECT video_id FROM videos").mapTo(UUID.class).list());
        f.seedKpis(vids, List.of("arm-a", "arm-b"), "TIKTOK");
        JsonNode platforms = json(f.get("/v1/kpis/platforms", f.readKey));
        assertThat(platforms.get("platforms").get(0).get("views").asLong()).isEqualTo(100);
        // A brief shows how its videos did, next to the policy that chose them.
        UUID briefOfVideo =
                f.jdbi.withHandle(
                        h ->
                                h.createQuery(
                                                "SELECT j.brief_id FROM videos v JOIN content_jobs j"
                                                        + " USING (job_id) WHERE v.video_id = :v")
                                        .bind("v", vids.get(0))
                                        .mapTo(UUID.class)
                                        .one());
        JsonNode brief = json(f.get("/v1/briefs/" + briefOfVideo, f.readKey));
        assertThat(brief.get("kpis").get("measured").asLong()).isEqualTo(1);
        assertThat(brief.get("kpis").get("views").asLong()).isEqualTo(100);
        assertThat(brief.get("kpis").get("engaged_views_per_video").asDouble()).isEqualTo(50.0);
        assertThat(brief.get("policies").get(0).asText()).startsWith("thompson");
        f.withoutTable(
                "kpi_video_totals",
                () ->
                        assertThat(
                                        json(f.get("/v1/briefs/" + briefOfVideo, f.readKey))
                                                .get("kpis")
                                                .isNull())
                                .isTrue());
        JsonNode arms =
                json(
                        f.get(
                                "/v1/kpis/arms?platform=TIKTOK&metric=views&window_seconds=60",
                                f.readKey));
        assertThat(arms.get("points")).hasSize(20);
        assertProblem(f.get("/v1/kpis/arms?metric=views;DROP", f.readKey), 400);

        JsonNode ops = json(f.get("/v1/ops/pipeline?days=3", f.readKey));
        assertThat(ops.get("days").get(0).get("requested").asLong()).isGreaterThanOrEqualTo(6);
        assertThat(ops.get("days").get(0).get("rendered").asLong()).isEqualTo(1);

        f.jdbi.useHandle(
                h ->
                        h.execute(
                                "INSERT INTO model_registry (model_name, version, status,"
                                        + " objective, artifact_uri, training_table,"
                                        + " training_table_version, train_rows, validation_rows,"
                                        + " validation_cutoff, ensemble_size, features, params,"
                                        + " metrics, baseline_metrics, decision) VALUES"
                                        + " ('engagement', 1, 'retired', 'engaged_views', ?, 'gold',"
                                        + " 4, 480, 120, now(), 4, '[]', '{}', '{\"rmse\": 6.1}',"
                                        + " '{\"rmse\": 24.0}', 'no champion yet')",
                                f.modelDir.resolve("engagement/v1").toUri().toString()));
        JsonNode models = json(f.get("/v1/models", f.readKey));
        JsonNode reg = models.get("versions").get(0).get("registry");
        assertThat(reg.get("status").asText()).isEqualTo("retired");
        assertThat(reg.get("baseline_metrics").get("rmse").asDouble()).isEqualTo(24.0);
        assertThat(models.get("versions").get(1).get("registry").isEmpty()).isTrue();
        assertThat(models.get("champion").asText()).isEqualTo("2");
        assertThat(models.get("versions")).hasSize(2);
        JsonNode v1 = json(f.get("/v1/models/1", f.readKey));
        String top = v1.get("feature_importance").fieldNames().next();
        assertThat(top).isEqualTo("hook_style");
        assertProblem(f.get("/v1/models/nope", f.readKey), 404);
        String plot = v1.get("plots").get(0).get("url").asText();
        assertThat(plot).isEqualTo("/v1/models/1/plots/feature-importance.png");
        HttpResponse<byte[]> png = getBytes(plot, f.readKey, null);
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(png.headers().firstValue("Content-Type")).contains("image/png");
        assertThat(png.body()).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        assertProblem(f.get("/v1/models/1/plots/..%2fmetadata.json", f.readKey), 400);
        assertProblem(f.get("/v1/models/1/plots/metadata.json", f.readKey), 400);
        assertProblem(f.get("/v1/models/1/plots/missing.png", f.readKey), 404);
    }

    static String experimentBody(String name) {
        String arm = Json.write(TinyModels.randomArm(new java.util.Random(1), "TIKTOK", "cooking"));
        String arm2 =
                Json.write(TinyModels.randomArm(new java.util.Random(2), "TIKTOK", "cooking"));
        return "{\"name\":"
                + Json.write(name)
                + ",\"platform\":\"TIKTOK\",\"niche\":\"cooking\",\"control_arm\":\"a\","
                + "\"arms\":[{\"name\":\"a\",\"traffic_share\":0.5,\"parameters\":"
                + arm
                + "},{\"name\":\"b\",\"traffic_share\":0.5,\"parameters\":"
                + arm2
                + "}]}";
    }

    @Test
    @Order(13)
    void experimentsAreCreatedAndReported() throws Exception {
        String body = experimentBody("Hooks'; DROP TABLE experiments;--");
        f.withoutTable(
                "experiment_results",
                () -> assertProblem(f.get("/v1/experiments", f.readKey), 503));
        HttpResponse<String> r = f.post("/v1/experiments", f.writeKey, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode e = json(r);
        String id = e.get("experiment_id").asText();
        assertThat(e.get("name").asText()).isEqualTo("Hooks'; DROP TABLE experiments;--");
        assertThat(e.get("control_arm").asText()).isEqualTo("a");
        assertThat(e.get("platform").asText()).isEqualTo("TIKTOK");
        assertThat(e.get("results")).hasSize(2);
        assertThat(e.get("results").get(0).get("jobs").asLong()).isZero();

        // The batch report, once written, shows in the answer.
        f.jdbi.useHandle(
                h ->
                        h.execute(
                                "INSERT INTO experiment_results (experiment_id, arm, videos, mean,"
                                        + " ci_low, ci_high, p_value, prob_best, computed_at)"
                                        + " VALUES (?, 'b', 12, 140.5, 120, 161, 0.03, 0.91, now())",
                                id));
        JsonNode got = json(f.get("/v1/experiments/" + id, f.readKey));
        assertThat(got.get("results").get(1).get("prob_best").asDouble()).isEqualTo(0.91);
        assertThat(got.get("arms").get(0).get("parameters").get("platform").asText())
                .isEqualTo("TIKTOK");
        assertThat(json(f.get("/v1/experiments", f.readKey)).get("experiments")).hasSize(1);
        assertProblem(f.post("/v1/experiments", f.writeKey, body.replace("0.5", "0.7")), 400);
        assertProblem(
                f.post(
                        "/v1/experiments",
                        f.writeKey,
                        body.replace("\"control_arm\":\"a\"", "\"control_arm\":\"z\"")),
                400);
        assertProblem(f.post("/v1/experiments", f.readKey, body), 403);
        assertProblem(f.get("/v1/experiments/exp-%27%20OR%201%3D1", f.readKey), 400);
        assertProblem(f.get("/v1/experiments/exp-unknown", f.readKey), 404);
    }

    @Test
    @Order(13)
    void opsServeStageLatencyAndCostAgainstBudget() throws Exception {
        f.withoutTable(
                "ops_budget_days", () -> assertProblem(f.get("/v1/ops/cost", f.readKey), 503));
        f.seedOps();
        JsonNode cost = json(f.get("/v1/ops/cost?days=3", f.readKey));
        assertThat(cost.get("days")).hasSize(1);
        assertThat(cost.get("days").get(0).get("spent_usd").asDouble()).isEqualTo(1.25);
        assertThat(cost.get("days").get(0).get("budget_usd").asDouble()).isEqualTo(5.0);
        assertThat(cost.get("days").get(0).get("providers").get("ffmpeg").asDouble())
                .isEqualTo(1.0);
        JsonNode stages = json(f.get("/v1/ops/stages?hours=2", f.readKey));
        assertThat(stages.get("stages")).hasSize(3);
        JsonNode assembly = stages.get("stages").get(0);
        assertThat(assembly.get("stage").asText()).isEqualTo("ASSEMBLY");
        assertThat(assembly.get("attempts").asLong()).isEqualTo(50);
        assertThat(assembly.get("failures").asLong()).isEqualTo(10);
        assertThat(assembly.get("latency_p95_ms_worst_minute").asDouble()).isEqualTo(605.0);
        assertProblem(f.get("/v1/ops/stages?hours=0", f.readKey), 400);
        assertThat(f.get("/health/live", null).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(14)
    void sqlInjectionPayloadsAreHarmless() throws Exception {
        String[] payloads = {
            "' OR '1'='1",
            "1; DROP TABLE briefs;--",
            "\" OR 1=1 --",
            "x') UNION SELECT key_sha256 FROM api_keys--"
        };
        for (String p : payloads) {
            String e = java.net.URLEncoder.encode(p, java.nio.charset.StandardCharsets.UTF_8);
            assertProblem(
                    f.get("/v1/recommendations?platform=" + e + "&niche=cooking", f.readKey), 400);
            assertProblem(f.get("/v1/recommendations?platform=TIKTOK&niche=" + e, f.readKey), 400);
            assertProblem(
                    f.get("/v1/recommendations?platform=TIKTOK&niche=cooking&seed=" + e, f.readKey),
                    400);
            assertProblem(f.get("/v1/kpis/arms?platform=" + e, f.readKey), 400);
            assertProblem(f.get("/v1/briefs?limit=" + e, f.readKey), 400);
            assertProblem(f.get("/v1/kpis/arms?metric=" + e, f.readKey), 400);
            assertProblem(f.get("/v1/ops/pipeline?days=" + e, f.readKey), 400);
            assertProblem(f.get("/v1/ops/cost?days=" + e, f.readKey), 400);
            assertProblem(
                    f.get(
                            "/v1/recommendations?platform=TIKTOK&niche=cooking&exploration_share="
                                    + e,
                            f.readKey),
                    400);
            assertThat(f.get("/v1/experiments/" + e, f.readKey).statusCode()).isIn(400, 404);
            assertThat(f.get("/v1/media/" + e, f.readKey).statusCode()).isIn(400, 404);
            assertThat(f.get("/v1/briefs/" + e, f.readKey).statusCode()).isIn(400, 404);
            assertThat(f.get("/v1/videos/" + e, f.readKey).statusCode()).isIn(400, 404);
            assertThat(f.get("/v1/models/" + e, f.readKey).statusCode()).isIn(400, 404);
            String body = Json.write(Map.of("platform", "TIKTOK", "niche", p, "count", 1));
            assertProblem(f.post("/v1/briefs", f.writeKey, body), 400);
        }
        long briefs =
                f.jdbi.withHandle(
                        h -> h.createQuery("SELECT count(*) FROM briefs").mapTo(Long.class).one());
        assertThat(briefs).isGreaterThan(0);
        long keys =
                f.jdbi.withHandle(
                        h ->
                                h.createQuery("SELECT count(*) FROM api_keys")
                                        .mapTo(Long.class)
                                        .one());
        assertThat(keys).isGreaterThanOrEqualTo(3);
    }

    /**
     * A brief in Spanish: the gallery's list ({@code GET /v1/videos}, what the dashboard's gallery
     * reads) shows its video under its Spanish title, and the video's arm says its language. Last,
     * so the KPI test's counts of videos stay as they are.
     */
    @Test
    @Order(15)
    void aBriefsLocaleShowsInTheGallery() throws Exception {
        JsonNode spanish =
                json(
                        f.post(
                                "/v1/briefs",
                                f.writeKey,
                                "{\"platform\":\"TIKTOK\",\"niche\":\"cooking\",\"count\":1,"
                                        + "\"locale\":\"es-ES\"}"));
        UUID spanishJob = UUID.fromString(spanish.get("jobs").get(0).get("job_id").asText());
        String title = "3 trucos de cocina que nadie te cuenta";
        UUID spanishVideo = f.seedVideo(spanishJob, new byte[100], title);
        JsonNode gallery = json(f.get("/v1/videos?limit=24", f.readKey));
        JsonNode card = null;
        for (JsonNode g : gallery.get("videos")) {
            if (g.get("video_id").asText().equals(spanishVideo.toString())) {
                card = g;
            }
        }
        assertThat(card).isNotNull();
        assertThat(card.get("title").asText()).isEqualTo(title);
        assertThat(
                        json(f.get("/v1/videos/" + spanishVideo, f.readKey))
                                .get("parameters")
                                .get("video_locale")
                                .asText())
                .isEqualTo("ES_ES");
    }
}
