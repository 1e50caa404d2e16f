package io.flywheel.streaming.engagement;

/**
 * A video's running totals since it was first seen: a snapshot, emitted whenever they changed.
 * {@code sums.events} grows with every counted event, so snapshots of one video are ordered and a
 * replayed snapshot can never overwrite a newer one.
 */
public class VideoTotals {
    public String videoId;
    public String platform;

    /** Null until the video's arm (VideoPublished + ContentRequested) is known. */
    public String armId;

    public long firstEventTime;
    public long lastEventTime;
    public EngagementSums sums = new EngagementSums();

    public VideoTotals() {}

    public VideoTotals copy() {
        VideoTotals t = new VideoTotals();
        t.videoId = videoId;
        t.platform = platform;
        t.armId = armId;
        t.firstEventTime = firstEventTime;
        t.lastEventTime = lastEventTime;
        t.sums.copyFrom(sums);
        return t;
    }
}
