package io.flywheel.streaming.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When {@link SnapshotCadence} calls the engagement input live and when catching up. */
class SnapshotCadenceTest {
    private static final long LIVE = 200;
    private static final long CATCH_UP = 2_000;
    private static final long DAY = 86_400_000L;

    @Test
    void theLiveEdgeStaysLiveEvenWithOneSecondWatermarkStepsAndHoursOfDelay() {
        SnapshotCadence c = new SnapshotCadence(LIVE, CATCH_UP);
        // Events six hours old, at the clock's pace; the watermark moves in 1 s steps and is
        // seen every 10 ms.
        for (long now = 0; now < 120_000; now += 10) {
            c.watermark(now / 1_000 * 1_000 - 6 * 3_600_000L, now);
            assertThat(c.intervalMs(now)).as("at %d", now).isEqualTo(LIVE);
        }
    }

    @Test
    void aBacklogReadFasterThanTheClockIsCatchingUpUntilItReachesTheLiveEdge() {
        SnapshotCadence c = new SnapshotCadence(LIVE, CATCH_UP);
        long watermark = -30 * DAY;
        long now = 0;
        for (; now < 1_000; now += 5) {
            c.watermark(watermark += 500, now); // 100x the clock
            assertThat(c.intervalMs(now)).isEqualTo(LIVE); // not known yet in the first window
        }
        for (; now < 10_000; now += 5) {
            c.watermark(watermark += 500, now);
            assertThat(c.intervalMs(now)).isEqualTo(CATCH_UP);
        }
        // The live edge: at the clock's pace again. Live after at most two windows.
        for (; now < 12_000; now += 5) {
            c.watermark(watermark += 5, now);
        }
        assertThat(c.intervalMs(now)).isEqualTo(LIVE);
    }

    @Test
    void aWatermarkThatStopsCountsAsLive() {
        SnapshotCadence c = new SnapshotCadence(LIVE, CATCH_UP);
        long watermark = 0;
        for (long now = 0; now <= 3_000; now += 10) {
            c.watermark(watermark += 1_000, now);
        }
        assertThat(c.intervalMs(3_000)).isEqualTo(CATCH_UP);
        // No watermark at all from here (an idle input).
        assertThat(c.intervalMs(4_900)).isEqualTo(CATCH_UP);
        assertThat(c.intervalMs(5_000)).isEqualTo(LIVE);
        // ... or watermarks that do not move.
        SnapshotCadence d = new SnapshotCadence(LIVE, CATCH_UP);
        for (long now = 0; now <= 3_000; now += 10) {
            d.watermark(watermark += 1_000, now);
        }
        for (long now = 3_010; now <= 5_500; now += 10) {
            d.watermark(watermark, now);
        }
        assertThat(d.intervalMs(5_500)).isEqualTo(LIVE);
    }

    @Test
    void theEndOfABoundedInputAndNoWatermarkYetAreNoPace() {
        SnapshotCadence c = new SnapshotCadence(LIVE, CATCH_UP);
        c.watermark(Long.MIN_VALUE, 0);
        c.watermark(1_000, 10);
        c.watermark(Long.MAX_VALUE, 1_500);
        c.watermark(1_100, 2_000);
        assertThat(c.intervalMs(2_000)).isEqualTo(LIVE);
    }
}
