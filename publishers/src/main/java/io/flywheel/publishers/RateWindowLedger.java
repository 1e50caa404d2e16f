package io.flywheel.publishers;

import java.time.Duration;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;

/**
 * Requests made per rate-limit bucket (e.g. {@code TIKTOK:init}, 6 per minute per user token) in
 * fixed windows, in PostgreSQL so every publisher process (and a restarted one) counts the same
 * requests. A request that does not fit is not made: the caller defers it to {@link #nextWindow}
 * and resumes then, it never fails for it.
 */
public final class RateWindowLedger {
    private final Jdbi jdbi;

    public RateWindowLedger(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The start of the window {@code now} falls in. */
    public static long windowStart(long now, Duration window) {
        return now - Math.floorMod(now, window.toMillis());
    }

    /** When the window after the one {@code now} falls in starts. */
    public static long nextWindow(long now, Duration window) {
        return windowStart(now, window) + window.toMillis();
    }

    /**
     * Takes one request of {@code limit} in the window of {@code now}, atomically across processes.
     *
     * @return false (and nothing taken) if the window is full
     */
    public boolean take(String bucket, long now, Duration window, int limit) {
        if (limit < 1) {
            return false;
        }
        Instant start = Instant.ofEpochMilli(windowStart(now, window));
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "INSERT INTO platform_rate_windows (bucket, window_start,"
                                                + " used) VALUES (:bucket, :start, 1) ON CONFLICT"
                                                + " (bucket, window_start) DO UPDATE SET used ="
                                                + " platform_rate_windows.used + 1 WHERE"
                                                + " platform_rate_windows.used < :limit RETURNING"
                                                + " used")
                                .bind("bucket", bucket)
                                .bind("start", start)
                                .bind("limit", limit)
                                .mapTo(Integer.class)
                                .findOne()
                                .isPresent());
    }

    /** Requests taken in the window of {@code now}. */
    public int used(String bucket, long now, Duration window) {
        Instant start = Instant.ofEpochMilli(windowStart(now, window));
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT used FROM platform_rate_windows WHERE bucket ="
                                                + " :bucket AND window_start = :start")
                                .bind("bucket", bucket)
                                .bind("start", start)
                                .mapTo(Integer.class)
                                .findOne()
                                .orElse(0));
    }
}
