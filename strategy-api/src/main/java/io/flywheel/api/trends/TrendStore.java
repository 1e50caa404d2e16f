package io.flywheel.api.trends;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The trends the streaming trend job wrote to {@code stream_trends}: per key (platform, dimension,
 * value) its newest trending window, for the keys trending lately. "Lately" is measured from the
 * newest trend window in the table (event time), so a replayed or simulated stream reads the same.
 */
public final class TrendStore {
    private final Jdbi jdbi;

    public TrendStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * A key's newest trending window.
     *
     * @param dimension {@code arm} or a content parameter's name
     * @param value the arm id or the parameter's value
     * @param since the start of the key's current run of trending windows
     */
    public record Trend(
            String platform,
            String dimension,
            String value,
            String armKey,
            Instant windowStart,
            Instant windowEnd,
            long engagedViews,
            double baselineMean,
            double baselineSd,
            double zScore,
            Instant since) {}

    /**
     * Keys whose newest trending window ended at most {@code minutes} before the newest one in the
     * table, strongest (highest z) first.
     */
    public List<Trend> recent(Optional<String> platform, int minutes, int limit) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "WITH newest AS (SELECT max(window_end) AS t FROM"
                                                + " stream_trends), latest AS (SELECT DISTINCT ON"
                                                + " (platform, dimension, value) s.* FROM"
                                                + " stream_trends s, newest WHERE s.window_end >="
                                                + " newest.t - make_interval(mins => :minutes) AND"
                                                + " (CAST(:platform AS text) IS NULL OR s.platform"
                                                + " = :platform) ORDER BY platform, dimension,"
                                                + " value, window_end DESC) SELECT l.*, (SELECT"
                                                + " max(o.window_end) FROM stream_trends o WHERE"
                                                + " o.platform = l.platform AND o.dimension ="
                                                + " l.dimension AND o.value = l.value AND o.onset"
                                                + " AND o.window_end <= l.window_end) AS since"
                                                + " FROM latest l ORDER BY z_score DESC, platform,"
                                                + " dimension, value LIMIT :limit")
                                .bind("minutes", minutes)
                                .bind("platform", platform.orElse(null))
                                .bind("limit", limit)
                                .map(
                                        (rs, ctx) ->
                                                new Trend(
                                                        rs.getString("platform"),
                                                        rs.getString("dimension"),
                                                        rs.getString("value"),
                                                        rs.getString("arm_key"),
                                                        instant(
                                                                rs.getObject(
                                                                        "window_start",
                                                                        OffsetDateTime.class)),
                                                        instant(
                                                                rs.getObject(
                                                                        "window_end",
                                                                        OffsetDateTime.class)),
                                                        rs.getLong("engaged_views"),
                                                        rs.getDouble("baseline_mean"),
                                                        rs.getDouble("baseline_sd"),
                                                        rs.getDouble("z_score"),
                                                        instant(
                                                                rs.getObject(
                                                                        "since",
                                                                        OffsetDateTime.class))))
                                .list());
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
