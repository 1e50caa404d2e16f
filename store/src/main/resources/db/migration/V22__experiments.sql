-- Experiments (arms with traffic splits) and what the batch ExperimentReportJob computes of them.
CREATE TABLE experiments (
    experiment_id  text        PRIMARY KEY,
    name           text        NOT NULL,
    objective      text        NOT NULL DEFAULT 'engaged_views',
    control_arm    text        NOT NULL,
    status         text        NOT NULL DEFAULT 'running'
        CHECK (status IN ('draft', 'running', 'stopped')),
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE experiment_arms (
    experiment_id  text             NOT NULL REFERENCES experiments (experiment_id),
    arm            text             NOT NULL,
    traffic_share  double precision NOT NULL CHECK (traffic_share > 0 AND traffic_share <= 1),
    parameters     jsonb            NOT NULL,
    PRIMARY KEY (experiment_id, arm)
);

-- Per-arm outcome at the horizon: mean with a 95% confidence interval, Welch's t-test against
-- the control arm, and the probability (bootstrap) that the arm is the best.
CREATE TABLE experiment_results (
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

-- Off-policy estimates of what a candidate policy would have achieved, from the logged
-- selection probabilities: IPS, self-normalised IPS and the effective sample size.
CREATE TABLE experiment_policy_estimates (
    experiment_id          text             NOT NULL REFERENCES experiments (experiment_id),
    policy                 text             NOT NULL,
    ips                    double precision,
    snips                  double precision,
    effective_sample_size  double precision,
    videos                 bigint           NOT NULL,
    computed_at            timestamptz      NOT NULL,
    PRIMARY KEY (experiment_id, policy)
);
