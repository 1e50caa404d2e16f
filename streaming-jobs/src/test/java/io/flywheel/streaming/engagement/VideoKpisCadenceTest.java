package io.flywheel.streaming.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The snapshot cadence of {@link VideoKpis}: at the live edge every change is in a snapshot within
 * the flush interval; while a backlog is read, snapshots go less often; the last snapshot of every
 * video holds its exact totals either way, also after a restore from a checkpoint.
 */
class VideoKpisCadenceTest {
    private static final long FLUSH = 200;
    private static final long CATCH_UP = 5_000;
    private static final int VIDEOS = 4;
    private static final long BACKLOG_START = 1_700_000_000_000L;

    private long now;

    @Test
    void atTheLiveEdgeEveryChangeIsInASnapshotWithinTheFlushInterval() throws Exception {
        var h = harness();
        open(h);
        long[] counted = new long[VIDEOS];
        List<long[]> changes = new ArrayList<>(); // processing time, video, count after it
        long clock = 1_800_000_000_000L;
        for (int i = 0; i < 2_000; i++) {
            now += 10;
            h.setProcessingTime(now);
            int v = i % VIDEOS;
            h.processElement2(new StreamRecord<>(event(v, i, clock + now - 5_000), 0));
            counted[v]++;
            changes.add(new long[] {now, v, counted[v]});
            h.processWatermark2(new Watermark(clock + now - 7_000));
            collect(h);
        }
        idle(h, FLUSH);
        for (long[] c : changes) {
            assertThat(firstSnapshotAt((int) c[1], c[2]) - c[0])
                    .as("change at %d", c[0])
                    .isBetween(0L, FLUSH);
        }
        h.close();
    }

    @Test
    void aBacklogIsSnapshottedLessOftenThenLiveAgainAndTheTotalsStayExact() throws Exception {
        var h = harness();
        open(h);
        long[] want = new long[VIDEOS];
        int id = backlog(h, 0, 17_000, want, null);
        // 17 s of processing time: live for the first second (5 snapshots per video), then one
        // per 5 s (at about 1, 6, 11 and 16 s); at the live cadence it would be 85 per video.
        assertThat(snapshots.size()).isBetween(VIDEOS * 7, VIDEOS * 10);

        // The live edge: the watermark at the clock's pace, one change of video 0 every 10 ms.
        // Within two windows the cadence is live again, and the snapshot scheduled at the backlog's
        // pace (due at about 21 s, 4 s into the live edge) is brought forward: from then on, every
        // change is in a snapshot within the flush interval.
        long clock = BACKLOG_START + 40 * 86_400_000L;
        long liveFrom = now;
        List<long[]> changes = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            now += 10;
            h.setProcessingTime(now);
            h.processWatermark2(new Watermark(clock + now - 7_000));
            h.processElement2(new StreamRecord<>(event(0, id++, clock + now - 5_000), 0));
            want[0] += 1;
            changes.add(new long[] {now, want[0]});
            collect(h);
        }
        idle(h, FLUSH);
        for (long[] c : changes) {
            if (c[0] >= liveFrom + 2 * SnapshotCadence.WINDOW_MS + 10) {
                assertThat(firstSnapshotAt(0, c[1]) - c[0])
                        .as("change at %d", c[0] - liveFrom)
                        .isBetween(0L, FLUSH);
            }
        }

        h.processWatermark1(new Watermark(Long.MAX_VALUE));
        h.processWatermark2(new Watermark(Long.MAX_VALUE));
        collect(h);
        assertThat(latestEvents()).isEqualTo(want);
        h.close();
    }

    @Test
    void totalsAreExactAfterARestoreFromACheckpointTakenWhileCatchingUp() throws Exception {
        var h = harness();
        open(h);
        long[] none = new long[VIDEOS];
        backlog(h, 0, 6_000, none, null);
        OperatorSubtaskState checkpoint = h.snapshot(1, now);
        long checkpointAt = now;
        long[] want = none.clone();
        // What happens after the checkpoint, replayed after the restore: more events, and a few
        // duplicates of events before it.
        List<Engagement> after = new ArrayList<>();
        backlog(h, 6_000, 12_000, want, after);
        h.close();
        assertThat(want).isEqualTo(expectedFor(12_000));

        var r = harness();
        r.setup();
        r.initializeState(checkpoint);
        r.open();
        latest.clear();
        now = checkpointAt;
        r.setProcessingTime(now);
        r.processWatermark1(new Watermark(Long.MAX_VALUE));
        for (int i = 0; i < after.size(); i++) {
            if (i % 100 == 0) {
                now += 10;
                r.setProcessingTime(now);
                r.processWatermark2(new Watermark(after.get(i).eventTime - 2_000));
            }
            r.processElement2(new StreamRecord<>(after.get(i), 0));
            if (i % 500 == 0) {
                r.processElement2(new StreamRecord<>(event(i % VIDEOS, i / 4, 0), 0)); // a dup
            }
            collect(r);
        }
        r.processWatermark2(new Watermark(Long.MAX_VALUE));
        collect(r);
        assertThat(latestEvents()).isEqualTo(want);
        r.close();
    }

    /**
     * Events {@code from..to} of a backlog, 6 s of event time each and 1 ms of processing time each
     * (6,000x the clock); returns the next id.
     */
    private int backlog(
            KeyedTwoInputStreamOperatorTestHarness<String, VideoArm, Engagement, VideoTotals> h,
            int from,
            int to,
            long[] counted,
            List<Engagement> sent)
            throws Exception {
        for (int i = from; i < to; i++) {
            if (i % 10 == 0) {
                now += 10;
                h.setProcessingTime(now);
                h.processWatermark2(new Watermark(eventTime(i) - 2_000));
            }
            Engagement e = event(i % VIDEOS, i, eventTime(i));
            h.processElement2(new StreamRecord<>(e, 0));
            if (sent != null) {
                sent.add(e);
            }
            counted[i % VIDEOS]++;
            collect(h);
        }
        return to;
    }

    /** Lets {@code ms} of processing time pass in 10 ms steps, collecting what the timers send. */
    private void idle(
            KeyedTwoInputStreamOperatorTestHarness<String, VideoArm, Engagement, VideoTotals> h,
            long ms)
            throws Exception {
        for (long t = 0; t < ms; t += 10) {
            now += 10;
            h.setProcessingTime(now);
            collect(h);
        }
    }

    private static long eventTime(int i) {
        return BACKLOG_START + i * 6_000L;
    }

    private static long[] expectedFor(int n) {
        long[] c = new long[VIDEOS];
        for (int i = 0; i < n; i++) {
            c[i % VIDEOS]++;
        }
        return c;
    }

    private final List<VideoTotals> snapshots = new ArrayList<>();
    private final List<Long> snapshotTimes = new ArrayList<>();

    /** Each video's highest count in a snapshot (what the upsert keeps). */
    private final Map<String, Long> latest = new HashMap<>();

    private void collect(
            KeyedTwoInputStreamOperatorTestHarness<String, VideoArm, Engagement, VideoTotals> h) {
        for (VideoTotals t : VideoKpisHarness.totals(h)) {
            snapshots.add(t);
            snapshotTimes.add(now);
            latest.merge(t.videoId, t.sums.events, Math::max);
        }
        h.getOutput().clear();
        VideoKpisHarness.armPoints(h); // read and dropped: this test is about the snapshots
    }

    private long firstSnapshotAt(int video, long events) {
        for (int i = 0; i < snapshots.size(); i++) {
            VideoTotals t = snapshots.get(i);
            if (t.videoId.equals(video(video)) && t.sums.events >= events) {
                return snapshotTimes.get(i);
            }
        }
        return Long.MAX_VALUE;
    }

    private long[] latestEvents() {
        long[] out = new long[VIDEOS];
        for (int v = 0; v < VIDEOS; v++) {
            out[v] = latest.getOrDefault(video(v), 0L);
        }
        return out;
    }

    private void open(
            KeyedTwoInputStreamOperatorTestHarness<String, VideoArm, Engagement, VideoTotals> h)
            throws Exception {
        h.open();
        now = 0;
        h.setProcessingTime(now);
        for (int v = 0; v < VIDEOS; v++) {
            h.processElement1(new StreamRecord<>(new VideoArm(video(v), "j", "arm", "TIKTOK"), 0));
        }
        h.processWatermark1(new Watermark(Long.MAX_VALUE));
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, VideoArm, Engagement, VideoTotals>
            harness() throws Exception {
        return VideoKpisHarness.of(
                new VideoKpis(
                        Duration.ofMillis(FLUSH),
                        Duration.ofMillis(CATCH_UP),
                        Duration.ofMillis(60_000),
                        Duration.ofDays(1),
                        Duration.ofDays(1),
                        "hashmap"));
    }

    private static String video(int n) {
        return new UUID(0x1234_5678_9abc_def0L, n).toString();
    }

    private static Engagement event(int video, long id, long time) {
        return VideoKpisHarness.engagement(video(video), 7, id, time, 1);
    }
}
