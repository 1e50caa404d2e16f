package io.flywheel.api.insights;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** {@link KpiReader} over the streaming jobs' tables in PostgreSQL. */
public final class SqlKpiReader implements KpiReader {
    private final Jdbi jdbi;

    public SqlKpiReader(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public List<Point> armSeries(
            Optional<String> platform,
            String metric,
            int windowSeconds,
            Instant since,
            int maxArms) {
        if (!METRICS.contains(metric)) {
            throw new IllegalArgumentException("unknown metric " + metric);
        }
        // The metric is one of a fixed set of column names (checked above), never user text.
        String sql =
                "WITH top AS (SELECT arm_id FROM kpi_arm_windows WHERE window_seconds = :w AND"
                        + " window_start >= :since AND (CAST(:platform AS text) IS NULL OR platform"
                        + " = :platform) GROUP BY arm_id ORDER BY sum("
                        + metric
                        + ") DESC, arm_id LIMIT :maxArms) SELECT k.arm_id, k.platform,"
                        + " k.window_start, k.window_end, sum(k."
                        + metric
                        + ") AS value FROM kpi_arm_windows k JOIN top USING (arm_id) WHERE"
                        + " k.window_seconds = :w AND k.window_start >= :since AND"
                        + " (CAST(:platform AS text) IS NULL OR k.platform = :platform) GROUP BY"
                        + " k.arm_id, k.platform, k.window_start, k.window_end ORDER BY"
                        + " k.window_start, k.arm_id";
        return jdbi.withHandle(
                h ->
                        h.createQuery(sql)
                                .bind("w", windowSeconds)
                                .bind("since", since)
                                .bind("platform", platform.orElse(null))
                                .bind("maxArms", maxArms)
                                .map(
                                        (rs, ctx) ->
                                                new Point(
                                                        rs.getString("arm_id"),
                                                        rs.getString("platform"),
                                                        rs.getTimestamp("window_start").toInstant(),
                                                        rs.getTimestamp("window_end").toInstant(),
                                                        rs.getDouble("value")))
                                .list());
    }

    @Override
    public List<Map<String, Object>> armEconomics(Optional<String> platform, int maxArms) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "WITH cost AS (SELECT video_id, sum(cost_micro_usd) AS"
                                                + " micro FROM ops_job_costs WHERE video_id IS"
                                                + " NOT NULL GROUP BY video_id),"
                                                + " per_arm AS (SELECT k.arm_id, k.platform,"
                                                + " count(*) AS videos,"
                                                + " count(c.micro) AS videos_with_cost,"
                                                + " count(k.revenue_micro_usd) AS"
                                                + " videos_with_revenue,"
                                                + " sum(c.micro) / 1e6 AS cost_usd,"
                                                + " sum(k.revenue_micro_usd) / 1e6 AS revenue_usd,"
                                                + " avg(c.micro) / 1e6 AS cost_usd_per_video,"
                                                + " avg(k.revenue_micro_usd) / 1e6 AS"
                                                + " revenue_usd_per_video"
                                                + " FROM kpi_video_totals k LEFT JOIN cost c"
                                                + " ON c.video_id = k.video_id"
                                                + " WHERE k.arm_id IS NOT NULL"
                                                + " AND (CAST(:platform AS text) IS NULL"
                                                + " OR k.platform = :platform)"
                                                + " GROUP BY k.arm_id, k.platform)"
                                                + " SELECT p.*, p.revenue_usd_per_video"
                                                + " - p.cost_usd_per_video AS"
                                                + " margin_usd_per_video, a.arm_key"
                                                + " FROM per_arm p LEFT JOIN kpi_arms a"
                                                + " USING (arm_id)"
                                                + " ORDER BY p.revenue_usd DESC NULLS LAST,"
                                                + " p.arm_id, p.platform LIMIT :n")
                                .bind("platform", platform.orElse(null))
                                .bind("n", maxArms)
                                .map((rs, ctx) -> row(rs))
                                .list());
    }

    @Override
    public List<Map<String, Object>> platformTotals() {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT platform, count(*) AS videos, sum(views) AS views,"
                                                + " sum(engaged_views) AS engaged_views,"
                                                + " sum(minutes_watched) AS minutes_watched,"
                                                + " sum(likes) AS likes, sum(shares) AS shares,"
                                                + " sum(impressions) AS impressions,"
                                                + " sum(revenue_micro_usd) / 1e6 AS revenue_usd,"
                                                + " max(last_event_at) AS last_event_at FROM"
                                                + " kpi_video_totals GROUP BY platform ORDER BY"
                                                + " platform")
                                .map((rs, ctx) -> row(rs))
                                .list());
    }

    @Override
    public Optional<Map<String, Object>> videoTotals(String videoId) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT views, engaged_views, minutes_watched, likes,"
                                                + " comments, shares, subscribers_gained,"
                                                + " impressions, engaged_view_rate,"
                                                + " average_view_percentage, last_event_at FROM"
                                                + " kpi_video_totals WHERE video_id = :id")
                                .bind("id", videoId)
                                .map((rs, ctx) -> row(rs))
                                .findOne());
    }

    @Override
    public Map<String, Object> briefTotals(java.util.UUID briefId) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT count(k.video_id) AS measured,"
                                                + " coalesce(sum(k.views), 0) AS views,"
                                                + " coalesce(sum(k.engaged_views), 0) AS engaged_views,"
                                                + " coalesce(avg(k.engaged_views), 0)"
                                                + " AS engaged_views_per_video"
                                                + " FROM content_jobs j JOIN videos v USING (job_id)"
                                                + " JOIN kpi_video_totals k"
                                                + " ON k.video_id = v.video_id::text"
                                                + " WHERE j.brief_id = :brief")
                                .bind("brief", briefId)
                                .map((rs, ctx) -> row(rs))
                                .one());
    }

    static Map<String, Object> row(java.sql.ResultSet rs) throws java.sql.SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        var md = rs.getMetaData();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            Object v = rs.getObject(i);
            if (v instanceof java.sql.Timestamp t) {
                v = t.toInstant();
            } else if (v instanceof java.math.BigDecimal d) {
                v = d.doubleValue();
            }
            m.put(md.getColumnLabel(i), v);
        }
        return m;
    }
}
