-- Idempotency keys of POST /v1/briefs (header Idempotency-Key), per API key, kept 24 hours.
-- request_sha256 is the hash of the parsed request: the same key with another body is refused.
-- brief_id and response_body are set in the transaction that stores the brief and its jobs;
-- completed_at once its ContentRequested events are committed to the broker. locked_until marks
-- a request in progress, so two concurrent retries do not both send the events.
CREATE TABLE api_idempotency_keys (
    key_id          text NOT NULL,
    idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 255),
    request_sha256  bytea NOT NULL CHECK (octet_length(request_sha256) = 32),
    brief_id        uuid REFERENCES briefs (brief_id) ON DELETE CASCADE,
    response_status integer,
    response_body   text,
    locked_until    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    completed_at    timestamptz,
    expires_at      timestamptz NOT NULL,
    PRIMARY KEY (key_id, idempotency_key)
);
CREATE INDEX api_idempotency_keys_expires_idx ON api_idempotency_keys (expires_at);

-- A brief's ContentRequested events, stored with its jobs and deleted once the broker has
-- committed them: a brief whose events could not be sent is completed by a retry with the same
-- Idempotency-Key, each job's event sent exactly once (payload: Avro single-object encoding).
CREATE TABLE brief_pending_events (
    job_id     uuid PRIMARY KEY REFERENCES content_jobs (job_id) ON DELETE CASCADE,
    brief_id   uuid NOT NULL REFERENCES briefs (brief_id) ON DELETE CASCADE,
    payload    bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX brief_pending_events_brief_idx ON brief_pending_events (brief_id);

-- The per-key cap on render jobs per hour counts a key's jobs through its briefs.
CREATE INDEX briefs_requested_by_idx ON briefs (requested_by, created_at);
