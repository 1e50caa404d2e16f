package io.flywheel.streaming.engagement;

/**
 * Summed engagement increments and the rates derived from them. Shared by the per-video running
 * totals and the per-arm windows so both compute rates the same way.
 */
public class EngagementSums {
    public long events;
    public long views;
    public long engagedViews;
    public double minutesWatched;
    public double viewPercentWeighted;
    public long viewPercentViews;
    public long likes;
    public long comments;
    public long shares;
    public long subscribersGained;
    public long subscribersLost;
    public long impressions;

    /** Summed estimated revenue, millionths of a US dollar, of the events that reported it. */
    public long revenueMicroUsd;

    /** The events that reported revenue: none means "not reported", not zero. */
    public long revenueEvents;

    public EngagementSums() {}

    public void add(Engagement e) {
        events++;
        views += e.views;
        engagedViews += e.engagedViews;
        minutesWatched += e.minutesWatched;
        viewPercentWeighted += e.viewPercentWeighted;
        viewPercentViews += e.viewPercentViews;
        likes += e.likes;
        comments += e.comments;
        shares += e.shares;
        subscribersGained += e.subscribersGained;
        subscribersLost += e.subscribersLost;
        impressions += e.impressions;
        revenueMicroUsd += e.revenueMicroUsd;
        revenueEvents += e.revenueReported ? 1 : 0;
    }

    public void merge(EngagementSums o) {
        events += o.events;
        views += o.views;
        engagedViews += o.engagedViews;
        minutesWatched += o.minutesWatched;
        viewPercentWeighted += o.viewPercentWeighted;
        viewPercentViews += o.viewPercentViews;
        likes += o.likes;
        comments += o.comments;
        shares += o.shares;
        subscribersGained += o.subscribersGained;
        subscribersLost += o.subscribersLost;
        impressions += o.impressions;
        revenueMicroUsd += o.revenueMicroUsd;
        revenueEvents += o.revenueEvents;
    }

    public void copyFrom(EngagementSums o) {
        events = o.events;
        views = o.views;
        engagedViews = o.engagedViews;
        minutesWatched = o.minutesWatched;
        viewPercentWeighted = o.viewPercentWeighted;
        viewPercentViews = o.viewPercentViews;
        likes = o.likes;
        comments = o.comments;
        shares = o.shares;
        subscribersGained = o.subscribersGained;
        subscribersLost = o.subscribersLost;
        impressions = o.impressions;
        revenueMicroUsd = o.revenueMicroUsd;
        revenueEvents = o.revenueEvents;
    }

    /** The summed revenue in millionths of a dollar; null when no event reported any. */
    public Long revenue() {
        return revenueEvents == 0 ? null : revenueMicroUsd;
    }

    /** Engaged views per view; null without views. */
    public Double engagedViewRate() {
        return ratio(engagedViews, views);
    }

    /** Views-weighted average view percentage (0-100, above with replays); null if unreported. */
    public Double averageViewPercentage() {
        return viewPercentViews == 0 ? null : viewPercentWeighted / viewPercentViews;
    }

    public Double likeRate() {
        return ratio(likes, views);
    }

    public Double shareRate() {
        return ratio(shares, views);
    }

    public Double commentRate() {
        return ratio(comments, views);
    }

    public long subscribersNet() {
        return subscribersGained - subscribersLost;
    }

    private static Double ratio(long num, long den) {
        return den == 0 ? null : (double) num / den;
    }
}
