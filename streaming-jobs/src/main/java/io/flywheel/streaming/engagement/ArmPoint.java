package io.flywheel.streaming.engagement;

/** One on-time, de-duplicated engagement event with the arm of its video, for the arm windows. */
public class ArmPoint {
    public String armId;
    public String platform;
    public Engagement engagement;

    public ArmPoint() {}

    public ArmPoint(String armId, String platform, Engagement engagement) {
        this.armId = armId;
        this.platform = platform;
        this.engagement = engagement;
    }

    /** The window key: arm and platform. */
    public String armPlatform() {
        return armId + "/" + platform;
    }
}
