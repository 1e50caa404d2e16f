package io.flywheel.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flywheel.api.keys.Scope;
import io.flywheel.api.webhooks.WebhookAddressGuard;
import io.flywheel.api.webhooks.WebhookEvent;
import io.flywheel.api.webhooks.WebhookPayloads;
import io.flywheel.api.webhooks.WebhookStore;
import io.flywheel.config.Secret;
import io.flywheel.config.WebhookSettings;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhooks stay off internal networks: URLs on loopback, private, link-local or unique-local
 * addresses are refused when subscribed and, for a subscription whose name resolves there later
 * (DNS rebinding), at delivery, with the reason in the delivery log and nothing sent. Nothing is
 * lost: with {@code webhooks.allow.private.addresses} the same delivery is replayed and arrives
 * once. Real PostgreSQL and broker, a real local receiver.
 */
class WebhookAddressGuardTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Secret KEY =
            Secret.of(
                    Base64.getEncoder()
                            .encodeToString(
                                    "0123456789abcdef0123456789abcdef"
                                            .getBytes(StandardCharsets.US_ASCII)));
    private static final WebhookSettings REFUSE =
            new WebhookSettings(true, 1, 1_000, 1_000, 5, 100, false);
    private static final WebhookSettings ALLOW =
            new WebhookSettings(true, 1, 1_000, 1_000, 5, 100, true);

    private static ApiFixture f;
    private static String hooksKey;
    private ApiMain.WebhookRuntime runtime;
    private ApiServer server;

    @BeforeAll
    static void start() throws Exception {
        f = new ApiFixture("webhookguard", 100, 100);
        hooksKey = f.deps.keys().create(Scope.WEBHOOKS, "guard").secret();
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    private void run(WebhookSettings settings) throws Exception {
        if (server != null) {
            server.close();
            runtime.close();
        }
        runtime =
                ApiMain.webhooks(f.jdbi, KEY, settings, f.bootstrap, f.prefix, f.deps.metrics())
                        .start();
        server = new ApiServer(f.deps.withWebhooks(runtime.webhooks())).start("127.0.0.1", 0);
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return f.http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + hooksKey)
                        .header("Content-Type", "application/json")
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> subscribe(String url) throws Exception {
        return call(
                "POST",
                "/v1/webhooks",
                JSON.writeValueAsString(Map.of("url", url, "events", List.of("model.promoted"))));
    }

    private JsonNode delivery(String subscription) throws Exception {
        HttpResponse<String> r = call("GET", "/v1/webhooks/" + subscription + "/deliveries", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode d = JSON.readTree(r.body()).get("deliveries");
        return d.isEmpty() ? null : d.get(0);
    }

    private static void await(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!condition.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void everyKindOfInternalAddressIsNamedAndPublicOnesPass() {
        WebhookAddressGuard guard = new WebhookAddressGuard(false);
        Map<String, String> refused =
                Map.ofEntries(
                        Map.entry("http://127.0.0.1:8080/hook", "loopback"),
                        Map.entry("http://127.8.9.10/hook", "loopback"),
                        Map.entry("http://localhost/hook", "loopback"),
                        Map.entry("http://[::1]/hook", "loopback"),
                        Map.entry("http://[::ffff:127.0.0.1]/hook", "loopback"),
                        Map.entry("http://10.1.2.3/hook", "private"),
                        Map.entry("http://172.16.0.1/hook", "private"),
                        Map.entry("http://172.31.255.254/hook", "private"),
                        Map.entry("http://192.168.1.1/hook", "private"),
                        Map.entry("http://100.64.0.1/hook", "shared"),
                        Map.entry("http://169.254.169.254/latest/meta-data", "link-local"),
                        Map.entry("http://[fe80::1]/hook", "link-local"),
                        Map.entry("http://[fd12:3456::1]/hook", "unique-local"),
                        Map.entry("http://[fc00::1]/hook", "unique-local"),
                        Map.entry("http://0.0.0.0/hook", "unspecified"),
                        Map.entry("http://[::]/hook", "unspecified"));
        refused.forEach(
                (url, kind) ->
                        assertThat(guard.refusal(URI.create(url)))
                                .as(url)
                                .hasValueSatisfying(
                                        r ->
                                                assertThat(r)
                                                        .contains(kind + " address")
                                                        .contains(
                                                                "webhooks.allow.private.addresses")));
        for (String url :
                List.of(
                        "https://8.8.8.8/hook",
                        "http://172.32.0.1/hook",
                        "http://100.128.0.1/hook",
                        "http://192.0.2.1/hook",
                        "https://[2606:4700:4700::1111]/hook")) {
            assertThat(guard.refusal(URI.create(url))).as(url).isEmpty();
        }
        assertThat(new WebhookAddressGuard(true).refusal(URI.create("http://127.0.0.1/hook")))
                .isEmpty();
    }

    @Test
    void internalUrlsAreRefusedAtSubscriptionAndAtDeliveryAndNothingIsLost() throws Exception {
        try (WebhooksTest.Receiver receiver = new WebhooksTest.Receiver()) {
            run(REFUSE);
            HttpResponse<String> loopback = subscribe(receiver.url());
            assertThat(loopback.statusCode()).as(loopback.body()).isEqualTo(400);
            assertThat(loopback.body())
                    .contains("/url")
                    .contains("resolves to a loopback address")
                    .contains("webhooks.allow.private.addresses");
            HttpResponse<String> metadata = subscribe("http://169.254.169.254/latest/meta-data");
            assertThat(metadata.statusCode()).isEqualTo(400);
            assertThat(metadata.body()).contains("link-local address");
            assertThat(call("GET", "/v1/webhooks", null).body()).doesNotContain("127.0.0.1");

            // Subscribed while allowed (as a name that resolved to a public address would be) ...
            run(ALLOW);
            HttpResponse<String> created = subscribe(receiver.url());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String id = JSON.readTree(created.body()).get("id").asText();

            // ... and delivered to when the address is refused (the name now resolves inside).
            run(REFUSE);
            Thread.sleep(20); // the event happens after the subscription
            WebhookStore store = new WebhookStore(f.jdbi);
            assertThat(
                            store.enqueue(
                                    WebhookPayloads.payload(
                                            UUID.randomUUID().toString(),
                                            WebhookEvent.MODEL_PROMOTED,
                                            System.currentTimeMillis(),
                                            "trace-guard",
                                            Map.of("model", "m1")),
                                    Instant.now()))
                    .isEqualTo(1);
            runtime.webhooks().wakeDispatcher().run();
            await(
                    "the refused attempt",
                    () -> {
                        try {
                            JsonNode d = delivery(id);
                            return d != null && d.get("status").asText().equals("failed");
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
            JsonNode refused = delivery(id);
            assertThat(refused.get("attempts").asInt()).isEqualTo(1);
            assertThat(refused.get("last_status_code").isNull()).isTrue();
            assertThat(refused.get("last_error").asText())
                    .startsWith("not sent: the host 127.0.0.1 resolves to a loopback address");
            assertThat(receiver.received).isEmpty();

            // Allowed again, the same delivery is replayed and arrives once.
            run(ALLOW);
            HttpResponse<String> replay =
                    call(
                            "POST",
                            "/v1/webhooks/"
                                    + id
                                    + "/deliveries/"
                                    + refused.get("id").asLong()
                                    + "/replay",
                            null);
            assertThat(replay.statusCode()).as(replay.body()).isEqualTo(202);
            await("the replay", () -> receiver.received.size() == 1);
            await(
                    "the replay logged",
                    () -> {
                        try {
                            return delivery(id).get("status").asText().equals("delivered");
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
            Thread.sleep(300);
            assertThat(receiver.received).hasSize(1);
            assertThat(delivery(id).get("attempts").asInt()).isEqualTo(2);
        } finally {
            if (server != null) {
                server.close();
                runtime.close();
            }
        }
    }
}
