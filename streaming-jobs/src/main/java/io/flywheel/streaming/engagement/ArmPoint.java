package io.flywheel.streaming.engagement;

/** One on-time, de-duplicated engagement event with the arm of its video, for the arm windows. */
public class ArmPoint {
    /** The window key: arm id and platform, as {@code arm/platform}. */
    public String armPlatform;

    public Engagement engagement;

    public ArmPoint() {}

    public ArmPoint(String armPlatform, Engagement engagement) {
        this.armPlatform = armPlatform;
        this.engagement = engagement;
    }
}
