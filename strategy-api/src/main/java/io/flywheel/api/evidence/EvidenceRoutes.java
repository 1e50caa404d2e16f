package io.flywheel.api.evidence;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.PUT;

import io.flywheel.api.Dependencies;
import io.flywheel.api.http.ApiProblem;
import io.flywheel.api.http.Params;
import io.flywheel.api.http.Problem.FieldError;
import io.flywheel.api.keys.Scope;
import io.flywheel.api.routes.RouteGroup;
import io.flywheel.api.routes.RouteRegistry;
import io.flywheel.publishers.evidence.EvidenceGate;
import io.flywheel.schemas.Platform;
import io.flywheel.store.AssetEvidence;
import io.flywheel.store.AssetEvidenceStore;
import io.flywheel.store.PublicationStore;
import io.flywheel.store.Video;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A video's licence evidence: {@code GET /v1/videos/{videoId}/evidence} (scope read) lists every
 * asset with its provider, version, source, licence and receipt, and says whether the evidence lets
 * the video go to its platform (the publisher's own check) and where its publication stands; {@code
 * PUT /v1/videos/{videoId}/evidence/{assetKey}} (scope write) records a licence found later, after
 * which the publisher, which checks a held video again every 30 s, publishes it.
 */
public final class EvidenceRoutes implements RouteGroup {
    static final Pattern KEY = Pattern.compile("[a-z]+(:[A-Za-z0-9 ._x-]{1,80}){0,2}");

    // Not final: the handler fields below are lambdas that read them when called.
    private Dependencies d;
    private AssetEvidenceStore evidence;
    private PublicationStore publications;

    public EvidenceRoutes(Dependencies d) {
        this.d = d;
        this.evidence = new AssetEvidenceStore(d.jdbi());
        this.publications = new PublicationStore(d.jdbi());
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.add(GET, "/v1/videos/{videoId}/evidence", Scope.READ, read);
        routes.add(PUT, "/v1/videos/{videoId}/evidence/{assetKey}", Scope.WRITE, put);
    }

    /** Body of the PUT: the licence, and for an asset with no row yet what made it. */
    record PutRequest(
            String licence,
            List<String> allowedPlatforms,
            String source,
            String kind,
            String provider,
            String receiptId) {}

    private final Handler read =
            ctx -> {
                Video v = video(ctx);
                Optional<Platform> platform = platform(v);
                List<AssetEvidence> assets = evidence.of(v.videoId());
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("video_id", v.videoId().toString());
                out.put("platform", platform.map(Enum::name).orElse(null));
                Optional<String> refusal =
                        platform.isEmpty()
                                ? Optional.of("the video's content job is gone")
                                : EvidenceGate.refusal(assets, platform.get());
                out.put("publishable", refusal.isEmpty());
                out.put("refusal", refusal.orElse(null));
                out.put(
                        "publication",
                        platform.flatMap(p -> publications.find(v.videoId(), p.name()))
                                .map(
                                        p -> {
                                            Map<String, Object> m = new LinkedHashMap<>();
                                            m.put("status", p.status());
                                            m.put("last_error", p.lastError());
                                            m.put("url", p.url());
                                            return m;
                                        })
                                .orElse(null));
                List<Map<String, Object>> items = new ArrayList<>();
                for (AssetEvidence e : assets) {
                    items.add(json(e));
                }
                out.put("assets", items);
                ctx.json(out);
            };

    private final Handler put =
            ctx -> {
                Video v = video(ctx);
                String key = ctx.pathParam("assetKey");
                if (!KEY.matcher(key).matches()) {
                    throw Params.field(
                            "assetKey", "must be an asset key such as music or font:DejaVu Sans");
                }
                PutRequest req = Params.body(ctx, PutRequest.class);
                List<FieldError> errors = new ArrayList<>();
                if (req.licence() == null
                        || req.licence().isBlank()
                        || req.licence().length() > 200) {
                    errors.add(
                            new FieldError(
                                    "/licence", "must name the licence (at most 200 characters)"));
                }
                List<String> platforms = new ArrayList<>();
                if (req.allowedPlatforms() != null) {
                    for (int i = 0; i < req.allowedPlatforms().size(); i++) {
                        String p =
                                String.valueOf(req.allowedPlatforms().get(i))
                                        .toUpperCase(Locale.ROOT);
                        if (!List.of("YOUTUBE_SHORTS", "TIKTOK", "INSTAGRAM_REELS").contains(p)) {
                            errors.add(
                                    new FieldError(
                                            "/allowed_platforms/" + i,
                                            "must be YOUTUBE_SHORTS, TIKTOK or INSTAGRAM_REELS"));
                        } else {
                            platforms.add(p);
                        }
                    }
                }
                Optional<AssetEvidence> existing =
                        evidence.of(v.videoId()).stream()
                                .filter(e -> e.assetKey().equals(key))
                                .findFirst();
                if (existing.isEmpty()) {
                    if (req.kind() == null || !AssetEvidence.KINDS.contains(req.kind())) {
                        errors.add(
                                new FieldError(
                                        "/kind",
                                        "a new asset needs its kind: "
                                                + String.join(", ", AssetEvidence.KINDS)));
                    }
                    if (req.provider() == null
                            || req.provider().isBlank()
                            || req.provider().length() > 200) {
                        errors.add(new FieldError("/provider", "a new asset needs its provider"));
                    }
                    if (req.receiptId() == null
                            || req.receiptId().isBlank()
                            || req.receiptId().length() > 200) {
                        errors.add(
                                new FieldError("/receipt_id", "a new asset needs its receipt id"));
                    }
                }
                if (req.source() != null && req.source().length() > 2000) {
                    errors.add(new FieldError("/source", "at most 2000 characters"));
                }
                if (!errors.isEmpty()) {
                    throw ApiProblem.invalid(errors);
                }
                AssetEvidence e =
                        existing.map(
                                        x ->
                                                new AssetEvidence(
                                                        key,
                                                        x.kind(),
                                                        x.provider(),
                                                        x.version(),
                                                        req.source() == null
                                                                ? x.source()
                                                                : req.source(),
                                                        req.licence().strip(),
                                                        platforms,
                                                        req.receiptId() == null
                                                                ? x.receiptId()
                                                                : req.receiptId()))
                                .orElseGet(
                                        () ->
                                                new AssetEvidence(
                                                        key,
                                                        req.kind(),
                                                        req.provider(),
                                                        null,
                                                        req.source(),
                                                        req.licence().strip(),
                                                        platforms,
                                                        req.receiptId()));
                evidence.put(v.videoId(), v.jobId(), e);
                ctx.json(json(e));
            };

    private Video video(Context ctx) {
        UUID id = Params.uuidPath(ctx, "videoId");
        return d.videos().find(id).orElseThrow(() -> ApiProblem.notFound("no video " + id));
    }

    private Optional<Platform> platform(Video v) {
        return d.jobs().find(v.jobId()).map(j -> Platform.valueOf(j.arm().platform()));
    }

    static Map<String, Object> json(AssetEvidence e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("asset", e.assetKey());
        m.put("kind", e.kind());
        m.put("provider", e.provider());
        m.put("version", e.version());
        m.put("source", e.source());
        m.put("licence", e.licence());
        m.put("allowed_platforms", e.allowedPlatforms());
        m.put("receipt_id", e.receiptId());
        m.put("missing", e.missing().orElse(null));
        return m;
    }
}
