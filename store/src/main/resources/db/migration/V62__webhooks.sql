-- Webhooks: subscriptions receive HMAC-SHA256-signed POSTs of Flywheel's events. The signing
-- secret is stored encrypted (AES-256-GCM under FLYWHEEL_PUBLISH_TOKEN_KEY, the subscription id as
-- associated data) because it must be usable to sign; it is shown once, at creation.
CREATE TABLE webhook_subscriptions (
    subscription_id uuid        PRIMARY KEY,
    url             text        NOT NULL CHECK (url ~ '^https?://'),
    events          text[]      NOT NULL CHECK (cardinality(events) > 0),
    secret_sealed   bytea       NOT NULL,
    description     text,
    created_by      text,       -- the API key id that created it
    created_at      timestamptz NOT NULL DEFAULT now(),
    deleted_at      timestamptz
);

-- One row per (subscription, event): the body as signed and sent, and where its delivery stands.
-- A pending row is due at next_attempt_at; a dispatcher claims it by moving next_attempt_at past
-- its send timeout, so a dispatcher that dies mid-send leaves it to be retried (at least once).
-- The unique index makes re-reading the same Kafka event after a crash insert nothing twice.
CREATE TABLE webhook_deliveries (
    delivery_id      bigserial   PRIMARY KEY,
    subscription_id  uuid        NOT NULL REFERENCES webhook_subscriptions (subscription_id),
    event_id         text        NOT NULL,
    event_type       text        NOT NULL,
    body             text        NOT NULL,
    status           text        NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at  timestamptz NOT NULL,
    last_status_code integer,
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    delivered_at     timestamptz,
    replays          integer     NOT NULL DEFAULT 0,
    -- attempts made before the last replay: a replay gets the full number of attempts again
    attempts_before_replay integer NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX webhook_deliveries_once ON webhook_deliveries (subscription_id, event_id);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_by_subscription
    ON webhook_deliveries (subscription_id, delivery_id DESC);

-- Every attempt of a delivery: the delivery log.
CREATE TABLE webhook_attempts (
    delivery_id  bigint      NOT NULL REFERENCES webhook_deliveries (delivery_id),
    attempt      integer     NOT NULL CHECK (attempt >= 1),
    started_at   timestamptz NOT NULL,
    duration_ms  bigint      NOT NULL CHECK (duration_ms >= 0),
    status_code  integer,    -- null when no answer came (refused, timed out)
    error        text,
    PRIMARY KEY (delivery_id, attempt)
);

-- API keys may have the webhooks scope: manage subscriptions and read their delivery log, nothing
-- else.
ALTER TABLE api_keys DROP CONSTRAINT api_keys_scope_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_scope_check
    CHECK (scope IN ('read', 'write', 'admin', 'webhooks'));
