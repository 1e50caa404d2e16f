package io.flywheel.api.routes;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.flywheel.api.Dependencies;
import io.flywheel.api.http.ApiProblem;
import io.flywheel.api.http.Params;
import io.flywheel.api.keys.Scope;
import io.flywheel.model.Arm;
import io.flywheel.store.ContentJob;
import io.flywheel.store.Video;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Rendered videos: {@code GET /v1/videos} and {@code /v1/videos/{videoId}}, with signed links to
 * their media (see {@link MediaRoutes}).
 */
public final class VideoRoutes implements RouteGroup {
    private final Dependencies d;
    private final KpiTables kpiTables;

    public VideoRoutes(Dependencies d) {
        this.d = d;
        this.kpiTables = new KpiTables(d.jdbi());
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.get("/v1/videos", Scope.READ, this::videos);
        routes.get("/v1/videos/{videoId}", Scope.READ, this::video);
    }

    record Summary(
            UUID videoId,
            UUID jobId,
            String title,
            long durationMs,
            Instant renderedAt,
            String thumbnailUrl) {}

    record Videos(List<Summary> videos) {}

    /** One video; its job's arm and status are left out when the job is gone. */
    record Detail(
            @JsonUnwrapped Summary summary,
            Double loudnessLufs,
            long totalBytes,
            String captionsVttUrl,
            String captionsSrtUrl,
            @JsonInclude(JsonInclude.Include.NON_NULL) String armKey,
            @JsonInclude(JsonInclude.Include.NON_NULL) Arm parameters,
            @JsonInclude(JsonInclude.Include.NON_NULL) String status,
            List<Rendition> renditions,
            Map<String, Object> kpis) {}

    record Rendition(
            String label, int width, int height, long durationMs, long bytes, String url) {}

    private void videos(Context ctx) {
        int limit = Params.intParam(ctx, "limit", 24, 1, 100);
        ctx.json(new Videos(d.videos().recent(limit).stream().map(this::summary).toList()));
    }

    private Summary summary(Video v) {
        return new Summary(
                v.videoId(),
                v.jobId(),
                v.title(),
                v.durationMs(),
                v.renderedAt(),
                mediaUrl(v.thumbnailUri()));
    }

    /** A signed link to the media file a stored URI names, null for none or one outside. */
    private String mediaUrl(String uri) {
        return d.media().relativeOf(uri).map(d.mediaLinks()::link).orElse(null);
    }

    private void video(Context ctx) {
        UUID id = Params.uuidPath(ctx, "videoId");
        Video v = d.videos().find(id).orElseThrow(() -> ApiProblem.notFound("no video " + id));
        Optional<ContentJob> job = d.jobs().find(v.jobId());
        List<Rendition> renditions =
                d.videos().renditions(id).stream()
                        .map(
                                r ->
                                        new Rendition(
                                                r.label(),
                                                r.width(),
                                                r.height(),
                                                r.durationMs(),
                                                r.bytes(),
                                                mediaUrl(r.uri())))
                        .toList();
        ctx.json(
                new Detail(
                        summary(v),
                        v.loudnessLufs(),
                        v.totalBytes(),
                        mediaUrl(v.captionsVttUri()),
                        mediaUrl(v.captionsSrtUri()),
                        job.map(ContentJob::armKey).orElse(null),
                        job.map(ContentJob::arm).orElse(null),
                        job.map(j -> j.status().dbValue()).orElse(null),
                        renditions,
                        kpiTables.available()
                                ? d.kpis().videoTotals(id.toString()).orElse(null)
                                : null));
    }
}
