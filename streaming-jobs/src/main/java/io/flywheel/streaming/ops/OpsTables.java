package io.flywheel.streaming.ops;

import io.flywheel.streaming.Jdbc;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/** The PostgreSQL tables of the pipeline ops job (migration V11) and their idempotent upserts. */
public final class OpsTables {
    private OpsTables() {}

    static final String UPSERT_STAGE_MINUTE =
            "INSERT INTO ops_stage_minutes (stage, provider, window_start, window_end, attempts,"
                    + " failures, failure_rate, latency_p50_ms, latency_p95_ms, latency_p99_ms,"
                    + " cost_micro_usd) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (stage, provider, window_start) DO UPDATE SET"
                    + " attempts = EXCLUDED.attempts, failures = EXCLUDED.failures,"
                    + " failure_rate = EXCLUDED.failure_rate,"
                    + " latency_p50_ms = EXCLUDED.latency_p50_ms,"
                    + " latency_p95_ms = EXCLUDED.latency_p95_ms,"
                    + " latency_p99_ms = EXCLUDED.latency_p99_ms,"
                    + " cost_micro_usd = EXCLUDED.cost_micro_usd, updated_at = now()";

    static final String UPSERT_JOB_COST =
            "INSERT INTO ops_job_costs (job_id, video_id, attempts, failures, cost_micro_usd)"
                    + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (job_id) DO UPDATE SET"
                    + " video_id = COALESCE(EXCLUDED.video_id, ops_job_costs.video_id),"
                    + " attempts = EXCLUDED.attempts, failures = EXCLUDED.failures,"
                    + " cost_micro_usd = EXCLUDED.cost_micro_usd, updated_at = now()"
                    + " WHERE ops_job_costs.attempts <= EXCLUDED.attempts";

    static final String UPSERT_PROVIDER_DAY =
            "INSERT INTO ops_provider_daily_costs (day, provider, attempts, failures,"
                    + " cost_micro_usd) VALUES (?, ?, ?, ?, ?) ON CONFLICT (day, provider) DO"
                    + " UPDATE SET attempts = EXCLUDED.attempts, failures = EXCLUDED.failures,"
                    + " cost_micro_usd = EXCLUDED.cost_micro_usd, updated_at = now()"
                    + " WHERE ops_provider_daily_costs.attempts <= EXCLUDED.attempts";

    static final String UPSERT_BUDGET_DAY =
            "INSERT INTO ops_budget_days (day, budget_micro_usd, spent_micro_usd, breached_at)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT (day) DO UPDATE SET"
                    + " budget_micro_usd = EXCLUDED.budget_micro_usd,"
                    + " spent_micro_usd = EXCLUDED.spent_micro_usd,"
                    + " breached_at = COALESCE(ops_budget_days.breached_at, EXCLUDED.breached_at),"
                    + " updated_at = now()"
                    + " WHERE ops_budget_days.spent_micro_usd <= EXCLUDED.spent_micro_usd";

    public static JdbcSink<StageMinute> stageMinutes(Jdbc.Target t) {
        return Jdbc.upsertSink(t, UPSERT_STAGE_MINUTE, new BindStageMinute(), 200);
    }

    public static JdbcSink<CostTotal> jobCosts(Jdbc.Target t) {
        return Jdbc.upsertSink(t, UPSERT_JOB_COST, new BindJobCost(), 200);
    }

    public static JdbcSink<CostTotal> providerDays(Jdbc.Target t) {
        return Jdbc.upsertSink(t, UPSERT_PROVIDER_DAY, new BindProviderDay(), 200);
    }

    public static JdbcSink<BudgetDay> budgetDays(Jdbc.Target t) {
        return Jdbc.upsertSink(t, UPSERT_BUDGET_DAY, new BindBudgetDay(), 200);
    }

    static final class BindStageMinute implements JdbcStatementBuilder<StageMinute> {
        private static final long serialVersionUID = 1L;

        @Override
        public void accept(PreparedStatement ps, StageMinute m) throws SQLException {
            ps.setString(1, m.stage);
            ps.setString(2, m.provider);
            ps.setObject(3, Jdbc.time(m.windowStart));
            ps.setObject(4, Jdbc.time(m.windowEnd));
            ps.setLong(5, m.attempts);
            ps.setLong(6, m.failures);
            Jdbc.setDouble(ps, 7, m.failureRate());
            Jdbc.setDouble(ps, 8, m.latency.quantile(0.50));
            Jdbc.setDouble(ps, 9, m.latency.quantile(0.95));
            Jdbc.setDouble(ps, 10, m.latency.quantile(0.99));
            ps.setLong(11, m.costMicroUsd);
        }
    }

    static final class BindJobCost implements JdbcStatementBuilder<CostTotal> {
        private static final long serialVersionUID = 1L;

        @Override
        public void accept(PreparedStatement ps, CostTotal c) throws SQLException {
            ps.setString(1, c.key);
            ps.setString(2, c.videoId);
            ps.setLong(3, c.attempts);
            ps.setLong(4, c.failures);
            ps.setLong(5, c.costMicroUsd);
        }
    }

    static final class BindProviderDay implements JdbcStatementBuilder<CostTotal> {
        private static final long serialVersionUID = 1L;

        @Override
        public void accept(PreparedStatement ps, CostTotal c) throws SQLException {
            int bar = c.key.indexOf('|');
            ps.setObject(1, LocalDate.parse(c.key.substring(0, bar)));
            ps.setString(2, c.key.substring(bar + 1));
            ps.setLong(3, c.attempts);
            ps.setLong(4, c.failures);
            ps.setLong(5, c.costMicroUsd);
        }
    }

    static final class BindBudgetDay implements JdbcStatementBuilder<BudgetDay> {
        private static final long serialVersionUID = 1L;

        @Override
        public void accept(PreparedStatement ps, BudgetDay d) throws SQLException {
            ps.setObject(1, LocalDate.parse(d.day));
            ps.setLong(2, d.budgetMicroUsd);
            ps.setLong(3, d.spentMicroUsd);
            ps.setObject(4, d.breachedAt == 0 ? null : Jdbc.time(d.breachedAt));
        }
    }
}
