package io.flywheel.api.insights;

import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * Pipeline figures from the foundation's serving tables: per day, jobs requested, rendered and
 * failed, the failure rate, and the p50/p95 time from request to rendered video. Cost per day
 * against the budget comes from the streaming jobs' cost tables, which this reader does not cover.
 */
public final class PipelineReader {
    private final Jdbi jdbi;

    public PipelineReader(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public List<Map<String, Object>> daily(int days) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT date_trunc('day', j.requested_at) AS day,"
                                                + " count(*) AS requested, count(v.video_id) AS"
                                                + " rendered, count(*) FILTER (WHERE j.status IN"
                                                + " ('failed', 'rejected')) AS failed,"
                                                + " count(*) FILTER (WHERE j.status IN ('failed',"
                                                + " 'rejected'))::float8 / count(*) AS failure_rate,"
                                                + " percentile_cont(0.5) WITHIN GROUP (ORDER BY"
                                                + " extract(epoch FROM v.rendered_at -"
                                                + " j.requested_at)) AS render_latency_p50_s,"
                                                + " percentile_cont(0.95) WITHIN GROUP (ORDER BY"
                                                + " extract(epoch FROM v.rendered_at -"
                                                + " j.requested_at)) AS render_latency_p95_s FROM"
                                                + " content_jobs j LEFT JOIN videos v ON v.job_id ="
                                                + " j.job_id WHERE j.requested_at >= now() - make_interval(days"
                                                + " => :days) GROUP BY 1 ORDER BY 1")
                                .bind("days", days)
                                .map((rs, ctx) -> SqlKpiReader.row(rs))
                                .list());
    }

    public Map<String, Object> statusCounts() {
        return jdbi.withHandle(
                h -> {
                    Map<String, Object> out = new java.util.LinkedHashMap<>();
                    h.createQuery(
                                    "SELECT status, count(*) AS n FROM content_jobs GROUP BY"
                                            + " status ORDER BY status")
                            .map((rs, ctx) -> Map.entry(rs.getString(1), (Object) rs.getLong(2)))
                            .forEach(e -> out.put(e.getKey(), e.getValue()));
                    return out;
                });
    }
}
