-- Trends found in our own engagement stream by the Flink trend job (streaming-jobs TrendJob): one
-- row per key and sliding window in which the key was trending. A public interface: documented in
-- docs/tables.md; change only with a new migration. Idempotent upserts keyed by the window.

CREATE TABLE stream_trends (
    platform       text NOT NULL,
    dimension      text NOT NULL,            -- 'arm' or a content parameter's name
    value          text NOT NULL,            -- the arm id or the parameter's value
    arm_key        text,                     -- the canonical arm key when dimension = 'arm'
    window_start   timestamptz NOT NULL,
    window_end     timestamptz NOT NULL,
    engaged_views  bigint NOT NULL,
    baseline_mean  double precision NOT NULL,
    baseline_sd    double precision NOT NULL,
    z_score        double precision NOT NULL,
    onset          boolean NOT NULL,         -- the window that confirmed the trend
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (platform, dimension, value, window_end)
);
CREATE INDEX stream_trends_window_end ON stream_trends (window_end DESC);
