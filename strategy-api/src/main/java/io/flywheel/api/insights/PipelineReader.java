package io.flywheel.api.insights;

import io.flywheel.store.ContentJobStore;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * Pipeline figures from the foundation's serving tables: per day, jobs requested, rendered and
 * failed, the failure rate, and the p50/p95 time from request to rendered video; and from the
 * streaming jobs' PipelineOpsJob tables (V11: {@code ops_stage_minutes}, {@code
 * ops_provider_daily_costs}, {@code ops_budget_days}) stage latency and cost against the budget.
 * The jobs of a simulated channel history ({@link ContentJobStore#SIMULATED_HISTORY_POLICY}) were
 * never meant to be rendered, so the render figures leave them out and count them apart.
 */
public final class PipelineReader {
    /** The status counts' entry for a simulated history's jobs, which have no render status. */
    public static final String SIMULATED_HISTORY = "simulated_history_not_rendered";

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
                                                + " => :days) AND j.policy_version IS DISTINCT FROM"
                                                + " :history GROUP BY 1 ORDER BY 1")
                                .bind("days", days)
                                .bind("history", ContentJobStore.SIMULATED_HISTORY_POLICY)
                                .map((rs, ctx) -> SqlKpiReader.row(rs))
                                .list());
    }

    public Map<String, Object> statusCounts() {
        return jdbi.withHandle(
                h -> {
                    Map<String, Object> out = new java.util.LinkedHashMap<>();
                    h.createQuery(
                                    "SELECT status, count(*) AS n FROM content_jobs WHERE"
                                            + " policy_version IS DISTINCT FROM :history GROUP BY"
                                            + " status ORDER BY status")
                            .bind("history", ContentJobStore.SIMULATED_HISTORY_POLICY)
                            .map((rs, ctx) -> Map.entry(rs.getString(1), (Object) rs.getLong(2)))
                            .forEach(e -> out.put(e.getKey(), e.getValue()));
                    long history =
                            h.createQuery(
                                            "SELECT count(*) FROM content_jobs WHERE"
                                                    + " policy_version = :history")
                                    .bind("history", ContentJobStore.SIMULATED_HISTORY_POLICY)
                                    .mapTo(Long.class)
                                    .one();
                    if (history > 0) {
                        out.put(SIMULATED_HISTORY, history);
                    }
                    return out;
                });
    }

    public boolean opsInstalled() {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT to_regclass('ops_stage_minutes') IS NOT NULL AND"
                                                + " to_regclass('ops_provider_daily_costs') IS NOT NULL"
                                                + " AND to_regclass('ops_budget_days') IS NOT NULL")
                                .mapTo(Boolean.class)
                                .one());
    }

    /**
     * Per stage over the last {@code hours}: attempts, failures, failure rate, the median and the
     * worst of the per-minute p95 latencies (minute percentiles cannot be merged exactly).
     */
    public List<Map<String, Object>> stages(int hours) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT stage, sum(attempts) AS attempts, sum(failures) AS"
                                                + " failures, sum(failures)::float8 /"
                                                + " nullif(sum(attempts), 0) AS failure_rate,"
                                                + " percentile_cont(0.5) WITHIN GROUP (ORDER BY"
                                                + " latency_p95_ms) AS latency_p95_ms_median_minute,"
                                                + " max(latency_p95_ms) AS latency_p95_ms_worst_minute,"
                                                + " sum(cost_micro_usd) / 1e6 AS cost_usd FROM"
                                                + " ops_stage_minutes WHERE window_start >= now() -"
                                                + " make_interval(hours => :hours) GROUP BY stage ORDER"
                                                + " BY stage")
                                .bind("hours", hours)
                                .map((rs, ctx) -> SqlKpiReader.row(rs))
                                .list());
    }

    /** Per day: spent and budget in USD, whether the budget was breached, spend by provider. */
    public List<Map<String, Object>> costs(int days) {
        return jdbi.withHandle(
                h -> {
                    List<Map<String, Object>> out =
                            h.createQuery(
                                            "SELECT day, spent_micro_usd / 1e6 AS spent_usd,"
                                                    + " budget_micro_usd / 1e6 AS budget_usd,"
                                                    + " breached_at FROM ops_budget_days WHERE day >="
                                                    + " current_date - :days ORDER BY day")
                                    .bind("days", days)
                                    .map((rs, ctx) -> SqlKpiReader.row(rs))
                                    .list();
                    for (Map<String, Object> d : out) {
                        d.put("day", d.get("day").toString());
                        Map<String, Object> providers = new java.util.LinkedHashMap<>();
                        h.createQuery(
                                        "SELECT provider, cost_micro_usd / 1e6 AS usd FROM"
                                                + " ops_provider_daily_costs WHERE day ="
                                                + " CAST(:day AS date) ORDER BY provider")
                                .bind("day", d.get("day").toString())
                                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getDouble(2)))
                                .forEach(e -> providers.put(e.getKey(), e.getValue()));
                        d.put("providers", providers);
                    }
                    return out;
                });
    }
}
