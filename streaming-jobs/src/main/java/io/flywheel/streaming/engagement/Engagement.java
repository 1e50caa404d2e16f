package io.flywheel.streaming.engagement;

import io.flywheel.schemas.EngagementObserved;
import io.flywheel.streaming.common.DedupeByEventId;
import java.util.UUID;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * The increments of one {@code EngagementObserved}, flattened for Flink. A metric the platform did
 * not report counts as 0 in the sums; the average view percentage is kept as a views-weighted sum
 * over the views that reported it, so it can be summed and divided exactly later.
 *
 * <p>Travels between operators and sits in state with {@link EngagementSerializer} (fixed layout,
 * ids as longs, platform as one byte), not Flink's reflective POJO serializer.
 */
@TypeInfo(EngagementSerializer.TypeInfoFactory.class)
public class Engagement {
    /**
     * The envelope's event id (a UUID, as the contract requires) as its two halves: 16 bytes on the
     * wire between operators instead of a 36-character string.
     */
    public long eventIdHigh;

    public long eventIdLow;

    /**
     * The video id (a UUID, as the contract requires) as its two halves, like the event id; its
     * canonical text is made once per record that needs it ({@link #videoId()}).
     */
    public long videoIdHigh;

    public long videoIdLow;

    /** A {@code Platform} name. */
    public String platform;

    public long eventTime;
    public long views;
    public long engagedViews;
    public double minutesWatched;

    /** Sum of averageViewPercentage x views, over the events that reported a percentage. */
    public double viewPercentWeighted;

    /** The views of the events that reported an average view percentage. */
    public long viewPercentViews;

    public long likes;
    public long comments;
    public long shares;
    public long subscribersGained;
    public long subscribersLost;
    public long impressions;

    /** The estimated revenue in millionths of a US dollar; 0 when not reported. */
    public long revenueMicroUsd;

    /** Whether the event reported revenue (v2's nullable field; a v1 event never does). */
    public boolean revenueReported;

    public Engagement() {}

    public static Engagement of(EngagementObserved e) {
        Engagement g = new Engagement();
        UUID id = DedupeByEventId.uuid(e.getEnvelope().getEventId());
        g.eventIdHigh = id.getMostSignificantBits();
        g.eventIdLow = id.getLeastSignificantBits();
        UUID video = DedupeByEventId.uuid(e.getVideoId());
        g.videoIdHigh = video.getMostSignificantBits();
        g.videoIdLow = video.getLeastSignificantBits();
        g.platform = e.getPlatform().name();
        g.eventTime = e.getEnvelope().getEventTime();
        g.views = orZero(e.getViews());
        g.engagedViews = orZero(e.getEngagedViews());
        g.minutesWatched =
                e.getEstimatedMinutesWatched() == null ? 0 : e.getEstimatedMinutesWatched();
        if (e.getAverageViewPercentage() != null && e.getViews() != null) {
            g.viewPercentWeighted = e.getAverageViewPercentage() * e.getViews();
            g.viewPercentViews = e.getViews();
        }
        g.likes = orZero(e.getLikes());
        g.comments = orZero(e.getComments());
        g.shares = orZero(e.getShares());
        g.subscribersGained = orZero(e.getSubscribersGained());
        g.subscribersLost = orZero(e.getSubscribersLost());
        g.impressions = orZero(e.getImpressions());
        if (e.getEstimatedRevenueMicroUsd() != null) {
            g.revenueMicroUsd = e.getEstimatedRevenueMicroUsd();
            g.revenueReported = true;
        }
        return g;
    }

    /** The event id in canonical (lower-case) UUID form. */
    public String eventId() {
        return new UUID(eventIdHigh, eventIdLow).toString();
    }

    /** The video id in canonical (lower-case) UUID form: the key of every per-video operator. */
    public String videoId() {
        String v = videoIdText;
        if (v == null) {
            v = new UUID(videoIdHigh, videoIdLow).toString();
            videoIdText = v;
        }
        return v;
    }

    /** {@link #videoId()} once made; not serialized, cleared when the object is reused. */
    transient String videoIdText;

    /** A video id as the job keys it: canonical (lower-case) UUID text. */
    public static String canonicalVideoId(String id) {
        return DedupeByEventId.uuid(id).toString();
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }
}
