package io.flywheel.store;

import io.flywheel.schemas.Rendition;
import io.flywheel.schemas.VideoRendered;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Rendered videos and their renditions. */
public final class VideoStore {
    private final Jdbi jdbi;

    public VideoStore(Jdbi jdbi) {
        this.jdbi = jdbi;
        jdbi.registerRowMapper(ConstructorMapper.factory(Video.class));
        jdbi.registerRowMapper(ConstructorMapper.factory(RenditionRow.class));
    }

    /**
     * Records a rendered video, its renditions, and moves its job to rendered, in one transaction.
     * Replaying the same event changes nothing.
     *
     * @return whether the video is new
     */
    public boolean recordRendered(VideoRendered e) {
        UUID videoId = UUID.fromString(e.getVideoId());
        UUID jobId = UUID.fromString(e.getJobId());
        return jdbi.inTransaction(
                h -> {
                    int inserted =
                            h.createUpdate(
                                            "INSERT INTO videos (video_id, job_id, title,"
                                                    + " duration_ms, loudness_lufs, thumbnail_uri,"
                                                    + " captions_srt_uri, captions_vtt_uri,"
                                                    + " total_bytes, rendered_at) VALUES (:videoId,"
                                                    + " :jobId, :title, :durationMs, :loudness,"
                                                    + " :thumbnail, :srt, :vtt, :totalBytes,"
                                                    + " :renderedAt) ON CONFLICT (video_id) DO"
                                                    + " NOTHING")
                                    .bind("videoId", videoId)
                                    .bind("jobId", jobId)
                                    .bind("title", e.getTitle())
                                    .bind("durationMs", e.getDurationMs())
                                    .bind("loudness", e.getLoudnessLufs())
                                    .bind("thumbnail", e.getThumbnailUri())
                                    .bind("srt", e.getCaptionsSrtUri())
                                    .bind("vtt", e.getCaptionsVttUri())
                                    .bind("totalBytes", e.getTotalBytes())
                                    .bind(
                                            "renderedAt",
                                            Instant.ofEpochMilli(e.getEnvelope().getEventTime()))
                                    .execute();
                    if (inserted == 0) {
                        return false;
                    }
                    PreparedBatch batch =
                            h.prepareBatch(
                                    "INSERT INTO renditions (video_id, label, width, height,"
                                            + " duration_ms, bytes, uri) VALUES (:videoId, :label,"
                                            + " :width, :height, :durationMs, :bytes, :uri)");
                    for (Rendition r : e.getRenditions()) {
                        batch.bind("videoId", videoId)
                                .bind("label", r.getLabel())
                                .bind("width", r.getWidth())
                                .bind("height", r.getHeight())
                                .bind("durationMs", r.getDurationMs())
                                .bind("bytes", r.getBytes())
                                .bind("uri", r.getUri())
                                .add();
                    }
                    batch.execute();
                    h.createUpdate(
                                    "UPDATE content_jobs SET status = 'rendered', updated_at ="
                                            + " now() WHERE job_id = :jobId AND status IN"
                                            + " ('requested', 'rendering')")
                            .bind("jobId", jobId)
                            .execute();
                    return true;
                });
    }

    public Optional<Video> find(UUID videoId) {
        return jdbi.withHandle(
                h ->
                        h.createQuery("SELECT * FROM videos WHERE video_id = :id")
                                .bind("id", videoId)
                                .mapTo(Video.class)
                                .findOne());
    }

    public Optional<Video> findByJob(UUID jobId) {
        return jdbi.withHandle(
                h ->
                        h.createQuery("SELECT * FROM videos WHERE job_id = :id")
                                .bind("id", jobId)
                                .mapTo(Video.class)
                                .findOne());
    }

    public List<RenditionRow> renditions(UUID videoId) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT * FROM renditions WHERE video_id = :id ORDER BY"
                                                + " width * height DESC, label")
                                .bind("id", videoId)
                                .mapTo(RenditionRow.class)
                                .list());
    }

    public List<Video> recent(int limit) {
        return jdbi.withHandle(
                h ->
                        h.createQuery("SELECT * FROM videos ORDER BY rendered_at DESC LIMIT :limit")
                                .bind("limit", limit)
                                .mapTo(Video.class)
                                .list());
    }
}
