-- Test fixture: the batch jobs' experiment tables as their V22 migration (not yet merged) defines
-- them. Applied only where the tables do not exist, so once the real migration is merged the tests
-- run against it.
CREATE TABLE IF NOT EXISTS experiments (
    experiment_id  text        PRIMARY KEY,
    name           text        NOT NULL,
    objective      text        NOT NULL DEFAULT 'engaged_views',
    control_arm    text        NOT NULL,
    status         text        NOT NULL DEFAULT 'running'
        CHECK (status IN ('draft', 'running', 'stopped')),
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS experiment_arms (
    experiment_id  text             NOT NULL REFERENCES experiments (experiment_id),
    arm            text             NOT NULL,
    traffic_share  double precision NOT NULL CHECK (traffic_share > 0 AND traffic_share <= 1),
    parameters     jsonb            NOT NULL,
    PRIMARY KEY (experiment_id, arm)
);
CREATE TABLE IF NOT EXISTS experiment_results (
    experiment_id   text             NOT NULL REFERENCES experiments (experiment_id),
    arm             text             NOT NULL,
    videos          bigint           NOT NULL,
    mean            double precision,
    sd              double precision,
    ci_low          double precision,
    ci_high         double precision,
    diff_vs_control double precision,
    p_value         double precision,
    prob_best       double precision,
    computed_at     timestamptz      NOT NULL,
    PRIMARY KEY (experiment_id, arm)
);
