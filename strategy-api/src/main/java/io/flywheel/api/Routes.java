package io.flywheel.api;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import io.flywheel.api.briefs.BriefRequest;
import io.flywheel.api.briefs.BriefService;
import io.flywheel.api.briefs.IdempotencyKeys;
import io.flywheel.api.http.ApiProblem;
import io.flywheel.api.http.ArmFields;
import io.flywheel.api.http.Json;
import io.flywheel.api.http.Params;
import io.flywheel.api.http.Problem.FieldError;
import io.flywheel.api.insights.ExperimentStore;
import io.flywheel.api.insights.KpiReader;
import io.flywheel.api.insights.ModelCatalog;
import io.flywheel.api.keys.ApiKey;
import io.flywheel.api.keys.Scope;
import io.flywheel.api.scoring.Pick;
import io.flywheel.api.scoring.ThompsonPolicy;
import io.flywheel.api.videos.ByteRange;
import io.flywheel.api.videos.MediaFiles;
import io.flywheel.model.Arm;
import io.flywheel.model.Scores;
import io.flywheel.store.Brief;
import io.flywheel.store.ContentJob;
import io.flywheel.store.RenditionRow;
import io.flywheel.store.Video;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Every route of the API and what it answers. The OpenAPI document describes the same set. */
final class Routes {
    static final int MAX_SCORE_CANDIDATES = 1000;
    static final int MAX_RECOMMENDATIONS = 100;

    private final Dependencies d;
    private final ApiServer server;
    private final SecureRandom seeds = new SecureRandom();

    private final io.flywheel.api.insights.LearningMetrics learning;

    Routes(Dependencies d, ApiServer server) {
        this.d = d;
        this.server = server;
        this.learning = new io.flywheel.api.insights.LearningMetrics(d.metrics(), d.jdbi());
    }

    void register() {
        server.route(GET, "/health", null, this::health);
        server.route(GET, "/health/live", null, ctx -> ctx.json(Map.of("status", "UP")));
        server.route(GET, "/metrics", null, this::metrics);
        server.route(GET, "/openapi.json", null, this::openApi);

        server.route(GET, "/v1/recommendations", Scope.READ, this::recommendations);
        server.route(POST, "/v1/score", Scope.READ, this::score);
        server.route(POST, "/v1/briefs", Scope.WRITE, this::createBrief);
        server.route(GET, "/v1/briefs", Scope.READ, this::listBriefs);
        server.route(GET, "/v1/briefs/{briefId}", Scope.READ, this::brief);
        server.route(GET, "/v1/videos", Scope.READ, this::videos);
        server.route(GET, "/v1/videos/{videoId}", Scope.READ, this::video);
        server.route(GET, "/v1/media/<path>", null, this::media);
        server.route(GET, "/v1/kpis/platforms", Scope.READ, this::kpiPlatforms);
        server.route(GET, "/v1/kpis/arms", Scope.READ, this::kpiArms);
        server.route(GET, "/v1/ops/pipeline", Scope.READ, this::opsPipeline);
        server.route(GET, "/v1/ops/cost", Scope.READ, this::opsCost);
        server.route(GET, "/v1/ops/stages", Scope.READ, this::opsStages);
        server.route(GET, "/v1/models", Scope.READ, this::models);
        server.route(GET, "/v1/models/{version}", Scope.READ, this::model);
        server.route(GET, "/v1/models/{version}/plots/{name}", Scope.READ, this::modelPlot);
        server.route(POST, "/v1/experiments", Scope.WRITE, this::createExperiment);
        server.route(GET, "/v1/experiments", Scope.READ, this::experiments);
        server.route(GET, "/v1/experiments/{experimentId}", Scope.READ, this::experiment);
        server.route(GET, "/v1/keys", Scope.ADMIN, this::keys);
        new io.flywheel.api.webhooks.WebhookRoutes(d.webhooks()).register(server);
        new io.flywheel.api.accounts.AccountRoutes(
                        new io.flywheel.publishers.accounts.ConnectedAccounts(d.jdbi()))
                .register(server);
    }

    // ---- system

    private void health(Context ctx) {
        Map<String, Object> checks = new LinkedHashMap<>();
        boolean up = true;
        long t0 = System.nanoTime();
        try {
            d.jdbi().withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
            checks.put(
                    "postgres",
                    Map.of("status", "UP", "latency_ms", (System.nanoTime() - t0) / 1e6));
        } catch (Exception e) {
            up = false;
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            checks.put(
                    "postgres",
                    Map.of(
                            "status",
                            "DOWN",
                            "detail",
                            "the database is unavailable: " + root.getClass().getSimpleName()));
        }
        Dependencies.HealthCheck kafka = d.kafkaHealth().get();
        up &= kafka.up();
        checks.put("kafka", Map.of("status", kafka.up() ? "UP" : "DOWN", "detail", kafka.detail()));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("status", "UP");
        model.put("champion", d.champion().version().orElse(null));
        model.put(
                "detail",
                d.champion().version().isPresent()
                        ? "scoring with the champion"
                        : "no champion yet: recommendations are a cold-start exploration set");
        checks.put("model", model);
        ctx.status(up ? 200 : 503);
        ctx.json(Map.of("status", up ? "UP" : "DOWN", "checks", checks));
    }

    private void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
        ctx.result(d.metrics().scrape());
    }

    private void openApi(Context ctx) {
        ctx.contentType("application/json");
        ctx.result(OpenApiDocument.json());
    }

    // ---- recommendations and scoring

    private void recommendations(Context ctx) {
        String platform = Params.required(ctx, "platform");
        String niche = Params.required(ctx, "niche");
        List<FieldError> errors = new ArrayList<>();
        if (ArmFields.platformError(platform) != null) {
            errors.add(new FieldError("platform", ArmFields.platformError(platform)));
        }
        if (ArmFields.nicheError(niche) != null) {
            errors.add(new FieldError("niche", ArmFields.nicheError(niche)));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        int count = Params.intParam(ctx, "count", 10, 1, MAX_RECOMMENDATIONS);
        double share = Params.doubleParam(ctx, "exploration_share", 0.5, 0, 1);
        Long seedParam = Params.longParam(ctx, "seed");
        long seed = seedParam != null ? seedParam : seeds.nextLong();
        ThompsonPolicy.Result r = d.policy().recommend(platform, niche, count, share, seed);
        List<Map<String, Object>> items = new ArrayList<>();
        int rank = 1;
        for (Pick p : r.picks()) {
            Map<String, Object> m = pickJson(p);
            m.put("rank", rank++);
            items.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("platform", platform);
        out.put("niche", niche);
        out.put("policy_version", r.policyVersion());
        out.put("model_version", r.modelVersion());
        out.put("exploration_share", share);
        out.put("seed", Long.toString(seed));
        out.put("recommendations", items);
        ctx.json(out);
    }

    static Map<String, Object> pickJson(Pick p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("arm_key", p.arm().armKey());
        m.put("parameters", p.arm());
        m.put("predicted_objective", p.predictedObjective());
        m.put("spread", p.spread());
        m.put("model_version", p.modelVersion());
        m.put("exploration", p.exploration());
        m.put("selection_probability", p.selectionProbability());
        return m;
    }

    /** Body of POST /v1/score. */
    record ScoreRequest(List<Map<String, Object>> candidates) {}

    private void score(Context ctx) {
        ScoreRequest req = Params.body(ctx, ScoreRequest.class);
        if (req.candidates() == null || req.candidates().isEmpty()) {
            throw Params.field("/candidates", "must list 1 to " + MAX_SCORE_CANDIDATES + " arms");
        }
        if (req.candidates().size() > MAX_SCORE_CANDIDATES) {
            throw Params.field(
                    "/candidates", "at most " + MAX_SCORE_CANDIDATES + " arms per request");
        }
        List<FieldError> errors = new ArrayList<>();
        List<Arm> arms = new ArrayList<>();
        for (int i = 0; i < req.candidates().size(); i++) {
            Arm a = ArmFields.read(req.candidates().get(i), "/candidates/" + i, errors);
            if (a != null) {
                arms.add(a);
            }
            if (errors.size() >= 20) {
                break;
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        Map<String, Object> out =
                d.champion()
                        .with(
                                e -> {
                                    if (e.isEmpty()) {
                                        throw ApiProblem.unavailable(
                                                "no champion model is loaded yet; recommendations"
                                                        + " serve a cold-start exploration set");
                                    }
                                    Scores scored = e.get().score(arms);
                                    List<Map<String, Object>> scores = new ArrayList<>();
                                    for (int i = 0; i < arms.size(); i++) {
                                        Map<String, Object> s = new LinkedHashMap<>();
                                        s.put("index", i);
                                        s.put("arm_key", arms.get(i).armKey());
                                        s.put("predicted_objective", scored.mean()[i]);
                                        s.put("spread", scored.spread()[i]);
                                        scores.add(s);
                                    }
                                    Map<String, Object> o = new LinkedHashMap<>();
                                    o.put("model_version", e.get().version());
                                    o.put("objective", e.get().metadata().objective());
                                    o.put("ensemble_size", e.get().size());
                                    o.put("scores", scores);
                                    return o;
                                });
        ctx.json(out);
    }

    // ---- briefs

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final java.util.regex.Pattern IDEMPOTENCY_VALUE =
            java.util.regex.Pattern.compile("[\\x20-\\x7E]{1,255}");

    private void createBrief(Context ctx) {
        BriefRequest req = Params.body(ctx, BriefRequest.class);
        ApiKey key = ctx.attribute(io.flywheel.api.http.Access.KEY_ATTRIBUTE);
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
                                    return Json.write(createdJson(c));
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
                    java.security.MessageDigest.getInstance("SHA-256")
                            .digest(
                                    Json.write(req)
                                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return new IdempotencyKeys.Key(key.keyId(), value, sha);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> createdJson(BriefService.Created c) {
        List<Map<String, Object>> jobs = new ArrayList<>();
        for (BriefService.CreatedJob j : c.jobs()) {
            Map<String, Object> m = pickJson(j.pick());
            m.put("job_id", j.jobId());
            m.put("status", "requested");
            jobs.add(m);
        }
        Map<String, Object> out = briefJson(c.brief());
        out.put("policy_version", c.policyVersion());
        out.put("seed", Long.toString(c.seed()));
        out.put("jobs", jobs);
        return out;
    }

    private static Map<String, Object> briefJson(Brief b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("brief_id", b.briefId());
        m.put("platform", b.platform());
        m.put("niche", b.niche());
        m.put("count", b.videoCount());
        m.put("exploration_share", b.explorationShare());
        m.put("requested_by", b.requestedBy());
        m.put("created_at", b.createdAt());
        return m;
    }

    /**
     * A brief with its jobs' progress, the policies that chose its arms, and its videos' live
     * totals (null while the KPI tables are missing): how a brief did, next to how it was chosen.
     */
    private Map<String, Object> briefSummary(Brief b, boolean kpis) {
        Map<String, Object> m = briefJson(b);
        Map<String, Integer> counts = new LinkedHashMap<>();
        d.jobs().statusCounts(b.briefId()).forEach((k, v) -> counts.put(k.dbValue(), v));
        m.put("status_counts", counts);
        m.put(
                "policies",
                d.jobs().byBrief(b.briefId()).stream()
                        .map(ContentJob::policyVersion)
                        .distinct()
                        .sorted()
                        .toList());
        m.put("kpis", kpis ? d.kpis().briefTotals(b.briefId()) : null);
        return m;
    }

    private void listBriefs(Context ctx) {
        int limit = Params.intParam(ctx, "limit", 20, 1, 100);
        List<Map<String, Object>> out = new ArrayList<>();
        boolean kpis = kpisAvailable();
        for (Brief b : d.briefs().recent(limit)) {
            out.add(briefSummary(b, kpis));
        }
        ctx.json(Map.of("briefs", out));
    }

    private void brief(Context ctx) {
        UUID id = Params.uuidPath(ctx, "briefId");
        Brief b = d.briefs().find(id).orElseThrow(() -> ApiProblem.notFound("no brief " + id));
        Map<String, Object> out = briefSummary(b, kpisAvailable());
        List<Map<String, Object>> jobs = new ArrayList<>();
        for (ContentJob j : d.jobs().byBrief(id)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("job_id", j.jobId());
            m.put("status", j.status().dbValue());
            m.put("status_reason", j.statusReason());
            m.put("arm_key", j.armKey());
            m.put("parameters", armOf(j));
            m.put("policy_version", j.policyVersion());
            m.put("selection_probability", j.selectionProbability());
            m.put("video_id", d.videos().findByJob(j.jobId()).map(Video::videoId).orElse(null));
            m.put("requested_at", j.requestedAt());
            m.put("updated_at", j.updatedAt());
            jobs.add(m);
        }
        out.put("jobs", jobs);
        ctx.json(out);
    }

    private static Arm armOf(ContentJob j) {
        return new Arm(
                j.platform(),
                j.niche(),
                j.hookStyle(),
                j.pacing(),
                j.targetDurationS(),
                j.voice(),
                j.musicMood(),
                j.captionStyle(),
                j.visualStyle(),
                j.postingHour());
    }

    // ---- videos and media

    private void videos(Context ctx) {
        int limit = Params.intParam(ctx, "limit", 24, 1, 100);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Video v : d.videos().recent(limit)) {
            out.add(videoSummary(v));
        }
        ctx.json(Map.of("videos", out));
    }

    private Map<String, Object> videoSummary(Video v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("video_id", v.videoId());
        m.put("job_id", v.jobId());
        m.put("title", v.title());
        m.put("duration_ms", v.durationMs());
        m.put("rendered_at", v.renderedAt());
        m.put("thumbnail_url", mediaUrl(v.thumbnailUri()));
        return m;
    }

    private String mediaUrl(String uri) {
        return d.media().relativeOf(uri).map(d.mediaLinks()::link).orElse(null);
    }

    private void video(Context ctx) {
        UUID id = Params.uuidPath(ctx, "videoId");
        Video v = d.videos().find(id).orElseThrow(() -> ApiProblem.notFound("no video " + id));
        Map<String, Object> m = videoSummary(v);
        m.put("loudness_lufs", v.loudnessLufs());
        m.put("total_bytes", v.totalBytes());
        m.put("captions_vtt_url", mediaUrl(v.captionsVttUri()));
        m.put("captions_srt_url", mediaUrl(v.captionsSrtUri()));
        d.jobs()
                .find(v.jobId())
                .ifPresent(
                        j -> {
                            m.put("arm_key", j.armKey());
                            m.put("parameters", armOf(j));
                            m.put("status", j.status().dbValue());
                        });
        List<Map<String, Object>> renditions = new ArrayList<>();
        for (RenditionRow r : d.videos().renditions(id)) {
            Map<String, Object> rm = new LinkedHashMap<>();
            rm.put("label", r.label());
            rm.put("width", r.width());
            rm.put("height", r.height());
            rm.put("duration_ms", r.durationMs());
            rm.put("bytes", r.bytes());
            rm.put("url", mediaUrl(r.uri()));
            renditions.add(rm);
        }
        m.put("renditions", renditions);
        m.put("kpis", kpisAvailable() ? d.kpis().videoTotals(id.toString()).orElse(null) : null);
        ctx.json(m);
    }

    /**
     * A file below the media directory, with range requests. Opened by an API key with scope read,
     * or by a signed link from a video's answer (for the browser's video and image elements).
     */
    private void media(Context ctx) throws IOException {
        String rel = ctx.pathParam("path");
        boolean signed =
                d.mediaLinks().valid(rel, Params.single(ctx, "expires"), Params.single(ctx, "sig"));
        if (!signed) {
            d.access().require(ctx, Scope.READ);
        }
        MediaFiles.Media file =
                d.media().find(rel).orElseThrow(() -> ApiProblem.notFound("no media file " + rel));
        long size = file.size();
        ctx.header("Accept-Ranges", "bytes");
        ctx.header("Cache-Control", "private, max-age=3600");
        ctx.contentType(file.contentType());
        Optional<ByteRange> range;
        try {
            range = ByteRange.parse(ctx.header("Range"), size);
        } catch (ByteRange.Unsatisfiable e) {
            ctx.header("Content-Range", "bytes */" + size);
            throw new ApiProblem(
                    416,
                    "range-not-satisfiable",
                    "Range not satisfiable",
                    e.getMessage(),
                    null,
                    Map.of("Content-Range", "bytes */" + size));
        }
        long start = range.map(ByteRange::start).orElse(0L);
        long length = range.map(ByteRange::length).orElse(size);
        if (range.isPresent()) {
            ctx.status(206);
            ctx.header(
                    "Content-Range",
                    "bytes " + start + "-" + range.get().endInclusive() + "/" + size);
        }
        ctx.header("Content-Length", Long.toString(length));
        if (ctx.method() == io.javalin.http.HandlerType.HEAD) {
            return;
        }
        try (InputStream in = file.reader().open(start, length)) {
            OutputStream out = ctx.res().getOutputStream();
            byte[] buf = new byte[64 * 1024];
            long left = length;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    break;
                }
                out.write(buf, 0, n);
                left -= n;
            }
            out.flush();
        }
    }

    // ---- KPIs and pipeline

    private boolean kpisAvailable() {
        return tableExists("kpi_video_totals") && tableExists("kpi_arm_windows");
    }

    private boolean tableExists(String name) {
        return d.jdbi()
                .withHandle(
                        h ->
                                h.createQuery("SELECT to_regclass(:n) IS NOT NULL")
                                        .bind("n", name)
                                        .mapTo(Boolean.class)
                                        .one());
    }

    private void requireKpis() {
        if (!kpisAvailable()) {
            throw ApiProblem.unavailable(
                    "the streaming KPI tables (kpi_video_totals, kpi_arm_windows) are not in this"
                            + " database yet");
        }
    }

    private void kpiPlatforms(Context ctx) {
        requireKpis();
        ctx.json(Map.of("platforms", d.kpis().platformTotals()));
    }

    private void kpiArms(Context ctx) {
        String platform = Params.single(ctx, "platform");
        if (platform != null && ArmFields.platformError(platform) != null) {
            throw Params.field("platform", ArmFields.platformError(platform));
        }
        String metric = Optional.ofNullable(Params.single(ctx, "metric")).orElse("engaged_views");
        if (!KpiReader.METRICS.contains(metric)) {
            throw Params.field(
                    "metric", "must be one of " + new java.util.TreeSet<>(KpiReader.METRICS));
        }
        int window = Params.intParam(ctx, "window_seconds", 60, 1, 86_400);
        int minutes = Params.intParam(ctx, "since_minutes", 180, 1, 60 * 24 * 31);
        int arms = Params.intParam(ctx, "arms", 8, 1, 50);
        requireKpis();
        Instant since = Instant.now().minus(Duration.ofMinutes(minutes));
        List<KpiReader.Point> points =
                d.kpis().armSeries(Optional.ofNullable(platform), metric, window, since, arms);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("metric", metric);
        out.put("window_seconds", window);
        out.put("since", since);
        out.put("points", points);
        ctx.json(out);
    }

    private void opsPipeline(Context ctx) {
        int days = Params.intParam(ctx, "days", 14, 1, 365);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("days", d.pipeline().daily(days));
        out.put("status_counts", d.pipeline().statusCounts());
        ctx.json(out);
    }

    private void requireOps() {
        if (!d.pipeline().opsInstalled()) {
            throw ApiProblem.unavailable(
                    "the streaming jobs' pipeline-ops tables (ops_stage_minutes,"
                            + " ops_provider_daily_costs, ops_budget_days) are not in this database"
                            + " yet");
        }
    }

    private void opsCost(Context ctx) {
        int days = Params.intParam(ctx, "days", 14, 1, 365);
        requireOps();
        ctx.json(Map.of("days", d.pipeline().costs(days)));
    }

    private void opsStages(Context ctx) {
        int hours = Params.intParam(ctx, "hours", 24, 1, 24 * 90);
        requireOps();
        ctx.json(Map.of("hours", hours, "stages", d.pipeline().stages(hours)));
    }

    // ---- models

    private void models(Context ctx) throws IOException {
        String champion = d.champion().version().orElse(null);
        List<Map<String, Object>> out = new ArrayList<>();
        for (ModelCatalog.Version v : d.models().versions()) {
            Map<String, Object> m = modelJson(v, champion);
            m.put("registry", d.models().registry(v));
            out.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("champion", champion);
        m.put("versions", out);
        ctx.json(m);
    }

    private static Map<String, Object> modelJson(ModelCatalog.Version v, String champion)
            throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model_name", v.metadata().modelName());
        m.put("model_version", v.metadata().versionId());
        m.put("objective", v.metadata().objective());
        m.put("created_at", v.createdAt());
        m.put("ensemble_size", io.flywheel.api.scoring.ModelLoader.members(v.dir()).size());
        m.put("feature_count", v.metadata().features().size());
        m.put("metrics", v.metadata().metrics() == null ? Map.of() : v.metadata().metrics());
        m.put("champion", v.metadata().versionId().equals(champion));
        return m;
    }

    private void model(Context ctx) throws Exception {
        String version = ctx.pathParam("version");
        if (!version.matches("[A-Za-z0-9._-]{1,64}")) {
            throw Params.field("version", "must be a model version id");
        }
        ModelCatalog.Version v =
                d.models()
                        .find(version)
                        .orElseThrow(() -> ApiProblem.notFound("no model version " + version));
        Map<String, Object> m = modelJson(v, d.champion().version().orElse(null));
        m.put("registry", d.models().registry(v));
        m.put("features", v.metadata().features());
        m.put("feature_importance", d.models().importance(v));
        List<Map<String, Object>> plots = new ArrayList<>();
        for (String name : d.models().plots(v)) {
            plots.add(
                    Map.of(
                            "name",
                            name,
                            "url",
                            "/v1/models/" + v.metadata().versionId() + "/plots/" + name));
        }
        m.put("plots", plots);
        ctx.json(m);
    }

    /** A PNG plot the TrainJob drew beside the boosters (feature importance, predicted/actual). */
    private void modelPlot(Context ctx) throws IOException {
        String version = ctx.pathParam("version");
        String name = ctx.pathParam("name");
        if (!version.matches("[A-Za-z0-9._-]{1,64}")) {
            throw Params.field("version", "must be a model version id");
        }
        if (!ModelCatalog.PLOT.matcher(name).matches()) {
            throw Params.field("name", "must be a plot file name such as feature-importance.png");
        }
        ModelCatalog.Version v =
                d.models()
                        .find(version)
                        .orElseThrow(() -> ApiProblem.notFound("no model version " + version));
        if (!d.models().plots(v).contains(name)) {
            throw ApiProblem.notFound("model " + version + " has no plot " + name);
        }
        ctx.contentType("image/png");
        ctx.header("Cache-Control", "private, max-age=3600");
        ctx.result(Files.readAllBytes(v.dir().resolve(name)));
    }

    // ---- experiments

    /** Body of POST /v1/experiments. */
    record ExperimentRequest(
            String name,
            String platform,
            String niche,
            String objective,
            String controlArm,
            List<ExperimentArm> arms) {}

    record ExperimentArm(String name, Double trafficShare, Map<String, Object> parameters) {}

    /** Objectives the batch jobs can measure (EngagementObserved's metrics). */
    static final java.util.Set<String> OBJECTIVES = KpiReader.METRICS;

    private void requireExperiments() {
        if (!d.experiments().installed()) {
            throw ApiProblem.unavailable(
                    "the experiment tables (batch-jobs' experiments, experiment_arms,"
                            + " experiment_results) are not in this database yet");
        }
    }

    private void createExperiment(Context ctx) {
        ExperimentRequest r = Params.body(ctx, ExperimentRequest.class);
        List<FieldError> errors = new ArrayList<>();
        if (r.name() == null || r.name().isBlank() || r.name().length() > 100) {
            errors.add(new FieldError("/name", "must have 1 to 100 characters"));
        }
        if (r.platform() == null || ArmFields.platformError(r.platform()) != null) {
            errors.add(
                    new FieldError(
                            "/platform",
                            r.platform() == null
                                    ? "is required"
                                    : ArmFields.platformError(r.platform())));
        }
        if (ArmFields.nicheError(r.niche()) != null) {
            errors.add(new FieldError("/niche", ArmFields.nicheError(r.niche())));
        }
        String objective = r.objective() == null ? "engaged_views" : r.objective();
        if (!OBJECTIVES.contains(objective)) {
            errors.add(
                    new FieldError(
                            "/objective", "must be one of " + new java.util.TreeSet<>(OBJECTIVES)));
        }
        List<ExperimentStore.NewArm> arms = new ArrayList<>();
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        if (r.arms() == null || r.arms().size() < 2 || r.arms().size() > 10) {
            errors.add(new FieldError("/arms", "must list 2 to 10 arms"));
        } else {
            double total = 0;
            for (int i = 0; i < r.arms().size(); i++) {
                ExperimentArm a = r.arms().get(i);
                String p = "/arms/" + i;
                if (a == null) {
                    errors.add(new FieldError(p, "is required"));
                    continue;
                }
                if (a.name() == null || !a.name().matches("[a-z0-9][a-z0-9_-]{0,31}")) {
                    errors.add(new FieldError(p + "/name", "must be a short lower-case id"));
                } else if (!names.add(a.name())) {
                    errors.add(new FieldError(p + "/name", "is used by another arm"));
                }
                if (a.trafficShare() == null || !(a.trafficShare() > 0 && a.trafficShare() <= 1)) {
                    errors.add(new FieldError(p + "/traffic_share", "must be in (0, 1]"));
                } else {
                    total += a.trafficShare();
                }
                Arm arm = ArmFields.read(a.parameters(), p + "/parameters", errors);
                if (arm != null
                        && (!arm.platform().equals(r.platform())
                                || !arm.niche().equals(r.niche()))) {
                    errors.add(
                            new FieldError(
                                    p + "/parameters",
                                    "must have the experiment's platform and niche"));
                }
                if (arm != null && a.trafficShare() != null) {
                    arms.add(new ExperimentStore.NewArm(a.name(), a.trafficShare(), arm));
                }
            }
            if (errors.isEmpty() && Math.abs(total - 1.0) > 1e-6) {
                errors.add(new FieldError("/arms", "traffic shares must add up to 1"));
            }
        }
        String control = r.controlArm();
        if (control == null && !names.isEmpty()) {
            control = names.iterator().next();
        } else if (control != null && !names.contains(control)) {
            errors.add(new FieldError("/control_arm", "must name one of the arms"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        requireExperiments();
        String id = d.experiments().create(r.name().strip(), objective, control, arms);
        ctx.status(201);
        ctx.header("Location", "/v1/experiments/" + id);
        ctx.json(experimentJson(id));
    }

    private Map<String, Object> experimentJson(String id) {
        Map<String, Object> e =
                d.experiments()
                        .find(id)
                        .orElseThrow(() -> ApiProblem.notFound("no experiment " + id));
        e.put("results", d.experiments().results(id));
        return e;
    }

    private void experiments(Context ctx) {
        int limit = Params.intParam(ctx, "limit", 20, 1, 100);
        requireExperiments();
        ctx.json(Map.of("experiments", d.experiments().list(limit)));
    }

    private void experiment(Context ctx) {
        String id = ctx.pathParam("experimentId");
        if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
            throw Params.field("experimentId", "must be an experiment id");
        }
        requireExperiments();
        ctx.json(experimentJson(id));
    }

    // ---- keys

    private void keys(Context ctx) {
        ctx.json(Map.of("keys", d.keys().list()));
    }
}
