package io.flywheel.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.flywheel.api.keys.Scope;
import io.flywheel.api.webhooks.WebhookEvent;
import io.flywheel.api.webhooks.WebhookPayloads;
import io.flywheel.api.webhooks.WebhookStore;
import io.flywheel.config.Secret;
import io.flywheel.config.WebhookSettings;
import io.flywheel.schemas.Envelopes;
import io.flywheel.schemas.StageFailed;
import io.flywheel.schemas.samples.SampleEvents;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhooks end to end over the real broker and database: subscriptions made through the API,
 * Flywheel's own events on Kafka, receivers that are real local HTTP servers. Every signature is
 * checked here with javax.crypto directly (not with the API's signer); a receiver that answers 500
 * first gets the delivery again, a dispatcher restarted mid-retry carries on from PostgreSQL, and a
 * replay sends a failed delivery once more.
 */
class WebhooksTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Secret KEY =
            Secret.of(
                    Base64.getEncoder()
                            .encodeToString(
                                    "0123456789abcdef0123456789abcdef"
                                            .getBytes(StandardCharsets.US_ASCII)));
    private static final WebhookSettings SETTINGS =
            // The receivers are loopback servers.
            new WebhookSettings(true, 3, 1_500, 3_000, 5, 100, true);

    private static ApiFixture f;
    private static ApiMain.WebhookRuntime runtime;
    private static ApiServer server;
    private static String hooksKey;

    /** A local receiver: records every POST and answers with the next scripted status. */
    static final class Receiver implements AutoCloseable {
        record Received(Map<String, String> headers, String body) {}

        final HttpServer http;
        final List<Received> received = new CopyOnWriteArrayList<>();
        final List<Integer> script = new CopyOnWriteArrayList<>();
        final AtomicInteger fallback = new AtomicInteger(200);

        Receiver() throws Exception {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext(
                    "/hook",
                    ex -> {
                        Map<String, String> h = new java.util.HashMap<>();
                        ex.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(), v.get(0)));
                        received.add(
                                new Received(
                                        h,
                                        new String(
                                                ex.getRequestBody().readAllBytes(),
                                                StandardCharsets.UTF_8)));
                        int status = script.isEmpty() ? fallback.get() : script.remove(0);
                        ex.sendResponseHeaders(status, -1);
                        ex.close();
                    });
            http.start();
        }

        String url() {
            return "http://127.0.0.1:" + http.getAddress().getPort() + "/hook";
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        f = new ApiFixture("webhooks", 100, 100);
        runtime = startRuntime();
        server = new ApiServer(f.deps.withWebhooks(runtime.webhooks())).start("127.0.0.1", 0);
        hooksKey = f.deps.keys().create(Scope.WEBHOOKS, "integration").secret();
    }

    private static ApiMain.WebhookRuntime startRuntime() {
        return ApiMain.webhooks(f.jdbi, KEY, SETTINGS, f.bootstrap, f.prefix, f.deps.metrics())
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        runtime.close();
        f.close();
    }

    private static HttpResponse<String> call(String method, String path, String key, String body)
            throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .timeout(Duration.ofSeconds(30))
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return f.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode subscribe(String url, String... events) throws Exception {
        HttpResponse<String> r =
                call(
                        "POST",
                        "/v1/webhooks",
                        hooksKey,
                        JSON.writeValueAsString(Map.of("url", url, "events", List.of(events))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body());
    }

    private static JsonNode deliveries(String subscriptionId) throws Exception {
        HttpResponse<String> r =
                call("GET", "/v1/webhooks/" + subscriptionId + "/deliveries", hooksKey, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("deliveries");
    }

    private static void await(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!condition.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** HMAC-SHA256 of {@code t.body} with javax.crypto, as a receiver would check it. */
    private static void assertSigned(Receiver.Received r, String secret) throws Exception {
        String header = r.headers().get("flywheel-signature");
        assertThat(header).matches("t=\\d+,v1=[0-9a-f]{64}");
        String t = header.substring(2, header.indexOf(','));
        String v1 = header.substring(header.indexOf("v1=") + 3);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected =
                HexFormat.of()
                        .formatHex(
                                mac.doFinal((t + "." + r.body()).getBytes(StandardCharsets.UTF_8)));
        assertThat(v1).isEqualTo(expected);
        assertThat(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(t))).isLessThan(120);
        assertThat(r.headers().get("flywheel-event-id"))
                .isEqualTo(JSON.readTree(r.body()).get("id").asText());
    }

    private static double metric(String line) throws Exception {
        String text = call("GET", "/metrics", null, null).body();
        return text.lines()
                .filter(l -> l.startsWith(line + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElse(-1);
    }

    @Test
    void productEventsArriveSignedAndAFailedDeliveryIsRetriedLoggedAndReplayable()
            throws Exception {
        try (Receiver ok = new Receiver();
                Receiver flaky = new Receiver()) {
            ok.script.add(500); // the first POST fails, everything after succeeds
            JsonNode all =
                    subscribe(
                            ok.url(),
                            "video.rendered",
                            "video.published",
                            "video.failed",
                            "review.required",
                            "budget.breached",
                            "model.promoted");
            String secret = all.get("secret").asText();
            assertThat(secret).startsWith("whsec_");
            flaky.fallback.set(500);
            JsonNode onlyModels = subscribe(flaky.url(), "model.promoted");

            // The secret is shown once: never listed, never stored in plain text.
            String listed = call("GET", "/v1/webhooks", hooksKey, null).body();
            assertThat(listed).contains(all.get("id").asText()).doesNotContain("whsec_");
            byte[] sealed =
                    f.jdbi.withHandle(
                            h ->
                                    h.createQuery(
                                                    "SELECT secret_sealed FROM"
                                                            + " webhook_subscriptions WHERE"
                                                            + " subscription_id = :id")
                                            .bind("id", UUID.fromString(all.get("id").asText()))
                                            .mapTo(byte[].class)
                                            .one());
            assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(secret);

            // One event of every type, and a stage failure after which no attempt follows.
            List<SpecificRecord> events =
                    new ArrayList<>(
                            new SampleEvents(7, System.currentTimeMillis() + 1000).oneOfEach());
            StageFailed retried =
                    (StageFailed)
                            events.stream().filter(e -> e instanceof StageFailed).findFirst().get();
            events.add(
                    StageFailed.newBuilder(retried)
                            .setEnvelope(
                                    Envelopes.create(
                                            StageFailed.class,
                                            "api-test",
                                            UUID.randomUUID().toString(),
                                            System.currentTimeMillis() + 20_000))
                            .setAttempt(3)
                            .setRetryable(false)
                            .build());
            for (SpecificRecord e : events) {
                f.producer.send(e).get();
            }

            // The receiver that always fails: after its first attempt the dispatcher and the
            // listener stop (nothing is sent meanwhile) and start again; the attempts go on.
            String models = onlyModels.get("id").asText();
            await("a first failed attempt", () -> flaky.received.size() >= 1);
            runtime.close();
            assertThat(flaky.received).hasSize(1);
            Thread.sleep(2_000); // longer than the first backoff
            assertThat(flaky.received).hasSize(1);
            runtime = startRuntime();
            server.close();
            server = new ApiServer(f.deps.withWebhooks(runtime.webhooks())).start("127.0.0.1", 0);

            // 5 webhooks (rendered, published, failed, budget, model); the first POST got 500.
            await("6 POSTs to the subscriber of every event", () -> ok.received.size() >= 6);
            await(
                    "the delivery log",
                    () -> {
                        try {
                            JsonNode d = deliveries(all.get("id").asText());
                            return d.size() == 5
                                    && java.util.stream.StreamSupport.stream(d.spliterator(), false)
                                            .allMatch(
                                                    x ->
                                                            x.get("status")
                                                                    .asText()
                                                                    .equals("delivered"));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
            Thread.sleep(500); // nothing more arrives
            assertThat(ok.received).hasSize(6);
            for (Receiver.Received r : ok.received) {
                assertSigned(r, secret);
            }
            Set<String> types =
                    ok.received.stream()
                            .map(r -> r.headers().get("flywheel-event-type"))
                            .collect(Collectors.toSet());
            assertThat(types)
                    .containsExactlyInAnyOrder(
                            "video.rendered",
                            "video.published",
                            "video.failed",
                            "budget.breached",
                            "model.promoted");
            // The failed POST and its retry carried the same event id and body.
            assertThat(ok.received.get(0).body())
                    .isIn(ok.received.stream().skip(1).map(Receiver.Received::body).toList());
            JsonNode log = deliveries(all.get("id").asText());
            List<JsonNode> retriedOnce = new ArrayList<>();
            log.forEach(
                    d -> {
                        if (d.get("attempts").asInt() == 2) retriedOnce.add(d);
                    });
            assertThat(retriedOnce).hasSize(1);
            JsonNode attempts = retriedOnce.get(0).get("log");
            assertThat(attempts.get(0).get("status_code").asInt()).isEqualTo(500);
            assertThat(attempts.get(1).get("status_code").asInt()).isEqualTo(200);
            JsonNode failedEvent =
                    JSON.readTree(
                            ok.received.stream()
                                    .filter(
                                            r ->
                                                    r.headers()
                                                            .get("flywheel-event-type")
                                                            .equals("video.failed"))
                                    .findFirst()
                                    .get()
                                    .body());
            assertThat(failedEvent.get("data").get("attempt").asInt()).isEqualTo(3);
            assertThat(failedEvent.get("data").get("job_id").asText())
                    .isEqualTo(retried.getJobId().toString());

            await(
                    "the delivery failed for good after 3 attempts",
                    () -> {
                        try {
                            return deliveries(models)
                                    .get(0)
                                    .get("status")
                                    .asText()
                                    .equals("failed");
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
            assertThat(flaky.received).hasSize(3);
            JsonNode failed = deliveries(models).get(0);
            assertThat(failed.get("attempts").asInt()).isEqualTo(3);
            assertThat(failed.get("last_error").asText()).isEqualTo("HTTP 500");
            // Exponential backoff: 1.5 s, then 3 s (the restart in between only delays).
            assertThat(failed.get("log")).hasSize(3);
            Instant a1 = Instant.parse(failed.get("log").get(0).get("started_at").asText());
            Instant a2 = Instant.parse(failed.get("log").get(1).get("started_at").asText());
            Instant a3 = Instant.parse(failed.get("log").get(2).get("started_at").asText());
            assertThat(Duration.between(a1, a2)).isGreaterThanOrEqualTo(Duration.ofMillis(1_500));
            assertThat(Duration.between(a2, a3)).isGreaterThanOrEqualTo(Duration.ofMillis(3_000));

            // Replay: the receiver works again and gets the same event once more.
            flaky.fallback.set(204);
            HttpResponse<String> replay =
                    call(
                            "POST",
                            "/v1/webhooks/"
                                    + models
                                    + "/deliveries/"
                                    + failed.get("id").asLong()
                                    + "/replay",
                            hooksKey,
                            null);
            assertThat(replay.statusCode()).as(replay.body()).isEqualTo(202);
            await("the replay", () -> flaky.received.size() == 4);
            assertThat(flaky.received.get(3).headers().get("flywheel-event-id"))
                    .isEqualTo(flaky.received.get(0).headers().get("flywheel-event-id"));
            assertSigned(flaky.received.get(3), onlyModels.get("secret").asText());
            await(
                    "the replay logged",
                    () -> {
                        try {
                            return deliveries(models)
                                    .get(0)
                                    .get("status")
                                    .asText()
                                    .equals("delivered");
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
            JsonNode replayed = deliveries(models).get(0);
            assertThat(replayed.get("attempts").asInt()).isEqualTo(4);
            assertThat(replayed.get("replays").asInt()).isEqualTo(1);

            // The same event read again (a crash before the offset commit) queues nothing twice.
            WebhookStore store = new WebhookStore(f.jdbi);
            var again =
                    WebhookPayloads.payload(
                            failed.get("event_id").asText(),
                            WebhookEvent.MODEL_PROMOTED,
                            System.currentTimeMillis(),
                            "t",
                            Map.of());
            assertThat(store.enqueue(again, Instant.now())).isZero();

            // Metrics of the API process: 6 delivered (5 + the replay), 3 failed attempts retried
            // (1 + 2), 1 final, nothing left in the queue.
            await(
                    "the queue drained",
                    () -> {
                        try {
                            return metric("flywheel_webhook_retry_queue_depth") == 0;
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
            assertThat(metric("flywheel_webhook_deliveries_total")).isEqualTo(6);
            assertThat(metric("flywheel_webhook_failures_total{final=\"false\"}")).isEqualTo(3);
            assertThat(metric("flywheel_webhook_failures_total{final=\"true\"}")).isEqualTo(1);
        }
    }

    @Test
    void subscriptionsAreValidatedScopedAndNeedTheKeyForSecrets() throws Exception {
        HttpResponse<String> bad =
                call(
                        "POST",
                        "/v1/webhooks",
                        hooksKey,
                        "{\"url\":\"ftp://example.com/x\",\"events\":[\"video.exploded\"]}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("/url").contains("/events/0");
        assertThat(call("GET", "/v1/webhooks", f.readKey, null).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/v1/webhooks", f.writeKey, null).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/v1/webhooks", f.adminKey, null).statusCode()).isEqualTo(200);
        // A webhooks key reaches nothing else.
        assertThat(call("GET", "/v1/videos", hooksKey, null).statusCode()).isEqualTo(403);
        assertThat(
                        call(
                                        "GET",
                                        "/v1/webhooks/" + UUID.randomUUID() + "/deliveries",
                                        hooksKey,
                                        null)
                                .statusCode())
                .isEqualTo(404);
        // An API without FLYWHEEL_PUBLISH_TOKEN_KEY cannot keep a secret: it makes none.
        HttpResponse<String> noKey =
                f.post(
                        "/v1/webhooks",
                        f.adminKey,
                        // a public address (TEST-NET-1): the address guard lets it through
                        "{\"url\":\"http://192.0.2.1/hook\",\"events\":[\"model.promoted\"]}");
        assertThat(noKey.statusCode()).isEqualTo(503);
        assertThat(noKey.body()).contains("FLYWHEEL_PUBLISH_TOKEN_KEY");
        // Delete: gone from the list, 404 after.
        JsonNode s = subscribe("http://127.0.0.1:9/hook", "budget.breached");
        String id = s.get("id").asText();
        assertThat(call("DELETE", "/v1/webhooks/" + id, hooksKey, null).statusCode())
                .isEqualTo(204);
        assertThat(call("GET", "/v1/webhooks/" + id, hooksKey, null).statusCode()).isEqualTo(404);
        assertThat(call("DELETE", "/v1/webhooks/" + id, hooksKey, null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void connectedAccountsAreListedWithoutTokens() throws Exception {
        f.jdbi.useHandle(
                h ->
                        h.execute(
                                "INSERT INTO platform_tokens (platform, refresh_token, account_id,"
                                        + " account_name, connected_at) VALUES ('TIKTOK',"
                                        + " '\\x00'::bytea, 'open-1', 'Clip Studio', now())"));
        HttpResponse<String> r = call("GET", "/v1/accounts", f.readKey, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode a = JSON.readTree(r.body()).get("accounts");
        assertThat(a).hasSize(1);
        assertThat(a.get(0).get("platform").asText()).isEqualTo("TIKTOK");
        assertThat(a.get(0).get("account_name").asText()).isEqualTo("Clip Studio");
        assertThat(a.get(0).has("refresh_token")).isFalse();
    }
}
