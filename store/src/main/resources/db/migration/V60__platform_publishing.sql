-- Publishing to TikTok and Instagram beside YouTube: the analytics poller's cumulative values and
-- outbox become per platform (a video published on two platforms has two sets of counters), and a
-- publication records the platform's own id for the upload in flight (TikTok's publish_id,
-- Instagram's media container id) before any byte or link is sent, so a crashed publisher asks
-- about that upload instead of starting a second one. Per-minute request windows are counted in
-- PostgreSQL so every publisher process sees the same rate limits.

ALTER TABLE youtube_analytics_cumulative RENAME TO analytics_cumulative;
ALTER TABLE analytics_cumulative ADD COLUMN platform text NOT NULL DEFAULT 'YOUTUBE_SHORTS';
ALTER TABLE analytics_cumulative ALTER COLUMN platform DROP DEFAULT;
ALTER TABLE analytics_cumulative DROP CONSTRAINT youtube_analytics_cumulative_pkey;
ALTER TABLE analytics_cumulative ADD PRIMARY KEY (video_id, platform, metric);

ALTER TABLE youtube_engagement_outbox RENAME TO engagement_outbox;
ALTER TABLE engagement_outbox ADD COLUMN platform text NOT NULL DEFAULT 'YOUTUBE_SHORTS';
ALTER TABLE engagement_outbox ALTER COLUMN platform DROP DEFAULT;
DROP INDEX youtube_engagement_outbox_video_idx;
CREATE INDEX engagement_outbox_video_idx ON engagement_outbox (video_id, platform, period_end DESC);
ALTER INDEX youtube_engagement_outbox_unsent_idx RENAME TO engagement_outbox_unsent_idx;

ALTER TABLE publications
    ADD COLUMN platform_upload_id text,
    ADD COLUMN platform_media_id text;

-- Requests made per rate-limit bucket (e.g. TIKTOK:init) and window start.
CREATE TABLE platform_rate_windows (
    bucket       text NOT NULL,
    window_start timestamptz NOT NULL,
    used         integer NOT NULL CHECK (used >= 0),
    PRIMARY KEY (bucket, window_start)
);

-- The newest refresh token of a platform account, encrypted (AES-256-GCM, key from the
-- environment, never in the database). TikTok rotates refresh tokens: once a new one is issued
-- the one in the environment stops working, so a restarted publisher must find the newest here.
CREATE TABLE platform_tokens (
    platform      text PRIMARY KEY,
    refresh_token bytea NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now()
);
