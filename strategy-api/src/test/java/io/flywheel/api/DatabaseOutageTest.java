package io.flywheel.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flywheel.api.http.Json;
import io.flywheel.config.Secret;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.embedded.FreePorts;
import io.flywheel.embedded.PostgresServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped under a running API (its own server, so other tests keep theirs): routes that
 * need the database answer 503 with Retry-After, readiness says which dependency is down, liveness
 * stays up, and after PostgreSQL is back the same process serves again.
 */
class DatabaseOutageTest {
    static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    static void assertDatabaseUnavailable(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).contains("5");
        assertThat(r.headers().firstValue("Content-Type").orElse(""))
                .startsWith("application/problem+json");
        assertThat(json(r).get("type").asText())
                .isEqualTo("urn:flywheel:problem:database-unavailable");
        assertThat(json(r).get("detail").asText()).startsWith("the database is unavailable");
    }

    @Test
    void theApiAnswers503WhileTheDatabaseIsAwayAndRecoversWithoutARestart() throws Exception {
        PostgresServer pg =
                new PostgresServer(
                        new PostgresServer.Spec(
                                "127.0.0.1",
                                FreePorts.pick(),
                                Files.createTempDirectory("flywheel-api-pg-"),
                                null,
                                "outage",
                                "flywheel",
                                Secret.of(UUID.randomUUID().toString())));
        pg.start(false, Duration.ofSeconds(60));
        PostgresServer.Spec s = pg.spec();
        try (ApiFixture f =
                new ApiFixture(
                        "outage",
                        1000,
                        1000,
                        Map.of(
                                "url",
                                s.jdbcUrl(),
                                "user",
                                s.user(),
                                "password",
                                s.password().reveal()),
                        Ephemeral.kafka().spec().bootstrapServers(),
                        500)) {
            String brief = "{\"platform\":\"TIKTOK\",\"niche\":\"cooking\",\"count\":2}";
            assertThat(f.get("/health", null).statusCode()).isEqualTo(200);
            assertThat(f.get("/v1/videos", f.readKey).statusCode()).isEqualTo(200);

            pg.stop();
            assertDatabaseUnavailable(f.get("/v1/videos", f.readKey));
            assertDatabaseUnavailable(f.get("/v1/briefs", f.readKey));
            assertDatabaseUnavailable(
                    f.post(
                            "/v1/briefs",
                            f.writeKey,
                            brief,
                            Map.of("Idempotency-Key", "while-down")));
            // A key the API has not seen yet needs the database to be checked: 503, not 401.
            assertDatabaseUnavailable(f.get("/v1/videos", f.adminKey));

            HttpResponse<String> ready = f.get("/health", null);
            assertThat(ready.statusCode()).isEqualTo(503);
            JsonNode checks = json(ready).get("checks");
            assertThat(json(ready).get("status").asText()).isEqualTo("DOWN");
            assertThat(checks.get("postgres").get("status").asText()).isEqualTo("DOWN");
            assertThat(checks.get("postgres").get("detail").asText())
                    .startsWith("the database is unavailable");
            assertThat(checks.get("kafka").get("status").asText()).isEqualTo("UP");
            assertThat(checks.get("model").get("status").asText()).isEqualTo("UP");
            assertThat(f.get("/health/live", null).statusCode()).isEqualTo(200);

            pg.start(false, Duration.ofSeconds(60));
            // The same API process and pool: served again once the client waits the Retry-After
            // of its last 503 (the pool backs off between connection attempts while the server is
            // away, for at most that long).
            Thread.sleep(5_000);
            assertThat(f.get("/v1/videos", f.readKey).statusCode()).isEqualTo(200);
            assertThat(f.get("/v1/videos", f.adminKey).statusCode()).isEqualTo(200);
            assertThat(f.get("/health", null).statusCode()).isEqualTo(200);
            HttpResponse<String> created =
                    f.post(
                            "/v1/briefs",
                            f.writeKey,
                            brief,
                            Map.of("Idempotency-Key", "while-down"));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            long jobs =
                    f.jdbi.withHandle(
                            h ->
                                    h.createQuery("SELECT count(*) FROM content_jobs")
                                            .mapTo(Long.class)
                                            .one());
            assertThat(jobs).isEqualTo(2);
        } finally {
            pg.stop();
        }
    }
}
