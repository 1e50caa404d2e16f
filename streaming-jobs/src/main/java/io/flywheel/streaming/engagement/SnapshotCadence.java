package io.flywheel.streaming.engagement;

/**
 * How long a video's changed totals may wait for their snapshot: {@code liveMs} at the live edge,
 * {@code catchUpMs} while the engagement input is reading a backlog.
 *
 * <p>"Reading a backlog" means the engagement watermark advanced at least {@link #SPEEDUP} times
 * faster than processing time over the last {@link #WINDOW_MS} of processing time. A source that
 * reads as fast as the log is written moves event time at about the clock's pace, whatever the
 * events' delay; one that is behind the log end moves it faster (in the benchmark, an hour of event
 * time in 12-20 s). The gap between the watermark and the clock would not do: platform analytics
 * arrive hours late, so a large gap is normal at the live edge. With watermarks emitted every
 * second of event time the live edge can measure up to 2x over one window, below the threshold.
 *
 * <p>A watermark that has not moved for two windows (an idle or stalled input) counts as live. The
 * signal is per subtask, not checkpointed (a restored operator starts live and finds out again
 * within a window), and only decides when snapshots are sent, never what they contain: totals,
 * exactly-once output and recovery do not depend on it.
 */
final class SnapshotCadence {
    static final long WINDOW_MS = 1_000;
    static final long SPEEDUP = 4;

    private final long liveMs;
    private final long catchUpMs;

    private long windowStart = Long.MIN_VALUE;
    private long windowStartWatermark;
    private long lastWatermark;
    private long lastAdvance;
    private boolean catchingUp;

    SnapshotCadence(long liveMs, long catchUpMs) {
        this.liveMs = liveMs;
        this.catchUpMs = Math.max(liveMs, catchUpMs);
    }

    /** The engagement input's watermark is {@code watermark} at processing time {@code now}. */
    void watermark(long watermark, long now) {
        if (watermark == Long.MIN_VALUE || watermark == Long.MAX_VALUE) {
            return; // no event yet, or the end of a bounded input: no pace to measure
        }
        if (windowStart == Long.MIN_VALUE) {
            windowStart = now;
            windowStartWatermark = watermark;
            lastWatermark = watermark;
            lastAdvance = now;
            return;
        }
        if (watermark > lastWatermark) {
            lastWatermark = watermark;
            lastAdvance = now;
        }
        long elapsed = now - windowStart;
        if (elapsed >= WINDOW_MS) {
            catchingUp = watermark - windowStartWatermark >= SPEEDUP * elapsed;
            windowStart = now;
            windowStartWatermark = watermark;
        }
    }

    /** How long changes made at {@code now} may wait for their snapshot. */
    long intervalMs(long now) {
        return catchingUp(now) ? catchUpMs : liveMs;
    }

    boolean catchingUp(long now) {
        return catchingUp && now - lastAdvance < 2 * WINDOW_MS;
    }
}
