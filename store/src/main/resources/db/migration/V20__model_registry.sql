-- Model registry of the batch TrainJob (batch-jobs). One row per trained model version; at most
-- one champion per model name. Metrics are on the same time-based validation set for the
-- challenger, the mean baseline and the champion of the moment.
CREATE TABLE model_registry (
    model_name             text        NOT NULL,
    version                integer     NOT NULL CHECK (version > 0),
    status                 text        NOT NULL
        CHECK (status IN ('champion', 'retired', 'rejected')),
    objective              text        NOT NULL,
    artifact_uri           text        NOT NULL,
    training_table         text        NOT NULL,
    training_table_version bigint      NOT NULL CHECK (training_table_version >= 0),
    train_rows             bigint      NOT NULL,
    validation_rows        bigint      NOT NULL,
    validation_cutoff      timestamptz NOT NULL,
    ensemble_size          integer     NOT NULL,
    features               jsonb       NOT NULL,
    params                 jsonb       NOT NULL,
    metrics                jsonb       NOT NULL,
    baseline_metrics       jsonb       NOT NULL,
    champion_version       integer,
    champion_metrics       jsonb,
    decision               text        NOT NULL,
    created_at             timestamptz NOT NULL DEFAULT now(),
    promoted_at            timestamptz,
    PRIMARY KEY (model_name, version)
);

CREATE UNIQUE INDEX model_registry_one_champion
    ON model_registry (model_name) WHERE status = 'champion';
