package io.flywheel.streaming.engagement;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * What the arm windows receive: either one on-time, de-duplicated engagement event with the arm of
 * its video, or the sums of several events of one video in one minute ({@link #engagement} null).
 * It crosses the shuffle by arm with {@link ArmPointSerializer}.
 */
@TypeInfo(ArmPointSerializer.TypeInfoFactory.class)
public class ArmPoint {
    /** The window key: arm id and platform, as {@code arm/platform}. */
    public String armPlatform;

    /** One event, or null when this carries {@link #sums}. */
    public Engagement engagement;

    /** The minute of {@link #sums} (epoch ms); unused for one event. */
    public long minuteStart;

    /** The sums of one minute's events, or null for one event. */
    public EngagementSums sums;

    public ArmPoint() {}

    public ArmPoint(String armPlatform, Engagement engagement) {
        this.armPlatform = armPlatform;
        this.engagement = engagement;
    }

    public ArmPoint(String armPlatform, MinuteSums minute) {
        this.armPlatform = armPlatform;
        this.minuteStart = minute.minuteStart;
        this.sums = minute.sums;
    }

    /** The event time that places this in its window. */
    public long eventTime() {
        return engagement != null ? engagement.eventTime : minuteStart;
    }
}
