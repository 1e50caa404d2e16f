package io.flywheel.streaming.trends;

/** Engaged views of one de-duplicated engagement event, with the arm of its video. */
public class ArmViews {
    public String armId;
    public long eventTime;
    public long engagedViews;

    public ArmViews() {}

    public ArmViews(String armId, long eventTime, long engagedViews) {
        this.armId = armId;
        this.eventTime = eventTime;
        this.engagedViews = engagedViews;
    }
}
