package io.flywheel.publishers.review;

import io.flywheel.schemas.VideoRendered;
import io.flywheel.store.ReviewItem;
import io.flywheel.store.ReviewPolicies;
import io.flywheel.store.ReviewPolicy;
import io.flywheel.store.ReviewQueue;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, before any upload, whether a rendered video may be published now: a video whose
 * moderation was borderline always waits for a person, and so does every video of a channel whose
 * policy is {@code wait_for_approval}; the rest (the default) go at once. A waiting video is held
 * in the review queue in PostgreSQL, so its decision survives restarts and a re-read render event
 * finds it there. Approved videos come back through {@link #approved}.
 */
public final class ReviewGate {
    private static final Logger LOG = LoggerFactory.getLogger(ReviewGate.class);

    /** What the publisher does with the video now. */
    public enum Decision {
        /** Publish it (no review needed, or approved). */
        PUBLISH,
        /** It waits for a decision in the review queue. */
        HOLD,
        /** Rejected in review: never publish it. */
        DROP
    }

    private final ReviewQueue queue;
    private final ReviewPolicies policies;

    public ReviewGate(ReviewQueue queue, ReviewPolicies policies) {
        this.queue = queue;
        this.policies = policies;
    }

    /**
     * @param channel the channel (platform) the video is for
     */
    public Decision admit(VideoRendered v, String channel) {
        UUID id = UUID.fromString(v.getVideoId());
        var held = queue.find(id);
        if (held.isPresent()) {
            return decisionOf(held.get());
        }
        List<String> flags = v.getModerationFlags();
        String reason;
        String detail;
        if (!flags.isEmpty()) {
            reason = ReviewItem.MODERATION_BORDERLINE;
            detail = String.join("; ", flags);
        } else if (policies.of(channel) == ReviewPolicy.WAIT_FOR_APPROVAL) {
            reason = ReviewItem.CHANNEL_POLICY;
            detail = channel + " waits for approval";
        } else {
            return Decision.PUBLISH;
        }
        if (queue.hold(v, channel, reason, detail)) {
            LOG.info("video {} waits for review ({}: {})", id, reason, detail);
            return Decision.HOLD;
        }
        // Held meanwhile by another publisher: its row decides.
        return decisionOf(queue.find(id).orElseThrow());
    }

    private static Decision decisionOf(ReviewItem item) {
        return switch (item.state()) {
            case ReviewItem.APPROVED -> Decision.PUBLISH;
            case ReviewItem.REJECTED -> Decision.DROP;
            default -> Decision.HOLD;
        };
    }

    /** Approved videos not yet published, to publish now. */
    public List<VideoRendered> approved(int limit) {
        return queue.toRelease(limit);
    }

    /** The approved video is published (or was already): it is not returned again. */
    public void released(String videoId) {
        queue.markReleased(UUID.fromString(videoId));
    }

    public int pending() {
        return queue.pendingCount();
    }
}
