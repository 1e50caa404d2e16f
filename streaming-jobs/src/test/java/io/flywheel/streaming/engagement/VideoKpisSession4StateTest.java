package io.flywheel.streaming.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

/**
 * A snapshot of the video operator written by the session-4 build ({@code fa087bb}, ids seen in
 * their own state {@code seen-id-tables}), {@code state/video-kpis-session4.snapshot}: video 17
 * with its arm and events 1-3 (views 2+3+4) summed in a pending minute, no snapshot sent yet; video
 * 18 with event 9 waiting for its arm; video 19 whose only event (11) was late, so that it has ids
 * seen but no totals; the engagement watermark at 150 s. It restores with nothing lost: totals and
 * pending sums continue, and the ids seen of both videos stay seen.
 */
class VideoKpisSession4StateTest {
    @Test
    void aSession4SnapshotRestoresWithTotalsPendingSumsIdsAndWaitingEvents() throws Exception {
        var h = VideoKpisHarness.restoredFrom("/state/video-kpis-session4.snapshot");
        String video = id(17);
        String waiting = id(18);
        String lateOnly = id(19);
        h.processWatermark1(new Watermark(Long.MAX_VALUE));

        h.processElement2(new StreamRecord<>(event(video, 2, 100_002, 3), 0)); // seen before
        h.processElement2(new StreamRecord<>(event(lateOnly, 11, 1_000, 7), 0)); // seen before
        h.processElement2(new StreamRecord<>(event(lateOnly, 12, 1_000, 7), 0)); // new, late
        h.processElement2(new StreamRecord<>(event(video, 4, 100_004, 5), 0));
        h.processElement1(new StreamRecord<>(new VideoArm(waiting, "job2", "arm2", "TIKTOK"), 0));
        h.setProcessingTime(10_000);

        List<VideoTotals> totals = VideoKpisHarness.totals(h);
        // Video 18's only event is in its totals since before the snapshot; 19 has none.
        assertThat(totals).extracting(t -> t.videoId).containsExactlyInAnyOrder(video, waiting);
        VideoTotals t = totals.stream().filter(x -> x.videoId.equals(video)).findFirst().get();
        assertThat(t.sums.events).isEqualTo(4);
        assertThat(t.sums.views).isEqualTo(2 + 3 + 4 + 5);
        assertThat(t.armId).isEqualTo("arm1");

        List<LateEvent> late = new ArrayList<>();
        for (StreamRecord<LateEvent> r : h.getSideOutput(VideoKpis.LATE)) {
            late.add(r.getValue());
        }
        // The restored watermark judges: event 12 is late; event 11 is a duplicate, not late again.
        assertThat(late).hasSize(1);
        assertThat(late.get(0).engagement.eventIdLow).isEqualTo(12);

        List<ArmPoint> points = VideoKpisHarness.armPoints(h);
        // The waiting event goes alone once its arm is known; the pending minute carries on.
        assertThat(points).hasSize(2);
        assertThat(points.get(0).engagement.eventIdLow).isEqualTo(9);
        assertThat(points.get(0).armPlatform).isEqualTo("arm2/TIKTOK");
        assertThat(points.get(1).minuteStart).isEqualTo(60_000);
        assertThat(points.get(1).sums.events).isEqualTo(4);
        assertThat(points.get(1).sums.views).isEqualTo(2 + 3 + 4 + 5);
        assertThat(points.get(1).armPlatform).isEqualTo("arm1/TIKTOK");
        h.close();
    }

    private static String id(long low) {
        return new UUID(0x1234_5678_9abc_def0L, low).toString();
    }

    private static Engagement event(String video, long id, long time, long views) {
        return VideoKpisHarness.engagement(video, 42, id, time, views);
    }
}
