package io.flywheel.streaming.engagement;

import io.flywheel.schemas.EngagementObserved;

/**
 * The increments of one {@code EngagementObserved}, flattened for Flink. A metric the platform did
 * not report counts as 0 in the sums; the average view percentage is kept as a views-weighted sum
 * over the views that reported it, so it can be summed and divided exactly later.
 */
public class Engagement {
    public String eventId;
    public String videoId;
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

    public Engagement() {}

    public static Engagement of(EngagementObserved e) {
        Engagement g = new Engagement();
        g.eventId = e.getEnvelope().getEventId();
        g.videoId = e.getVideoId();
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
        return g;
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }
}
