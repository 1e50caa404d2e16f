package io.flywheel.streaming.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

/**
 * The video operator's state gained the pending minute sums in session 3. A snapshot written by the
 * session-2 build ({@code state/video-kpis-session2.snapshot}: video 7 with its arm and events 1-3,
 * views 2+3+4; video 8 with event 9 waiting for its arm) restores through Flink's POJO schema
 * evolution with nothing lost: totals continue, ids seen stay seen, the waiting event stays.
 */
class VideoKpisSession2StateTest {
    @Test
    void aSession2SnapshotRestoresWithItsTotalsIdsAndWaitingEvents() throws Exception {
        var h = VideoKpisHarness.restoredFrom("/state/video-kpis-session2.snapshot");
        String video = new UUID(0x1234_5678_9abc_def0L, 7).toString();
        String waiting = new UUID(0x1234_5678_9abc_def0L, 8).toString();
        h.processWatermark1(new Watermark(Long.MAX_VALUE));

        h.processElement2(new StreamRecord<>(event(video, 2, 60_002, 3), 0)); // seen before
        h.processElement2(new StreamRecord<>(event(video, 4, 60_004, 5), 0));
        h.processElement1(new StreamRecord<>(new VideoArm(waiting, "job2", "arm2", "TIKTOK"), 0));
        h.setProcessingTime(10_000);

        List<VideoTotals> totals =
                VideoKpisHarness.totals(h).stream().filter(t -> t.videoId.equals(video)).toList();
        assertThat(totals).hasSize(1);
        assertThat(totals.get(0).sums.events).isEqualTo(4);
        assertThat(totals.get(0).sums.views).isEqualTo(2 + 3 + 4 + 5);
        assertThat(totals.get(0).armId).isEqualTo("arm1");

        List<ArmPoint> points = VideoKpisHarness.armPoints(h);
        // The waiting event goes alone once its arm is known; the new one in its minute's sums.
        assertThat(points).hasSize(2);
        assertThat(points.get(0).engagement.eventIdLow).isEqualTo(9);
        assertThat(points.get(0).armPlatform).isEqualTo("arm2/TIKTOK");
        assertThat(points.get(1).sums.events).isEqualTo(1);
        assertThat(points.get(1).sums.views).isEqualTo(5);
        assertThat(points.get(1).armPlatform).isEqualTo("arm1/TIKTOK");
        h.close();
    }

    private static Engagement event(String video, long id, long time, long views) {
        return VideoKpisHarness.engagement(video, 42, id, time, views);
    }
}
