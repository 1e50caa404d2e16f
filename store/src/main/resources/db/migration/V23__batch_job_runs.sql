-- One row per run of a batch job (ingest, curate, train, recommend, experiments, maintenance).
CREATE TABLE batch_job_runs (
    run_id       bigserial   PRIMARY KEY,
    job          text        NOT NULL,
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz,
    status       text        NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
    summary      text
);

CREATE INDEX batch_job_runs_by_job ON batch_job_runs (job, started_at DESC);
