package io.flywheel.streaming.engagement;

/** The sums of one arm on one platform over one tumbling event-time window. */
public class ArmWindowKpi {
    public String armId;
    public String platform;
    public long windowSeconds;
    public long windowStart;
    public long windowEnd;
    public EngagementSums sums = new EngagementSums();

    public ArmWindowKpi() {}
}
