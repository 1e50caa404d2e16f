package io.flywheel.streaming.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The ids seen inside each video's state (heap backend): a repeat is dropped while remembered,
 * every id is forgotten once its video has been silent for the ttl, and a video that only ever had
 * late events leaves no state behind then.
 */
class VideoKpisSeenIdsTest {
    private static final long TTL_MS = 1_000;

    @Test
    void idsAreRememberedForTheTtlThenForgottenWithTheStateOfALateOnlyVideo() throws Exception {
        KeyedTwoInputStreamOperatorTestHarness<String, VideoArm, Engagement, VideoTotals> h =
                VideoKpisHarness.of(
                        new VideoKpis(
                                Duration.ofMillis(200),
                                Duration.ofMillis(200),
                                Duration.ofMillis(60_000),
                                Duration.ofMillis(TTL_MS),
                                Duration.ofHours(1),
                                "hashmap"));
        h.open();
        String video = new UUID(1, 1).toString();
        String lateOnly = new UUID(1, 2).toString();
        h.processElement1(new StreamRecord<>(new VideoArm(video, "job1", "arm1", "TIKTOK"), 0));
        h.processWatermark2(new Watermark(150_000));
        h.processElement2(new StreamRecord<>(event(video, 1, 100_001), 0));
        h.processElement2(new StreamRecord<>(event(video, 1, 100_001), 0)); // repeat
        h.processElement2(new StreamRecord<>(event(lateOnly, 5, 1_000), 0)); // late
        h.setProcessingTime(TTL_MS / 2 - 1);
        h.processElement2(new StreamRecord<>(event(video, 1, 100_001), 0)); // repeat
        h.processElement2(new StreamRecord<>(event(lateOnly, 5, 1_000), 0)); // repeat
        assertThat(h.getSideOutput(VideoKpis.LATE)).hasSize(1);
        int entries = h.numKeyedStateEntries();

        // Both videos silent since time 0: at the ttl every id is forgotten.
        h.setProcessingTime(TTL_MS);
        assertThat(h.numKeyedStateEntries()).isEqualTo(entries - 1);
        h.processElement2(new StreamRecord<>(event(video, 1, 100_001), 0));
        h.processElement2(new StreamRecord<>(event(lateOnly, 5, 1_000), 0));
        h.setProcessingTime(2 * TTL_MS);

        VideoTotals last = null;
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord<?> r && r.getValue() instanceof VideoTotals t) {
                last = t;
            }
        }
        assertThat(last.videoId).isEqualTo(video);
        assertThat(last.sums.events).isEqualTo(2);
        assertThat(h.getSideOutput(VideoKpis.LATE)).hasSize(2);
        h.close();
    }

    private static Engagement event(String video, long id, long time) {
        return VideoKpisHarness.engagement(video, 42, id, time, 1);
    }
}
