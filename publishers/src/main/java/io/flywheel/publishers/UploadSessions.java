package io.flywheel.publishers;

import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Update;

/**
 * The resumable upload session of a (video, platform) publication, kept on its {@code publications}
 * row. It is saved before the first byte is sent, so a publisher that crashed asks the same session
 * how far it got instead of starting (and paying for) a second upload.
 */
public final class UploadSessions {
    /** A session: its URI, the file size it was opened for, and the bytes the server confirmed. */
    public record Session(URI uri, long total, long confirmed) {}

    private final Jdbi jdbi;

    public UploadSessions(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Optional<Session> find(UUID videoId, String platform) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT upload_session_uri, upload_bytes_total,"
                                                + " upload_bytes_confirmed FROM publications"
                                                + " WHERE video_id = :videoId AND platform ="
                                                + " :platform AND upload_session_uri IS NOT NULL")
                                .bind("videoId", videoId)
                                .bind("platform", platform)
                                .map(
                                        (rs, ctx) ->
                                                new Session(
                                                        URI.create(rs.getString(1)),
                                                        rs.getLong(2),
                                                        rs.getLong(3)))
                                .findOne());
    }

    /** Records a new session before anything is sent; the publication row must exist. */
    public void started(UUID videoId, String platform, URI session, long total) {
        update(
                "UPDATE publications SET upload_session_uri = :uri, upload_bytes_total = :total,"
                        + " upload_bytes_confirmed = 0, upload_started_at = now(), updated_at ="
                        + " now() WHERE video_id = :videoId AND platform = :platform",
                videoId,
                platform,
                u -> u.bind("uri", session.toString()).bind("total", total));
    }

    /** The server confirmed {@code confirmed} bytes. */
    public void progress(UUID videoId, String platform, long confirmed) {
        update(
                "UPDATE publications SET upload_bytes_confirmed = :confirmed, updated_at = now()"
                        + " WHERE video_id = :videoId AND platform = :platform",
                videoId,
                platform,
                u -> u.bind("confirmed", confirmed));
    }

    /**
     * The platform's id of the upload in flight (TikTok's {@code publish_id}, Instagram's media
     * container id), recorded before any byte or link is sent.
     */
    public Optional<String> uploadId(UUID videoId, String platform) {
        return column("platform_upload_id", videoId, platform);
    }

    /** Records the platform's upload id (and, for a file upload, where the bytes go). */
    public void startedUpload(
            UUID videoId, String platform, String uploadId, URI destination, long total) {
        update(
                "UPDATE publications SET platform_upload_id = :uploadId, upload_session_uri ="
                        + " :uri, upload_bytes_total = :total, upload_bytes_confirmed = 0,"
                        + " platform_media_id = NULL, upload_started_at = now(), updated_at = now()"
                        + " WHERE video_id = :videoId AND platform = :platform",
                videoId,
                platform,
                u ->
                        u.bind("uploadId", uploadId)
                                .bind("uri", destination == null ? null : destination.toString())
                                .bind("total", total));
    }

    /** The published media's id, once the platform gave it (before the publication is marked). */
    public Optional<String> mediaId(UUID videoId, String platform) {
        return column("platform_media_id", videoId, platform);
    }

    public void published(UUID videoId, String platform, String mediaId) {
        update(
                "UPDATE publications SET platform_media_id = :mediaId, updated_at = now() WHERE"
                        + " video_id = :videoId AND platform = :platform",
                videoId,
                platform,
                u -> u.bind("mediaId", mediaId));
    }

    /** The bytes the platform confirmed of the upload in flight (0 if none). */
    public long confirmed(UUID videoId, String platform) {
        return column("upload_bytes_confirmed::text", videoId, platform)
                .map(Long::parseLong)
                .orElse(0L);
    }

    /** The platform's upload is gone (expired, failed): the next attempt starts a new one. */
    public void forgetUpload(UUID videoId, String platform) {
        update(
                "UPDATE publications SET platform_upload_id = NULL, upload_session_uri = NULL,"
                        + " upload_bytes_total = NULL, upload_bytes_confirmed = NULL,"
                        + " upload_started_at = NULL WHERE video_id = :videoId AND platform ="
                        + " :platform",
                videoId,
                platform,
                u -> u);
    }

    private Optional<String> column(String column, UUID videoId, String platform) {
        // column is one of this class's literals, never user input
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT "
                                                + column
                                                + " FROM publications WHERE video_id = :videoId"
                                                + " AND platform = :platform")
                                .bind("videoId", videoId)
                                .bind("platform", platform)
                                .mapTo(String.class)
                                .findOne());
    }

    /** The session is gone (expired): the next attempt starts a new one. */
    public void forget(UUID videoId, String platform) {
        update(
                "UPDATE publications SET upload_session_uri = NULL, upload_bytes_total = NULL,"
                        + " upload_bytes_confirmed = NULL, upload_started_at = NULL WHERE video_id"
                        + " = :videoId AND platform = :platform",
                videoId,
                platform,
                u -> u);
    }

    private void update(String sql, UUID videoId, String platform, UnaryOperator<Update> binds) {
        int n =
                jdbi.withHandle(
                        h ->
                                binds.apply(
                                                h.createUpdate(sql)
                                                        .bind("videoId", videoId)
                                                        .bind("platform", platform))
                                        .execute());
        if (n != 1) {
            throw new IllegalStateException(
                    "no publication row for video " + videoId + " on " + platform);
        }
    }
}
