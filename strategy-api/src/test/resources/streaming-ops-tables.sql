-- Test fixture: the streaming jobs' pipeline-ops tables as their V11 migration (not yet merged)
-- defines them. Applied only where the tables do not exist.
CREATE TABLE IF NOT EXISTS ops_stage_minutes (
    stage          text NOT NULL,
    provider       text NOT NULL,
    window_start   timestamptz NOT NULL,
    window_end     timestamptz NOT NULL,
    attempts       bigint NOT NULL,
    failures       bigint NOT NULL,
    failure_rate   double precision,
    latency_p50_ms double precision,
    latency_p95_ms double precision,
    latency_p99_ms double precision,
    cost_micro_usd bigint NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (stage, provider, window_start)
);
CREATE TABLE IF NOT EXISTS ops_provider_daily_costs (
    day            date NOT NULL,
    provider       text NOT NULL,
    attempts       bigint NOT NULL,
    failures       bigint NOT NULL,
    cost_micro_usd bigint NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (day, provider)
);
CREATE TABLE IF NOT EXISTS ops_budget_days (
    day              date PRIMARY KEY,
    budget_micro_usd bigint NOT NULL,
    spent_micro_usd  bigint NOT NULL,
    breached_at      timestamptz,
    updated_at       timestamptz NOT NULL DEFAULT now()
);
