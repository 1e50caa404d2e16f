package io.flywheel.api.review;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import io.flywheel.api.Dependencies;
import io.flywheel.api.http.Access;
import io.flywheel.api.http.ApiProblem;
import io.flywheel.api.http.Params;
import io.flywheel.api.keys.ApiKey;
import io.flywheel.api.keys.Scope;
import io.flywheel.api.routes.RouteGroup;
import io.flywheel.api.routes.RouteRegistry;
import io.flywheel.schemas.Platform;
import io.flywheel.store.JobStatus;
import io.flywheel.store.RenditionRow;
import io.flywheel.store.ReviewItem;
import io.flywheel.store.ReviewPolicies;
import io.flywheel.store.ReviewPolicy;
import io.flywheel.store.ReviewQueue;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The review queue's routes, all under the {@code review} scope (admin keys have it too): list the
 * videos waiting (filters state, channel, reason), read one with links to play it, approve, reject
 * with a reason, and read or set each channel's policy. The publisher publishes an approved video
 * and never a rejected one.
 */
public final class ReviewRoutes implements RouteGroup {
    static final int MAX_REASON = 500;
    private static final Set<String> STATES =
            Set.of(ReviewItem.PENDING, ReviewItem.APPROVED, ReviewItem.REJECTED);
    private static final Set<String> REASONS =
            Set.of(ReviewItem.CHANNEL_POLICY, ReviewItem.MODERATION_BORDERLINE);

    // Not final: the handler fields below are lambdas that read them when called.
    private Dependencies d;
    private ReviewQueue queue;
    private ReviewPolicies policies;
    private Counter approvals;
    private Counter rejections;

    public ReviewRoutes(Dependencies d) {
        this.d = d;
        this.queue = new ReviewQueue(d.jdbi());
        this.policies = new ReviewPolicies(d.jdbi());
        this.approvals = decisions(d, ReviewItem.APPROVED);
        this.rejections = decisions(d, ReviewItem.REJECTED);
        ReviewQueue q = queue;
        Gauge.builder("flywheel_review_pending", () -> pendingOrNaN(q))
                .description("videos waiting for a review decision")
                .register(d.metrics());
    }

    private static Counter decisions(Dependencies d, String decision) {
        return Counter.builder("flywheel_review_decisions")
                .description("review decisions made through the API")
                .tag("decision", decision)
                .register(d.metrics());
    }

    private static double pendingOrNaN(ReviewQueue q) {
        try {
            return q.pendingCount();
        } catch (RuntimeException e) {
            return Double.NaN; // PostgreSQL away: no number rather than a wrong one
        }
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.add(GET, "/v1/review/items", Scope.REVIEW, list);
        routes.add(GET, "/v1/review/items/{videoId}", Scope.REVIEW, read);
        routes.add(POST, "/v1/review/items/{videoId}/approve", Scope.REVIEW, approve);
        routes.add(POST, "/v1/review/items/{videoId}/reject", Scope.REVIEW, reject);
        routes.add(GET, "/v1/review/policies", Scope.REVIEW, listPolicies);
        routes.add(PUT, "/v1/review/policies/{channel}", Scope.REVIEW, setPolicy);
    }

    /** Body of the reject route. */
    record RejectRequest(String reason) {}

    /** Body of the policy route. */
    record PolicyRequest(String policy) {}

    private final Handler list =
            ctx -> {
                String state = oneOf(ctx, "state", STATES, ReviewItem.PENDING);
                String reason = oneOf(ctx, "reason", REASONS, null);
                String channel = channelParam(ctx.queryParam("channel"));
                int limit = Params.intParam(ctx, "limit", 50, 1, 200);
                List<Map<String, Object>> items = new ArrayList<>();
                for (ReviewItem i : queue.list(state, channel, reason, limit)) {
                    items.add(json(i));
                }
                ctx.json(Map.of("items", items, "pending", queue.pendingCount()));
            };

    private final Handler read = ctx -> ctx.json(json(item(ctx)));

    private final Handler approve =
            ctx -> {
                UUID id = Params.uuidPath(ctx, "videoId");
                ctx.json(json(decide(ctx, id, true, null)));
            };

    private final Handler reject =
            ctx -> {
                UUID id = Params.uuidPath(ctx, "videoId");
                RejectRequest req = Params.body(ctx, RejectRequest.class);
                String reason = req.reason() == null ? "" : req.reason().strip();
                if (reason.isEmpty() || reason.length() > MAX_REASON) {
                    throw Params.field(
                            "/reason",
                            "a rejection needs a reason of 1 to " + MAX_REASON + " characters");
                }
                ReviewItem done = decide(ctx, id, false, reason);
                d.jobs()
                        .updateStatus(
                                done.jobId(), JobStatus.REJECTED, "rejected in review: " + reason);
                ctx.json(json(done));
            };

    private ReviewItem decide(Context ctx, UUID id, boolean approve, String reason) {
        ApiKey key = ctx.attribute(Access.KEY_ATTRIBUTE);
        var decided = queue.decide(id, approve, key.keyId(), reason);
        if (decided.isPresent()) {
            (approve ? approvals : rejections).increment();
            return decided.get();
        }
        ReviewItem now =
                queue.find(id)
                        .orElseThrow(() -> ApiProblem.notFound("no video " + id + " in review"));
        String wanted = approve ? ReviewItem.APPROVED : ReviewItem.REJECTED;
        if (now.state().equals(wanted)) {
            return now; // the same decision again (a retried request) changes nothing
        }
        throw new ApiProblem(
                409,
                "conflict",
                "Already decided",
                "video " + id + " was already " + now.state() + " by key " + now.decidedBy(),
                null,
                Map.of());
    }

    /** A channel's review policy as the API answers it: {"channel": …, "policy": …}. */
    record ChannelPolicy(String channel, String policy) {}

    private final Handler listPolicies =
            ctx -> {
                Map<String, ReviewPolicy> stored = policies.all();
                List<ChannelPolicy> out = new ArrayList<>();
                for (Platform p : Platform.values()) {
                    if (p != Platform.UNKNOWN) {
                        ReviewPolicy policy =
                                stored.getOrDefault(p.name(), ReviewPolicy.PUBLISH_AT_ONCE);
                        out.add(new ChannelPolicy(p.name(), policy.wire()));
                    }
                }
                ctx.json(Map.of("policies", out));
            };

    private final Handler setPolicy =
            ctx -> {
                String channel = channelParam(ctx.pathParam("channel"));
                PolicyRequest req = Params.body(ctx, PolicyRequest.class);
                ReviewPolicy policy;
                try {
                    policy = ReviewPolicy.parse(req.policy());
                } catch (IllegalArgumentException e) {
                    throw Params.field("/policy", e.getMessage());
                }
                ApiKey key = ctx.attribute(Access.KEY_ATTRIBUTE);
                policies.set(channel, policy, key.keyId());
                ctx.json(new ChannelPolicy(channel, policy.wire()));
            };

    private ReviewItem item(Context ctx) {
        UUID id = Params.uuidPath(ctx, "videoId");
        return queue.find(id)
                .orElseThrow(() -> ApiProblem.notFound("no video " + id + " in review"));
    }

    private static String oneOf(Context ctx, String name, Set<String> allowed, String dflt) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        if (!allowed.contains(v)) {
            throw Params.field(
                    name,
                    "must be one of " + String.join(", ", allowed.stream().sorted().toList()));
        }
        return v;
    }

    /** A channel is a platform: YOUTUBE_SHORTS, TIKTOK or INSTAGRAM_REELS; null stays null. */
    private static String channelParam(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        for (Platform p : Platform.values()) {
            if (p != Platform.UNKNOWN && p.name().equals(s)) {
                return s;
            }
        }
        throw Params.field("channel", "must be YOUTUBE_SHORTS, TIKTOK or INSTAGRAM_REELS");
    }

    private Map<String, Object> json(ReviewItem i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("video_id", i.videoId().toString());
        m.put("job_id", i.jobId().toString());
        m.put("channel", i.channel());
        m.put("title", i.title());
        m.put("reason", i.reason());
        m.put("reason_detail", i.reasonDetail());
        m.put("state", i.state());
        m.put("decided_by", i.decidedBy());
        m.put("rejection_reason", i.rejectionReason());
        m.put("created_at", text(i.createdAt()));
        m.put("decided_at", text(i.decidedAt()));
        m.put("published_at", text(i.releasedAt()));
        List<RenditionRow> renditions =
                d.videos().renditions(i.videoId()).stream()
                        .sorted(Comparator.comparingLong(r -> (long) r.width() * r.height()))
                        .toList();
        List<Map<String, Object>> links = new ArrayList<>();
        for (RenditionRow r : renditions) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("label", r.label());
            l.put("width", r.width());
            l.put("height", r.height());
            l.put("url", mediaUrl(r.uri()));
            links.add(l);
        }
        // The smallest rendition plays soonest; every one is listed for a closer look.
        m.put("video_url", links.isEmpty() ? null : links.get(0).get("url"));
        m.put("renditions", links);
        m.put(
                "thumbnail_url",
                d.videos().find(i.videoId()).map(v -> mediaUrl(v.thumbnailUri())).orElse(null));
        return m;
    }

    private String mediaUrl(String uri) {
        return uri == null
                ? null
                : d.media().relativeOf(uri).map(d.mediaLinks()::link).orElse(null);
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
