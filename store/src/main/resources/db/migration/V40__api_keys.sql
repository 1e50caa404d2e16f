-- API keys of the strategy API. The key itself is shown once at creation and never stored:
-- only its SHA-256 (keys are 256 random bits, so a fast hash is enough; no dictionary to guess).
-- key_id is the public prefix of the key, used to find the row and to name the key in logs.
CREATE TABLE api_keys (
    key_id       text PRIMARY KEY CHECK (key_id ~ '^[a-z0-9]{12}$'),
    key_sha256   bytea NOT NULL CHECK (octet_length(key_sha256) = 32),
    scope        text NOT NULL CHECK (scope IN ('read', 'write', 'admin')),
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    created_at   timestamptz NOT NULL DEFAULT now(),
    revoked_at   timestamptz,
    last_used_at timestamptz
);
