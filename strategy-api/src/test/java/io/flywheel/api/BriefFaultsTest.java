package io.flywheel.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flywheel.api.http.Json;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.embedded.KafkaBroker;
import io.flywheel.schemas.ContentRequested;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Briefs under faults, over real PostgreSQL and real brokers: retries with an Idempotency-Key, a
 * broker stopped while a brief is posted, and the per-key cap on render jobs per hour.
 */
class BriefFaultsTest {
    private static final String BRIEF =
            "{\"platform\":\"TIKTOK\",\"niche\":\"cooking\",\"count\":%d,\"seed\":%d}";

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    static String brief(int count, long seed) {
        return String.format(BRIEF, count, seed);
    }

    static long count(ApiFixture f, String sql, Object... args) {
        return f.jdbi.withHandle(
                h -> {
                    var q = h.createQuery(sql);
                    for (int i = 0; i < args.length; i++) {
                        q.bind(i, args[i]);
                    }
                    return q.mapTo(Long.class).one();
                });
    }

    static long jobsOf(ApiFixture f, String briefId) {
        return count(
                f,
                "SELECT count(*) FROM content_jobs WHERE brief_id = ?",
                UUID.fromString(briefId));
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyReturnsTheSameBriefAndCreatesNothing() throws Exception {
        try (ApiFixture f = new ApiFixture("idem", 1000, 1000)) {
            Map<String, String> k = Map.of("Idempotency-Key", "brief-" + UUID.randomUUID());
            HttpResponse<String> first = f.post("/v1/briefs", f.writeKey, brief(3, 7), k);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
            String briefId = json(first).get("brief_id").asText();

            HttpResponse<String> again = f.post("/v1/briefs", f.writeKey, brief(3, 7), k);
            assertThat(again.statusCode()).isEqualTo(201);
            assertThat(again.body()).isEqualTo(first.body());
            assertThat(again.headers().firstValue("Location"))
                    .isEqualTo(first.headers().firstValue("Location"));
            assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");

            // Same key, another body: refused, nothing created.
            HttpResponse<String> other = f.post("/v1/briefs", f.writeKey, brief(2, 7), k);
            assertThat(other.statusCode()).as(other.body()).isEqualTo(422);
            assertThat(json(other).get("type").asText()).endsWith("idempotency-key-reused");

            // Another key (the admin's) may use the same value for its own brief.
            HttpResponse<String> admins = f.post("/v1/briefs", f.adminKey, brief(3, 7), k);
            assertThat(admins.statusCode()).isEqualTo(201);
            assertThat(json(admins).get("brief_id").asText()).isNotEqualTo(briefId);

            assertThat(count(f, "SELECT count(*) FROM briefs")).isEqualTo(2);
            assertThat(jobsOf(f, briefId)).isEqualTo(3);
            assertThat(count(f, "SELECT count(*) FROM content_jobs")).isEqualTo(6);
            assertThat(count(f, "SELECT count(*) FROM brief_pending_events")).isZero();
            List<ContentRequested> events =
                    BriefEventsCounter.committed(f, briefId, 3, Duration.ofSeconds(3));
            assertThat(events).hasSize(3);
            assertThat(events.stream().map(ContentRequested::getJobId).distinct()).hasSize(3);

            // A malformed key value is a 400, and nothing is stored for it.
            HttpResponse<String> bad =
                    f.post(
                            "/v1/briefs",
                            f.writeKey,
                            brief(1, 1),
                            Map.of("Idempotency-Key", "x".repeat(256)));
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(count(f, "SELECT count(*) FROM api_idempotency_keys")).isEqualTo(2);
            assertThat(
                            count(
                                    f,
                                    "SELECT count(*) FROM api_idempotency_keys WHERE expires_at"
                                            + " BETWEEN now() + interval '23 hours 59 minutes'"
                                            + " AND now() + interval '24 hours'"))
                    .isEqualTo(2);
        }
    }

    @Test
    void aBriefPostedWhileTheBrokerIsDownIsCompletedByARetryExactlyOnce() throws Exception {
        Path dir = Files.createTempDirectory("flywheel-api-broker-");
        KafkaBroker broker = Ephemeral.ownKafka(dir, "384m");
        broker.start(false, Duration.ofSeconds(90));
        try (ApiFixture f =
                new ApiFixture(
                        "brokerdown",
                        1000,
                        1000,
                        Ephemeral.jdbc(Ephemeral.database("brokerdown")),
                        broker.spec().bootstrapServers(),
                        500)) {
            // One brief while the broker is up, so the producer has a transaction behind it.
            HttpResponse<String> warm =
                    f.post("/v1/briefs", f.writeKey, brief(1, 1), Map.of("Idempotency-Key", "w"));
            assertThat(warm.statusCode()).as(warm.body()).isEqualTo(201);

            broker.stop();
            Map<String, String> k = Map.of("Idempotency-Key", "during-outage");
            long t0 = System.nanoTime();
            HttpResponse<String> down = f.post("/v1/briefs", f.writeKey, brief(4, 9), k);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                    "POST with the broker stopped answered %d in %.1f s%n",
                    down.statusCode(), seconds);
            // The fixture's brief send timeout is 5 s: the answer does not wait 5 s per event.
            assertThat(seconds).isLessThan(12);
            assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
            assertThat(down.headers().firstValue("Retry-After")).contains("5");
            assertThat(json(down).get("type").asText()).endsWith("broker-unavailable");
            String briefId =
                    f.jdbi.withHandle(
                            h ->
                                    h.createQuery(
                                                    "SELECT brief_id::text FROM"
                                                            + " api_idempotency_keys WHERE"
                                                            + " idempotency_key = 'during-outage'")
                                            .mapTo(String.class)
                                            .one());
            assertThat(json(down).get("detail").asText()).contains(briefId);
            // Stored, not failed, waiting for the retry.
            assertThat(jobsOf(f, briefId)).isEqualTo(4);
            assertThat(
                            count(
                                    f,
                                    "SELECT count(*) FROM content_jobs WHERE brief_id = ? AND"
                                            + " status = 'requested'",
                                    UUID.fromString(briefId)))
                    .isEqualTo(4);
            assertThat(
                            count(
                                    f,
                                    "SELECT count(*) FROM brief_pending_events WHERE brief_id = ?",
                                    UUID.fromString(briefId)))
                    .isEqualTo(4);

            // Without a key nobody can complete a brief later: its jobs are failed at once.
            HttpResponse<String> keyless = f.post("/v1/briefs", f.writeKey, brief(2, 3));
            assertThat(keyless.statusCode()).as(keyless.body()).isEqualTo(503);
            assertThat(
                            count(
                                    f,
                                    "SELECT count(*) FROM content_jobs WHERE status = 'failed'"
                                            + " AND status_reason LIKE 'ContentRequested could not"
                                            + " be sent%'"))
                    .isEqualTo(2);

            broker.start(false, Duration.ofSeconds(90));
            HttpResponse<String> retry = null;
            int attempts = 0;
            // A restarted broker's transaction coordinator can need a few seconds: a client
            // retries per Retry-After, with the same key, until the brief is complete.
            while (attempts < 6) {
                attempts++;
                retry = f.post("/v1/briefs", f.writeKey, brief(4, 9), k);
                if (retry.statusCode() != 503) {
                    break;
                }
                Thread.sleep(2_000);
            }
            System.out.printf("completed by retry %d%n", attempts);
            assertThat(retry.statusCode()).as(retry.body()).isEqualTo(201);
            assertThat(json(retry).get("brief_id").asText()).isEqualTo(briefId);
            assertThat(json(retry).get("jobs")).hasSize(4);
            HttpResponse<String> replay = f.post("/v1/briefs", f.writeKey, brief(4, 9), k);
            assertThat(replay.statusCode()).isEqualTo(201);
            assertThat(replay.body()).isEqualTo(retry.body());

            Map<String, List<ContentRequested>> byBrief =
                    BriefEventsCounter.committedByBrief(f, briefId, 4, Duration.ofSeconds(5));
            List<ContentRequested> events = byBrief.get(briefId);
            assertThat(events).hasSize(4);
            List<String> jobIds =
                    f.jdbi.withHandle(
                            h ->
                                    h.createQuery(
                                                    "SELECT job_id::text FROM content_jobs WHERE"
                                                            + " brief_id = :b ORDER BY job_id")
                                            .bind("b", UUID.fromString(briefId))
                                            .mapTo(String.class)
                                            .list());
            assertThat(events.stream().map(ContentRequested::getJobId).sorted().toList())
                    .isEqualTo(jobIds);
            assertThat(jobsOf(f, briefId)).isEqualTo(4);
            assertThat(count(f, "SELECT count(*) FROM brief_pending_events")).isZero();
            // Briefs: the warm-up, the one of the outage (once) and the keyless one.
            assertThat(count(f, "SELECT count(*) FROM briefs")).isEqualTo(3);
            String keylessBrief =
                    f.jdbi.withHandle(
                            h ->
                                    h.createQuery(
                                                    "SELECT brief_id::text FROM content_jobs WHERE"
                                                            + " status = 'failed' LIMIT 1")
                                            .mapTo(String.class)
                                            .one());
            // Its events were aborted: none is committed (read before the retry's four).
            assertThat(byBrief).doesNotContainKey(keylessBrief);
            assertThat(byBrief.keySet()).hasSize(2); // the warm-up's and the outage's
        } finally {
            broker.stop();
        }
    }

    @Test
    void thePerKeyCapOnRenderJobsPerHourAnswers429AndCreatesNothing() throws Exception {
        try (ApiFixture f =
                new ApiFixture(
                        "quota",
                        1000,
                        1000,
                        Ephemeral.jdbc(Ephemeral.database("quota")),
                        Ephemeral.kafka().spec().bootstrapServers(),
                        5)) {
            assertThat(f.post("/v1/briefs", f.writeKey, brief(3, 1)).statusCode()).isEqualTo(201);
            HttpResponse<String> over = f.post("/v1/briefs", f.writeKey, brief(3, 2));
            assertThat(over.statusCode()).as(over.body()).isEqualTo(429);
            assertThat(json(over).get("type").asText()).endsWith("render-quota");
            // The first brief's jobs leave the hour's window in just under 3600 s.
            assertThat(Long.parseLong(over.headers().firstValue("Retry-After").orElseThrow()))
                    .isBetween(3500L, 3600L);
            assertThat(count(f, "SELECT count(*) FROM content_jobs")).isEqualTo(3);
            assertThat(count(f, "SELECT count(*) FROM briefs")).isEqualTo(1);
            assertThat(f.post("/v1/briefs", f.writeKey, brief(2, 3)).statusCode()).isEqualTo(201);
            assertThat(count(f, "SELECT count(*) FROM content_jobs")).isEqualTo(5);
            HttpResponse<String> full = f.post("/v1/briefs", f.writeKey, brief(1, 4));
            assertThat(full.statusCode()).isEqualTo(429);
            // Another key has its own cap; a brief larger than the cap never fits: 400.
            assertThat(f.post("/v1/briefs", f.adminKey, brief(5, 5)).statusCode()).isEqualTo(201);
            assertThat(f.post("/v1/briefs", f.adminKey, brief(6, 6)).statusCode()).isEqualTo(400);
            assertThat(count(f, "SELECT count(*) FROM content_jobs")).isEqualTo(10);
        }
    }
}
