package io.flywheel.streaming.engagement;

import io.flywheel.schemas.VideoPublished;

/** A {@code VideoPublished}: which content job a video came from, and where it went live. */
public class Publication {
    public String videoId;
    public String jobId;
    public String platform;
    public long publishedAt;
    public long eventTime;

    public Publication() {}

    public static Publication of(VideoPublished e) {
        Publication p = new Publication();
        p.videoId = Engagement.canonicalVideoId(e.getVideoId());
        p.jobId = e.getJobId();
        p.platform = e.getPlatform().name();
        p.publishedAt = e.getPublishedAt();
        p.eventTime = e.getEnvelope().getEventTime();
        return p;
    }
}
