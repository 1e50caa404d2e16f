package io.flywheel.streaming.engagement;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One on-time, de-duplicated engagement event with the arm of its video, for the arm windows. It
 * crosses the shuffle by arm with {@link ArmPointSerializer}.
 */
@TypeInfo(ArmPointSerializer.TypeInfoFactory.class)
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
