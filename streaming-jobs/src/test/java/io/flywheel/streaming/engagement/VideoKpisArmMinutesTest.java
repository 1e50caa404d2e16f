package io.flywheel.streaming.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The per-minute sums that {@link VideoKpis} sends to the arm windows instead of one point per
 * event: the same totals per window as event by event, never too late for a window, and after a
 * restore from a checkpoint each event in exactly one sum.
 */
class VideoKpisArmMinutesTest {
    private static final long MINUTE = 60_000;
    private static final long LATENESS = 60_000;
    private static final long FLUSH = 200;

    private long watermarkBefore = Long.MIN_VALUE;

    @Test
    void aMinuteOfEventsGoesAsOneSumWhenTheWatermarkReachesItsEnd() throws Exception {
        var h = harness();
        h.open();
        String video = video(1);
        h.processElement1(new StreamRecord<>(new VideoArm(video, "job", "arm1", "TIKTOK"), 0));
        h.processWatermark1(new Watermark(Long.MAX_VALUE));
        for (int i = 0; i < 5; i++) {
            h.processElement2(new StreamRecord<>(event(video, i, MINUTE + 1_000 * i, 10), 0));
        }
        h.processElement2(new StreamRecord<>(event(video, 2, MINUTE + 9_000, 10), 0)); // dup
        h.processWatermark2(new Watermark(2 * MINUTE - 2));
        assertThat(VideoKpisHarness.armPoints(h)).isEmpty();

        h.processWatermark2(new Watermark(2 * MINUTE - 1));
        List<ArmPoint> sent = VideoKpisHarness.armPoints(h);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).engagement).isNull();
        assertThat(sent.get(0).armPlatform).isEqualTo("arm1/TIKTOK");
        assertThat(sent.get(0).minuteStart).isEqualTo(MINUTE);
        assertThat(sent.get(0).sums.events).isEqualTo(5);
        assertThat(sent.get(0).sums.views).isEqualTo(50);

        // Its minute already went: an event of it within the allowed lateness goes alone, at once.
        h.processElement2(new StreamRecord<>(event(video, 10, MINUTE + 30_000, 7), 0));
        sent = VideoKpisHarness.armPoints(h);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).engagement.views).isEqualTo(7);

        // The next minute's events go with the next snapshot if that comes first.
        h.processElement2(new StreamRecord<>(event(video, 11, 2 * MINUTE + 5, 3), 0));
        h.processElement2(new StreamRecord<>(event(video, 12, 2 * MINUTE + 6, 4), 0));
        h.setProcessingTime(FLUSH);
        sent = VideoKpisHarness.armPoints(h);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).minuteStart).isEqualTo(2 * MINUTE);
        assertThat(sent.get(0).sums.events).isEqualTo(2);
        assertThat(sent.get(0).sums.views).isEqualTo(7);
        // ... and not again at the end of their minute.
        h.processWatermark2(new Watermark(3 * MINUTE - 1));
        assertThat(VideoKpisHarness.armPoints(h)).isEmpty();
        h.close();
    }

    @Test
    void randomStreamsGiveTheSameWindowTotalsAsEventByEventAndNeverArriveLate() throws Exception {
        for (int seed = 1; seed <= 20; seed++) {
            Random rnd = new Random(seed);
            var h = harness();
            h.open();
            watermarkBefore = Long.MIN_VALUE;
            Map<String, String> armOf = new HashMap<>();
            for (int v = 0; v < 4; v++) {
                String arm = "arm" + (v % 2);
                armOf.put(video(v), arm + "/YOUTUBE_SHORTS");
                h.processElement1(
                        new StreamRecord<>(new VideoArm(video(v), "j", arm, "YOUTUBE_SHORTS"), 0));
            }
            h.processWatermark1(new Watermark(Long.MAX_VALUE));

            Map<String, Long> want = new HashMap<>();
            Map<String, Long> got = new HashMap<>();
            Set<Long> sentIds = new HashSet<>();
            Set<Long> lateIds = new HashSet<>();
            long maxTime = 0;
            long time = 10 * MINUTE;
            long now = 0;
            List<Engagement> sent = new ArrayList<>();
            for (int i = 0; i < 3_000; i++) {
                time += rnd.nextInt(400);
                // Mostly in order, some a little out of order, a few far behind (late).
                long t =
                        switch (rnd.nextInt(20)) {
                            case 0 -> time - 70_000 - rnd.nextInt(60_000);
                            case 1, 2, 3 -> time - rnd.nextInt(50_000);
                            default -> time;
                        };
                long id = rnd.nextInt(10) == 0 && i > 0 ? rnd.nextInt(i) : i; // some duplicates
                String video = video((int) (id % 4));
                Engagement e = event(video, id, t, 1 + rnd.nextInt(9));
                h.processElement2(new StreamRecord<>(e, t));
                if (sentIds.add(id)) {
                    sent.add(e);
                }
                maxTime = Math.max(maxTime, t);
                if (rnd.nextInt(10) == 0) {
                    advanceWatermark(h, maxTime - 2_000);
                }
                if (rnd.nextInt(15) == 0) {
                    now += rnd.nextInt(300);
                    h.setProcessingTime(now);
                }
                drain(h, got, lateIds);
            }
            advanceWatermark(h, Long.MAX_VALUE);
            drain(h, got, lateIds);
            for (Engagement e : sent) {
                if (!lateIds.contains(e.eventIdLow)) {
                    String key = armOf.get(e.videoId()) + "@" + minuteOf(e.eventTime);
                    want.merge(key + ":events", 1L, Long::sum);
                    want.merge(key + ":views", e.views, Long::sum);
                }
            }
            assertThat(lateIds).as("seed %d has late events", seed).isNotEmpty();
            assertThat(got).as("seed %d", seed).isEqualTo(want);
            h.close();
        }
    }

    @Test
    void pendingSumsAreInTheCheckpointAndSentOnceAfterARestore() throws Exception {
        var h = harness();
        h.open();
        String video = video(3);
        h.processElement1(new StreamRecord<>(new VideoArm(video, "job", "a", "TIKTOK"), 0));
        h.processWatermark1(new Watermark(Long.MAX_VALUE));
        h.processElement2(new StreamRecord<>(event(video, 1, MINUTE + 1, 2), 0));
        h.setProcessingTime(FLUSH); // sends the first event's minute
        List<ArmPoint> before = VideoKpisHarness.armPoints(h);
        h.processElement2(new StreamRecord<>(event(video, 2, MINUTE + 2, 3), 0));
        h.processElement2(new StreamRecord<>(event(video, 3, MINUTE + 3, 4), 0));
        OperatorSubtaskState snapshot = h.snapshot(1, FLUSH + 1);
        h.close();

        var restored = harness();
        restored.initializeState(snapshot);
        restored.open();
        restored.processWatermark1(new Watermark(Long.MAX_VALUE));
        // A duplicate of an event that is only in the pending sums is still known as seen.
        restored.processElement2(new StreamRecord<>(event(video, 3, MINUTE + 3, 4), 0));
        restored.processWatermark2(new Watermark(2 * MINUTE - 1));
        List<ArmPoint> after = VideoKpisHarness.armPoints(restored);

        assertThat(before).hasSize(1);
        assertThat(before.get(0).sums.events).isEqualTo(1);
        assertThat(after).hasSize(1);
        assertThat(after.get(0).sums.events).isEqualTo(2);
        assertThat(after.get(0).sums.views).isEqualTo(7);
        restored.close();
    }

    private void advanceWatermark(
            KeyedTwoInputStreamOperatorTestHarness<String, VideoArm, Engagement, VideoTotals> h,
            long w)
            throws Exception {
        if (w > watermarkBefore) {
            h.processWatermark2(new Watermark(w));
        }
    }

    /**
     * Collects what was sent since the last call, checking that a window would have taken it: its
     * minute had not passed (sums) or was within the allowed lateness (one event) by the watermark
     * the operator had forwarded before.
     */
    private void drain(
            KeyedTwoInputStreamOperatorTestHarness<String, VideoArm, Engagement, VideoTotals> h,
            Map<String, Long> got,
            Set<Long> lateIds) {
        for (ArmPoint p : VideoKpisHarness.armPoints(h)) {
            long minuteEnd = minuteOf(p.eventTime()) + MINUTE - 1;
            if (p.engagement != null) {
                assertThat(minuteEnd + LATENESS).isGreaterThan(watermarkBefore);
                got.merge(p.armPlatform + "@" + minuteOf(p.eventTime()) + ":events", 1L, Long::sum);
                got.merge(
                        p.armPlatform + "@" + minuteOf(p.eventTime()) + ":views",
                        p.engagement.views,
                        Long::sum);
            } else {
                assertThat(minuteEnd).isGreaterThan(watermarkBefore);
                got.merge(
                        p.armPlatform + "@" + p.minuteStart + ":events", p.sums.events, Long::sum);
                got.merge(p.armPlatform + "@" + p.minuteStart + ":views", p.sums.views, Long::sum);
            }
        }
        var late = h.getSideOutput(VideoKpis.LATE);
        if (late != null) {
            for (StreamRecord<LateEvent> r : late) {
                lateIds.add(r.getValue().engagement.eventIdLow);
            }
            late.clear();
        }
        for (Object o : h.getOutput()) {
            if (o instanceof Watermark w) {
                watermarkBefore = Math.max(watermarkBefore, w.getTimestamp());
            }
        }
        h.getOutput().clear();
    }

    private static long minuteOf(long t) {
        return Math.floorDiv(t, MINUTE) * MINUTE;
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, VideoArm, Engagement, VideoTotals>
            harness() throws Exception {
        VideoKpis kpis =
                new VideoKpis(
                        Duration.ofMillis(FLUSH),
                        Duration.ofMillis(FLUSH),
                        Duration.ofMillis(LATENESS),
                        Duration.ofHours(1),
                        Duration.ofHours(1),
                        "hashmap");
        return VideoKpisHarness.of(kpis);
    }

    private static String video(int n) {
        return new UUID(0x1234_5678_9abc_def0L, n).toString();
    }

    private static Engagement event(String video, long id, long time, long views) {
        return VideoKpisHarness.engagement(video, 42, id, time, views);
    }
}
