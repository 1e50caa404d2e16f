package io.flywheel.store;

import java.time.Instant;
import java.util.UUID;

/**
 * A rendered video in the review queue (table review_items): why it waits, where its decision
 * stands, who decided and when the publisher released it.
 */
public record ReviewItem(
        UUID videoId,
        UUID jobId,
        String channel,
        String title,
        String reason,
        String reasonDetail,
        String state,
        String traceId,
        String decidedBy,
        String rejectionReason,
        Instant createdAt,
        Instant decidedAt,
        Instant releasedAt,
        Instant notifiedAt) {
    public static final String PENDING = "pending";
    public static final String APPROVED = "approved";
    public static final String REJECTED = "rejected";

    /** The channel's policy holds it. */
    public static final String CHANNEL_POLICY = "channel_policy";

    /** Moderation found something borderline; waits under any policy. */
    public static final String MODERATION_BORDERLINE = "moderation_borderline";
}
