-- Experiments created through the strategy API: a segment and named arms with traffic shares.
-- Content jobs point back with content_jobs.experiment_id / experiment_arm (foundation columns).
CREATE TABLE experiments (
    experiment_id text PRIMARY KEY CHECK (experiment_id ~ '^exp-[a-z0-9]{12}$'),
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    platform      text NOT NULL,
    niche         text NOT NULL,
    hypothesis    text,
    arms          jsonb NOT NULL,
    status        text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'stopped')),
    created_by    text,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX experiments_created_at_idx ON experiments (created_at DESC);
