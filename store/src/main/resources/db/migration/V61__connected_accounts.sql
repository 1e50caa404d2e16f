-- Connected platform accounts: `flywheel accounts connect` authorises an account through OAuth 2.0
-- (authorization code with PKCE on a loopback redirect) and keeps its refresh token in
-- platform_tokens, encrypted as before (AES-256-GCM, key from the environment). The account's
-- identity and the grant's lifetimes are kept beside it, so `flywheel accounts list` and the API
-- can show who is connected and until when without decrypting anything. Instagram has no refresh
-- tokens: its row holds the long-lived (60-day) access token, refreshed with ig_refresh_token.
ALTER TABLE platform_tokens
    ADD COLUMN account_id text,
    ADD COLUMN account_name text,
    ADD COLUMN scopes text,
    ADD COLUMN connected_at timestamptz,
    ADD COLUMN access_expires_at timestamptz,
    ADD COLUMN refresh_expires_at timestamptz;
