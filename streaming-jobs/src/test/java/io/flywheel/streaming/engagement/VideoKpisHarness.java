package io.flywheel.streaming.engagement;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;

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
     * The operator restored from a stored snapshot ({@code resource} on the test class path) and
     * opened, with the settings every stored snapshot was written with: flush 200 ms, allowed
     * lateness 60 s, ids and waiting events kept 1 h, heap backend.
     */
    static KeyedTwoInputStreamOperatorTestHarness<String, VideoArm, Engagement, VideoTotals>
            restoredFrom(String resource) throws Exception {
        OperatorSubtaskState old =
                OperatorSnapshotUtil.readStateHandle(
                        Path.of(VideoKpisHarness.class.getResource(resource).toURI()).toString());
        var h =
                of(
                        new VideoKpis(
                                Duration.ofMillis(200),
                                Duration.ofMillis(200),
                                Duration.ofMillis(60_000),
                                Duration.ofHours(1),
                                Duration.ofHours(1),
                                "hashmap"));
        h.initializeState(old);
        h.open();
        return h;
    }

    /** The per-video snapshots the harness has emitted so far, in order. */
    static List<VideoTotals> totals(
            KeyedTwoInputStreamOperatorTestHarness<String, VideoArm, Engagement, VideoTotals> h) {
        List<VideoTotals> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r && r.getValue() instanceof VideoTotals t) {
                out.add(t);
            }
        }
        return out;
    }

    /**
     * The arm points (per-arm minute sums) on the side output since the last call, in order; the
     * side output is emptied, so each point is read once.
     */
    static List<ArmPoint> armPoints(
            KeyedTwoInputStreamOperatorTestHarness<String, VideoArm, Engagement, VideoTotals> h) {
        List<ArmPoint> out = new ArrayList<>();
        var q = h.getSideOutput(VideoKpis.ARM_POINTS);
        if (q != null) {
            for (StreamRecord<ArmPoint> r : q) {
                out.add(r.getValue());
            }
            q.clear();
        }
        return out;
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
