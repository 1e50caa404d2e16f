package io.flywheel.store;

import io.flywheel.schemas.DecodeResult;
import io.flywheel.schemas.EventCodec;
import io.flywheel.schemas.VideoRendered;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * The review queue (table review_items): the publisher holds videos here, people approve or reject
 * them through the API, and the publisher releases the approved ones. Each video is held once: a
 * re-read render event finds its row and its decision.
 */
public final class ReviewQueue {
    private static final String COLUMNS =
            "video_id, job_id, channel, title, reason, reason_detail, state, trace_id, decided_by,"
                    + " rejection_reason, created_at, decided_at, released_at, notified_at";
    private static final EventCodec CODEC = EventCodec.standard();

    private final Jdbi jdbi;

    public ReviewQueue(Jdbi jdbi) {
        this.jdbi = jdbi;
        jdbi.registerRowMapper(ConstructorMapper.factory(ReviewItem.class));
    }

    /**
     * Holds a rendered video for review, unless it is held already.
     *
     * @return true if this call put it in the queue
     */
    public boolean hold(VideoRendered v, String channel, String reason, String reasonDetail) {
        return jdbi.withHandle(
                        h ->
                                h.createUpdate(
                                                "INSERT INTO review_items (video_id, job_id,"
                                                        + " channel, title, reason, reason_detail,"
                                                        + " rendered_event, trace_id) VALUES"
                                                        + " (:videoId, :jobId, :channel, :title,"
                                                        + " :reason, :detail, :event, :trace) ON"
                                                        + " CONFLICT (video_id) DO NOTHING")
                                        .bind("videoId", UUID.fromString(v.getVideoId()))
                                        .bind("jobId", UUID.fromString(v.getJobId()))
                                        .bind("channel", channel)
                                        .bind("title", v.getTitle())
                                        .bind("reason", reason)
                                        .bind("detail", reasonDetail)
                                        .bind("event", CODEC.encode(v))
                                        .bind("trace", v.getEnvelope().getTraceId())
                                        .execute())
                > 0;
    }

    public Optional<ReviewItem> find(UUID videoId) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT "
                                                + COLUMNS
                                                + " FROM review_items WHERE video_id ="
                                                + " :id")
                                .bind("id", videoId)
                                .mapTo(ReviewItem.class)
                                .findOne());
    }

    /**
     * Items oldest first; a null filter matches all.
     *
     * @param state pending, approved or rejected
     * @param reason channel_policy or moderation_borderline
     */
    public List<ReviewItem> list(String state, String channel, String reason, int limit) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT "
                                                + COLUMNS
                                                + " FROM review_items WHERE (CAST(:state AS text)"
                                                + " IS NULL OR state = :state) AND (CAST(:channel"
                                                + " AS text) IS NULL OR channel = :channel) AND"
                                                + " (CAST(:reason AS text) IS NULL OR reason ="
                                                + " :reason) ORDER BY created_at, video_id LIMIT"
                                                + " :limit")
                                .bind("state", state)
                                .bind("channel", channel)
                                .bind("reason", reason)
                                .bind("limit", limit)
                                .mapTo(ReviewItem.class)
                                .list());
    }

    /**
     * Approves or rejects a pending item; a decided item keeps its decision.
     *
     * @param decidedBy the API key id
     * @param rejectionReason required when rejecting
     * @return the item after the decision, empty if it was not pending
     */
    public Optional<ReviewItem> decide(
            UUID videoId, boolean approve, String decidedBy, String rejectionReason) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "UPDATE review_items SET state = :state, decided_by = :by,"
                                                + " rejection_reason = :why, decided_at = now()"
                                                + " WHERE video_id = :id AND state = 'pending'"
                                                + " RETURNING "
                                                + COLUMNS)
                                .bind("state", approve ? ReviewItem.APPROVED : ReviewItem.REJECTED)
                                .bind("by", decidedBy)
                                .bind("why", approve ? null : rejectionReason)
                                .bind("id", videoId)
                                .mapTo(ReviewItem.class)
                                .findOne());
    }

    /** The approved videos the publisher has not released yet, oldest decision first. */
    public List<VideoRendered> toRelease(int limit) {
        return jdbi.withHandle(
                h ->
                        h
                                .createQuery(
                                        "SELECT rendered_event FROM review_items WHERE state ="
                                                + " 'approved' AND released_at IS NULL ORDER BY"
                                                + " decided_at LIMIT :limit")
                                .bind("limit", limit)
                                .mapTo(byte[].class)
                                .list()
                                .stream()
                                .map(ReviewQueue::decode)
                                .toList());
    }

    private static VideoRendered decode(byte[] bytes) {
        DecodeResult r = CODEC.decode(bytes);
        if (r instanceof DecodeResult.Decoded d && d.event() instanceof VideoRendered v) {
            return v;
        }
        throw new IllegalStateException("a held render event no longer decodes: " + r);
    }

    /** The publisher published the approved video (or found it published). */
    public void markReleased(UUID videoId) {
        jdbi.useHandle(
                h ->
                        h.createUpdate(
                                        "UPDATE review_items SET released_at = now() WHERE"
                                                + " video_id = :id AND state = 'approved' AND"
                                                + " released_at IS NULL")
                                .bind("id", videoId)
                                .execute());
    }

    public int pendingCount() {
        return jdbi.withHandle(
                h ->
                        h.createQuery("SELECT count(*) FROM review_items WHERE state = 'pending'")
                                .mapTo(Integer.class)
                                .one());
    }

    /** Items whose {@code review.required} webhook is not queued yet, oldest first. */
    public List<ReviewItem> toNotify(int limit) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT "
                                                + COLUMNS
                                                + " FROM review_items WHERE notified_at IS NULL"
                                                + " ORDER BY created_at LIMIT :limit")
                                .bind("limit", limit)
                                .mapTo(ReviewItem.class)
                                .list());
    }

    public void markNotified(UUID videoId) {
        jdbi.useHandle(
                h ->
                        h.createUpdate(
                                        "UPDATE review_items SET notified_at = now() WHERE"
                                                + " video_id = :id")
                                .bind("id", videoId)
                                .execute());
    }
}
