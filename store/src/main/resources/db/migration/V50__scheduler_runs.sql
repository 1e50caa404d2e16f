-- The scheduler's run history: one row per attempt of a step (or per skipped step), written by the
-- process that ran it (the scheduler or `flywheel jobs run`). It sees a job from the outside:
-- trigger, attempt, exit code, timeout, log file. The job's own record from the inside
-- (batch_job_runs: what it did, its summary) is linked by batch_run_id when the child got that far.
CREATE TABLE scheduler_runs (
    attempt_id    bigserial   PRIMARY KEY,
    run_id        uuid        NOT NULL,   -- one per trigger: every step and attempt of one chain
    chain         text        NOT NULL,   -- what was triggered: cycle, experiments, ingest, ...
    job           text        NOT NULL,   -- the step: ingest, curate, train, recommend, ...
    triggered_by  text        NOT NULL CHECK (triggered_by IN ('scheduled', 'manual')),
    attempt       integer     NOT NULL CHECK (attempt >= 0),  -- 0 for a skipped step
    started_at    timestamptz NOT NULL,
    finished_at   timestamptz,
    status        text        NOT NULL
        CHECK (status IN ('running', 'succeeded', 'failed', 'timed_out', 'skipped', 'interrupted')),
    exit_code     integer,
    log_path      text,
    summary       text,
    runner        text        NOT NULL,   -- host and pid of the process that ran it
    batch_run_id  bigint      REFERENCES batch_job_runs (run_id) ON DELETE SET NULL
);

CREATE INDEX scheduler_runs_by_job ON scheduler_runs (job, started_at DESC);
CREATE INDEX scheduler_runs_by_chain ON scheduler_runs (chain, triggered_by, started_at DESC);
CREATE INDEX scheduler_runs_recent ON scheduler_runs (started_at DESC);
