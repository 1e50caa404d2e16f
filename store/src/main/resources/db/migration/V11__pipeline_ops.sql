-- Pipeline operations and cost written by the Flink PipelineOpsJob (streaming-jobs). A public
-- interface: documented in docs/tables.md; change only with a new migration. Idempotent upserts.

CREATE TABLE ops_stage_minutes (
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
CREATE INDEX ops_stage_minutes_time ON ops_stage_minutes (window_start);

CREATE TABLE ops_job_costs (
    job_id         text PRIMARY KEY,
    video_id       text,
    attempts       bigint NOT NULL,
    failures       bigint NOT NULL,
    cost_micro_usd bigint NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ops_job_costs_video ON ops_job_costs (video_id);

CREATE TABLE ops_provider_daily_costs (
    day            date NOT NULL,
    provider       text NOT NULL,
    attempts       bigint NOT NULL,
    failures       bigint NOT NULL,
    cost_micro_usd bigint NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (day, provider)
);

CREATE TABLE ops_budget_days (
    day              date PRIMARY KEY,
    budget_micro_usd bigint NOT NULL,
    spent_micro_usd  bigint NOT NULL,
    breached_at      timestamptz,
    updated_at       timestamptz NOT NULL DEFAULT now()
);
