package io.flywheel.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flywheel.api.http.Json;
import io.flywheel.api.keys.CreatedKey;
import io.flywheel.api.keys.Scope;
import io.flywheel.api.review.ReviewNotifier;
import io.flywheel.api.webhooks.WebhookStore;
import io.flywheel.schemas.Envelopes;
import io.flywheel.schemas.Rendition;
import io.flywheel.schemas.VideoRendered;
import io.flywheel.store.ContentJob;
import io.flywheel.store.JobStatus;
import io.flywheel.store.ReviewItem;
import io.flywheel.store.ReviewQueue;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The review queue's routes on the real API, PostgreSQL and broker: the review scope is enforced,
 * items are listed with filters and play through signed media links, decisions are recorded once
 * with the deciding key, a rejection needs a reason, channel policies are set, the metrics count,
 * and each held video queues one review.required webhook.
 */
class ReviewApiTest {
    static ApiFixture f;
    static CreatedKey reviewer;
    static ReviewQueue queue;
    static UUID policyVideo;
    static UUID borderlineVideo;
    static UUID policyJob;

    @BeforeAll
    static void start() throws Exception {
        f = new ApiFixture("review", 1000, 1000);
        reviewer = f.deps.keys().create(Scope.REVIEW, "reviewer");
        queue = new ReviewQueue(f.jdbi);
        // A subscription to review.required made before the videos were held.
        f.jdbi.useHandle(
                h ->
                        h.execute(
                                "INSERT INTO webhook_subscriptions (subscription_id, url, events,"
                                        + " secret_sealed, created_at) VALUES (?, 'http://127.0.0.1:9/',"
                                        + " ARRAY['review.required'], '\\x00'::bytea, now() - interval"
                                        + " '1 minute')",
                                UUID.randomUUID()));
        JsonNode brief =
                Json.MAPPER.readTree(
                        f.post(
                                        "/v1/briefs",
                                        f.writeKey,
                                        "{\"platform\":\"TIKTOK\",\"niche\":\"cooking\",\"count\":2}")
                                .body());
        policyJob = UUID.fromString(brief.get("jobs").get(0).get("job_id").asText());
        UUID otherJob = UUID.fromString(brief.get("jobs").get(1).get("job_id").asText());
        byte[] mp4 = new byte[4096];
        policyVideo = f.seedVideo(policyJob, mp4);
        borderlineVideo = f.seedVideo(otherJob, mp4);
        queue.hold(
                rendered(policyVideo, policyJob),
                "TIKTOK",
                ReviewItem.CHANNEL_POLICY,
                "TIKTOK waits for approval");
        queue.hold(
                rendered(borderlineVideo, otherJob),
                "TIKTOK",
                ReviewItem.MODERATION_BORDERLINE,
                "borderline: financial promise");
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    static VideoRendered rendered(UUID videoId, UUID jobId) {
        return VideoRendered.newBuilder()
                .setEnvelope(
                        Envelopes.create(
                                VideoRendered.class,
                                "test",
                                UUID.randomUUID().toString(),
                                System.currentTimeMillis()))
                .setJobId(jobId.toString())
                .setVideoId(videoId.toString())
                .setTitle("Video " + videoId.toString().substring(0, 4))
                .setDurationMs(2000)
                .setRenditions(
                        List.of(new Rendition("preview", 360, 640, 2000L, 4096L, "x/preview.mp4")))
                .setTotalBytes(4096)
                .build();
    }

    static HttpResponse<String> call(String method, String path, String key, String body)
            throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(f.url(path)))
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

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void onlyKeysWithTheReviewScopeReachTheQueue() throws Exception {
        assertThat(call("GET", "/v1/review/items", null, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/v1/review/items", f.readKey, null).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/v1/review/items", f.writeKey, null).statusCode()).isEqualTo(403);
        String hooks = f.deps.keys().create(Scope.WEBHOOKS, "hooks").secret();
        assertThat(call("GET", "/v1/review/items", hooks, null).statusCode()).isEqualTo(403);
        assertThat(
                        call(
                                        "POST",
                                        "/v1/review/items/" + policyVideo + "/approve",
                                        f.writeKey,
                                        null)
                                .statusCode())
                .isEqualTo(403);
        assertThat(call("GET", "/v1/review/items", f.adminKey, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/v1/review/items", reviewer.secret(), null).statusCode())
                .isEqualTo(200);
        // The review scope is the queue only.
        assertThat(call("GET", "/v1/videos", reviewer.secret(), null).statusCode()).isEqualTo(403);
    }

    @Test
    void listFiltersPlaysDecidesOnceAndNeedsAReasonToReject() throws Exception {
        JsonNode all = json(call("GET", "/v1/review/items", reviewer.secret(), null));
        assertThat(all.get("items")).hasSize(2);
        assertThat(all.get("pending").asInt()).isEqualTo(2);
        JsonNode borderline =
                json(
                        call(
                                "GET",
                                "/v1/review/items?reason=moderation_borderline&channel=TIKTOK",
                                reviewer.secret(),
                                null));
        assertThat(borderline.get("items")).hasSize(1);
        assertThat(borderline.get("items").get(0).get("video_id").asText())
                .isEqualTo(borderlineVideo.toString());
        assertThat(borderline.get("items").get(0).get("reason_detail").asText())
                .isEqualTo("borderline: financial promise");
        assertThat(
                        json(call(
                                        "GET",
                                        "/v1/review/items?channel=INSTAGRAM_REELS",
                                        reviewer.secret(),
                                        null))
                                .get("items"))
                .isEmpty();
        assertThat(
                        call("GET", "/v1/review/items?state=maybe", reviewer.secret(), null)
                                .statusCode())
                .isEqualTo(400);
        assertThat(
                        call("GET", "/v1/review/items?channel=MYSPACE", reviewer.secret(), null)
                                .statusCode())
                .isEqualTo(400);

        // The item's video plays: its link answers a range request.
        JsonNode item =
                json(call("GET", "/v1/review/items/" + policyVideo, reviewer.secret(), null));
        assertThat(item.get("renditions")).hasSize(2);
        assertThat(item.get("renditions").get(0).get("label").asText()).isEqualTo("preview");
        HttpResponse<byte[]> part =
                f.http.send(
                        HttpRequest.newBuilder(URI.create(f.url(item.get("video_url").asText())))
                                .header("Range", "bytes=0-99")
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).hasSize(100);
        assertThat(
                        call(
                                        "GET",
                                        "/v1/review/items/" + UUID.randomUUID(),
                                        reviewer.secret(),
                                        null)
                                .statusCode())
                .isEqualTo(404);

        // Approve: recorded with the key; the same decision again changes nothing; the opposite
        // one is a conflict.
        JsonNode approved =
                json(
                        call(
                                "POST",
                                "/v1/review/items/" + policyVideo + "/approve",
                                reviewer.secret(),
                                null));
        assertThat(approved.get("state").asText()).isEqualTo("approved");
        assertThat(approved.get("decided_by").asText()).isEqualTo(reviewer.key().keyId());
        assertThat(
                        call(
                                        "POST",
                                        "/v1/review/items/" + policyVideo + "/approve",
                                        reviewer.secret(),
                                        null)
                                .statusCode())
                .isEqualTo(200);
        assertThat(
                        call(
                                        "POST",
                                        "/v1/review/items/" + policyVideo + "/reject",
                                        reviewer.secret(),
                                        "{\"reason\":\"changed my mind\"}")
                                .statusCode())
                .isEqualTo(409);

        // Reject: a reason is required; the job is rejected with it.
        assertThat(
                        call(
                                        "POST",
                                        "/v1/review/items/" + borderlineVideo + "/reject",
                                        reviewer.secret(),
                                        "{\"reason\":\"  \"}")
                                .statusCode())
                .isEqualTo(400);
        assertThat(
                        call(
                                        "POST",
                                        "/v1/review/items/" + borderlineVideo + "/reject",
                                        reviewer.secret(),
                                        "{}")
                                .statusCode())
                .isEqualTo(400);
        assertThat(queue.find(borderlineVideo).orElseThrow().state()).isEqualTo("pending");
        JsonNode rejected =
                json(
                        call(
                                "POST",
                                "/v1/review/items/" + borderlineVideo + "/reject",
                                f.adminKey,
                                "{\"reason\":\"promises returns\"}"));
        assertThat(rejected.get("state").asText()).isEqualTo("rejected");
        assertThat(rejected.get("rejection_reason").asText()).isEqualTo("promises returns");
        ContentJob job =
                f.deps.jobs().find(queue.find(borderlineVideo).orElseThrow().jobId()).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.REJECTED);
        assertThat(job.statusReason()).isEqualTo("rejected in review: promises returns");

        assertThat(json(call("GET", "/v1/review/items", reviewer.secret(), null)).get("items"))
                .isEmpty();
        assertThat(
                        json(call(
                                        "GET",
                                        "/v1/review/items?state=approved",
                                        reviewer.secret(),
                                        null))
                                .get("items"))
                .hasSize(1);
        var m = f.deps.metrics();
        assertThat(m.get("flywheel_review_decisions").tag("decision", "approved").counter().count())
                .isEqualTo(1.0);
        assertThat(m.get("flywheel_review_decisions").tag("decision", "rejected").counter().count())
                .isEqualTo(1.0);
        assertThat(m.get("flywheel_review_pending").gauge().value()).isEqualTo(0.0);
    }

    @Test
    void channelPoliciesDefaultToPublishingAtOnceAndCanBeSet() throws Exception {
        JsonNode before = json(call("GET", "/v1/review/policies", reviewer.secret(), null));
        assertThat(before.get("policies")).hasSize(3);
        before.get("policies")
                .forEach(p -> assertThat(p.get("policy").asText()).isEqualTo("publish_at_once"));
        HttpResponse<String> set =
                call(
                        "PUT",
                        "/v1/review/policies/INSTAGRAM_REELS",
                        reviewer.secret(),
                        "{\"policy\":\"wait_for_approval\"}");
        assertThat(set.statusCode()).isEqualTo(200);
        JsonNode after = json(call("GET", "/v1/review/policies", reviewer.secret(), null));
        assertThat(after.toString())
                .contains("{\"channel\":\"INSTAGRAM_REELS\",\"policy\":\"wait_for_approval\"}");
        assertThat(
                        call(
                                        "PUT",
                                        "/v1/review/policies/INSTAGRAM_REELS",
                                        reviewer.secret(),
                                        "{\"policy\":\"sometimes\"}")
                                .statusCode())
                .isEqualTo(400);
        assertThat(
                        call(
                                        "PUT",
                                        "/v1/review/policies/MYSPACE",
                                        reviewer.secret(),
                                        "{\"policy\":\"wait_for_approval\"}")
                                .statusCode())
                .isEqualTo(400);
        assertThat(
                        call(
                                        "PUT",
                                        "/v1/review/policies/TIKTOK",
                                        f.writeKey,
                                        "{\"policy\":\"wait_for_approval\"}")
                                .statusCode())
                .isEqualTo(403);
        // Set back: the other tests' videos are not affected, and the stored row says so.
        call(
                "PUT",
                "/v1/review/policies/INSTAGRAM_REELS",
                reviewer.secret(),
                "{\"policy\":\"publish_at_once\"}");
        String updatedBy =
                f.jdbi.withHandle(
                        h ->
                                h.createQuery(
                                                "SELECT updated_by FROM review_policies WHERE"
                                                        + " channel = 'INSTAGRAM_REELS'")
                                        .mapTo(String.class)
                                        .one());
        assertThat(updatedBy).isEqualTo(reviewer.key().keyId());
    }

    @Test
    void eachHeldVideoQueuesOneReviewRequiredWebhook() throws Exception {
        AtomicInteger wakes = new AtomicInteger();
        ReviewNotifier notifier =
                new ReviewNotifier(
                        queue,
                        new WebhookStore(f.jdbi),
                        wakes::incrementAndGet,
                        Clock.systemUTC(),
                        1000);
        assertThat(notifier.notifyNew()).isEqualTo(2);
        assertThat(notifier.notifyNew()).isZero();
        assertThat(wakes.get()).isEqualTo(1);
        List<String> bodies =
                f.jdbi.withHandle(
                        h ->
                                h.createQuery(
                                                "SELECT body FROM webhook_deliveries WHERE"
                                                        + " event_type = 'review.required' ORDER"
                                                        + " BY body")
                                        .mapTo(String.class)
                                        .list());
        assertThat(bodies).hasSize(2);
        JsonNode borderline =
                bodies.stream()
                        .map(
                                b -> {
                                    try {
                                        return Json.MAPPER.readTree(b);
                                    } catch (Exception e) {
                                        throw new IllegalStateException(e);
                                    }
                                })
                        .filter(
                                b ->
                                        b.get("data")
                                                .get("video_id")
                                                .asText()
                                                .equals(borderlineVideo.toString()))
                        .findFirst()
                        .orElseThrow();
        assertThat(borderline.get("type").asText()).isEqualTo("review.required");
        assertThat(borderline.get("data").get("reason").asText())
                .isEqualTo("moderation_borderline");
        assertThat(borderline.get("data").get("channel").asText()).isEqualTo("TIKTOK");
    }
}
