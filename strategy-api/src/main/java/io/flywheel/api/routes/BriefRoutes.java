package io.flywheel.api.routes;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.flywheel.api.Dependencies;
import io.flywheel.api.briefs.BriefRequest;
import io.flywheel.api.briefs.BriefService;
import io.flywheel.api.briefs.IdempotencyKeys;
import io.flywheel.api.http.Access;
import io.flywheel.api.http.ApiProblem;
import io.flywheel.api.http.Json;
import io.flywheel.api.http.Params;
import io.flywheel.api.insights.LearningMetrics;
import io.flywheel.api.keys.ApiKey;
import io.flywheel.api.keys.Scope;
import io.flywheel.api.thumbnails.LeadStyle;
import io.flywheel.model.Arm;
import io.flywheel.store.Brief;
import io.flywheel.store.ContentJob;
import io.flywheel.store.Video;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Briefs (content requests): {@code POST /v1/briefs} asks the policy for arms and queues one job
 * per video; {@code GET /v1/briefs} and {@code /v1/briefs/{briefId}} show their progress.
 */
public final class BriefRoutes implements RouteGroup {
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final Pattern IDEMPOTENCY_VALUE = Pattern.compile("[\\x20-\\x7E]{1,255}");

    private final Dependencies d;
    private final KpiTables kpiTables;
    private final LearningMetrics learning;

    public BriefRoutes(Dependencies d) {
        this.d = d;
        this.kpiTables = new KpiTables(d.jdbi());
        this.learning = new LearningMetrics(d.metrics(), d.jdbi());
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.post("/v1/briefs", Scope.WRITE, this::create);
        routes.get("/v1/briefs", Scope.READ, this::list);
        routes.get("/v1/briefs/{briefId}", Scope.READ, this::brief);
    }

    /** A brief as it was asked for. */
    record BriefFields(
            UUID briefId,
            String platform,
            String niche,
            int count,
            double explorationShare,
            String requestedBy,
            Instant createdAt) {
        static BriefFields of(Brief b) {
            return new BriefFields(
                    b.briefId(),
                    b.platform(),
                    b.niche(),
                    b.videoCount(),
                    b.explorationShare(),
                    b.requestedBy(),
                    b.createdAt());
        }
    }

    /** The answer of POST /v1/briefs (stored for idempotent replays). */
    record Created(
            @JsonUnwrapped BriefFields brief,
            String policyVersion,
            String seed,
            LeadStyle thumbnailStyle,
            List<CreatedJob> jobs) {}

    record CreatedJob(@JsonUnwrapped PickFields pick, UUID jobId, String status) {}

    /**
     * A brief with its jobs' progress, the policies that chose its arms, and its videos' live
     * totals (null while the KPI tables are missing): how a brief did, next to how it was chosen.
     */
    record Summary(
            @JsonUnwrapped BriefFields brief,
            Map<String, Integer> statusCounts,
            List<String> policies,
            Map<String, Object> kpis) {}

    record Briefs(List<Summary> briefs) {}

    /** One brief with its jobs. */
    record Detail(@JsonUnwrapped Summary summary, List<Job> jobs) {}

    record Job(
            UUID jobId,
            String status,
            String statusReason,
            String armKey,
            Arm parameters,
            String policyVersion,
            double selectionProbability,
            UUID videoId,
            Instant requestedAt,
            Instant updatedAt) {}

    private void create(Context ctx) {
        BriefRequest req = Params.body(ctx, BriefRequest.class);
        ApiKey key = ctx.attribute(Access.KEY_ATTRIBUTE);
        IdempotencyKeys.Key idem = idempotencyKey(ctx, req, key);
        BriefService.Answer a =
                d.briefService()
                        .submit(
                                req,
                                key == null ? null : "key:" + key.keyId(),
                                idem,
                                c -> {
                                    learning.briefCreated(
                                            c.jobs().stream()
                                                    .map(BriefService.CreatedJob::pick)
                                                    .toList());
                                    return Json.write(created(c));
                                });
        ctx.status(a.status());
        ctx.header("Location", "/v1/briefs/" + a.briefId());
        if (a.replayed()) {
            ctx.header("Idempotent-Replayed", "true");
        }
        ctx.contentType("application/json");
        ctx.result(a.body());
    }

    private static IdempotencyKeys.Key idempotencyKey(Context ctx, BriefRequest req, ApiKey key) {
        String value = ctx.header(IDEMPOTENCY_KEY);
        if (value == null || key == null) {
            return null;
        }
        if (!IDEMPOTENCY_VALUE.matcher(value).matches()) {
            throw Params.field(
                    IDEMPOTENCY_KEY, "must be 1 to 255 printable ASCII characters, e.g. a UUID");
        }
        try {
            byte[] sha =
                    MessageDigest.getInstance("SHA-256")
                            .digest(Json.write(req).getBytes(StandardCharsets.UTF_8));
            return new IdempotencyKeys.Key(key.keyId(), value, sha);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Created created(BriefService.Created c) {
        List<CreatedJob> jobs =
                c.jobs().stream()
                        .map(j -> new CreatedJob(PickFields.of(j.pick()), j.jobId(), "requested"))
                        .toList();
        return new Created(
                BriefFields.of(c.brief()),
                c.policyVersion(),
                Long.toString(c.seed()),
                c.thumbnailStyle(),
                jobs);
    }

    private Summary summary(Brief b, boolean kpis) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        d.jobs().statusCounts(b.briefId()).forEach((k, v) -> counts.put(k.dbValue(), v));
        List<String> policies =
                d.jobs().byBrief(b.briefId()).stream()
                        .map(ContentJob::policyVersion)
                        .distinct()
                        .sorted()
                        .toList();
        return new Summary(
                BriefFields.of(b),
                counts,
                policies,
                kpis ? d.kpis().briefTotals(b.briefId()) : null);
    }

    private void list(Context ctx) {
        int limit = Params.intParam(ctx, "limit", 20, 1, 100);
        boolean kpis = kpiTables.available();
        ctx.json(new Briefs(d.briefs().recent(limit).stream().map(b -> summary(b, kpis)).toList()));
    }

    private void brief(Context ctx) {
        UUID id = Params.uuidPath(ctx, "briefId");
        Brief b = d.briefs().find(id).orElseThrow(() -> ApiProblem.notFound("no brief " + id));
        Summary summary = summary(b, kpiTables.available());
        List<Job> jobs =
                d.jobs().byBrief(id).stream()
                        .map(
                                j ->
                                        new Job(
                                                j.jobId(),
                                                j.status().dbValue(),
                                                j.statusReason(),
                                                j.armKey(),
                                                j.arm(),
                                                j.policyVersion(),
                                                j.selectionProbability(),
                                                d.videos()
                                                        .findByJob(j.jobId())
                                                        .map(Video::videoId)
                                                        .orElse(null),
                                                j.requestedAt(),
                                                j.updatedAt()))
                        .toList();
        ctx.json(new Detail(summary, jobs));
    }
}
