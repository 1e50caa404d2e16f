package io.flywheel.streaming.engagement;

/**
 * The summed engagement of one video's on-time events in one arm minute, not yet sent to the arm
 * windows. Kept in the video's state until sent, so a checkpoint holds every event exactly once:
 * either here or in the window it was sent to.
 */
public class MinuteSums {
    /** Start of the 1-minute window, epoch ms. */
    public long minuteStart;

    public EngagementSums sums;

    public MinuteSums() {}

    public MinuteSums(long minuteStart) {
        this.minuteStart = minuteStart;
        this.sums = new EngagementSums();
    }
}
