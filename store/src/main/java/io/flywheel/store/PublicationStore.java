package io.flywheel.store;

import io.flywheel.schemas.VideoPublished;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * Publications, one row per (video, platform). A publisher claims the row before uploading and
 * skips videos already published there, so a retry after a crash never uploads twice.
 */
public final class PublicationStore {
    private final Jdbi jdbi;

    public PublicationStore(Jdbi jdbi) {
        this.jdbi = jdbi;
        jdbi.registerRowMapper(ConstructorMapper.factory(Publication.class));
    }

    /**
     * Starts an attempt to publish: creates the row if needed and counts the attempt, unless the
     * video is already published there.
     *
     * @return the row after the claim; its status says whether to upload
     */
    public Publication claim(UUID videoId, String platform) {
        return jdbi.inTransaction(
                h -> {
                    h.createUpdate(
                                    "INSERT INTO publications (video_id, platform, status) VALUES"
                                            + " (:videoId, :platform, 'pending') ON CONFLICT DO"
                                            + " NOTHING")
                            .bind("videoId", videoId)
                            .bind("platform", platform)
                            .execute();
                    h.createUpdate(
                                    "UPDATE publications SET status = 'uploading', attempts ="
                                            + " attempts + 1, updated_at = now() WHERE video_id ="
                                            + " :videoId AND platform = :platform AND status <>"
                                            + " 'published'")
                            .bind("videoId", videoId)
                            .bind("platform", platform)
                            .execute();
                    return h.createQuery(
                                    "SELECT * FROM publications WHERE video_id = :videoId AND"
                                            + " platform = :platform")
                            .bind("videoId", videoId)
                            .bind("platform", platform)
                            .mapTo(Publication.class)
                            .one();
                });
    }

    /** Records the outcome of a successful upload and moves the job to published. */
    public void markPublished(VideoPublished e) {
        UUID videoId = UUID.fromString(e.getVideoId());
        jdbi.useTransaction(
                h -> {
                    h.createUpdate(
                                    "INSERT INTO publications (video_id, platform, status,"
                                            + " platform_video_id, url, published_at, attempts)"
                                            + " VALUES (:videoId, :platform, 'published',"
                                            + " :platformVideoId, :url, :publishedAt, 1) ON"
                                            + " CONFLICT (video_id, platform) DO UPDATE SET status"
                                            + " = 'published', platform_video_id ="
                                            + " EXCLUDED.platform_video_id, url = EXCLUDED.url,"
                                            + " published_at = EXCLUDED.published_at, last_error"
                                            + " = NULL, updated_at = now()")
                            .bind("videoId", videoId)
                            .bind("platform", e.getPlatform().name())
                            .bind("platformVideoId", e.getPlatformVideoId())
                            .bind("url", e.getUrl())
                            .bind("publishedAt", Instant.ofEpochMilli(e.getPublishedAt()))
                            .execute();
                    h.createUpdate(
                                    "UPDATE content_jobs SET status = 'published', updated_at ="
                                            + " now() WHERE job_id = :jobId AND status NOT IN"
                                            + " ('failed', 'rejected')")
                            .bind("jobId", UUID.fromString(e.getJobId()))
                            .execute();
                });
    }

    /** Records a failed or deferred attempt with its error. */
    public void markNotPublished(UUID videoId, String platform, boolean deferred, String error) {
        jdbi.useHandle(
                h ->
                        h.createUpdate(
                                        "UPDATE publications SET status = :status, last_error ="
                                                + " :error, updated_at = now() WHERE video_id ="
                                                + " :videoId AND platform = :platform AND status"
                                                + " <> 'published'")
                                .bind("status", deferred ? "deferred" : "failed")
                                .bind("error", error)
                                .bind("videoId", videoId)
                                .bind("platform", platform)
                                .execute());
    }

    public Optional<Publication> find(UUID videoId, String platform) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT * FROM publications WHERE video_id = :videoId AND"
                                                + " platform = :platform")
                                .bind("videoId", videoId)
                                .bind("platform", platform)
                                .mapTo(Publication.class)
                                .findOne());
    }
}
