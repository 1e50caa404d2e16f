package io.flywheel.streaming.engagement;

import java.util.UUID;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;

/** The per-video operator in Flink's keyed two-input test harness, and engagements to feed it. */
final class VideoKpisHarness {
    private VideoKpisHarness() {}

    /** {@code kpis} keyed by video on both inputs, as the topology runs it. */
    static KeyedTwoInputStreamOperatorTestHarness<String, VideoArm, Engagement, VideoTotals> of(
            VideoKpis kpis) throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(
                new VideoKpisOperator(kpis),
                new EngagementKpiTopology.VideoOfArm(),
                new EngagementKpiTopology.VideoOfEngagement(),
                Types.STRING);
    }

    /**
     * {@code views} views of {@code video} on TikTok, with event id ({@code idHigh}, {@code id}).
     */
    static Engagement engagement(String video, long idHigh, long id, long time, long views) {
        UUID v = UUID.fromString(video);
        Engagement e = new Engagement();
        e.eventIdHigh = idHigh;
        e.eventIdLow = id;
        e.videoIdHigh = v.getMostSignificantBits();
        e.videoIdLow = v.getLeastSignificantBits();
        e.platform = "TIKTOK";
        e.eventTime = time;
        e.views = views;
        return e;
    }
}
