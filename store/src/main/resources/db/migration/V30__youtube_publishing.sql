-- Publishing to YouTube: the resumable upload session of each publication (so a publisher that
-- crashed resumes the same session and never uploads twice), quota used per Pacific-time day, and
-- the YouTube Analytics poller's last cumulative values and its outbox of increments.

ALTER TABLE publications
    ADD COLUMN upload_session_uri text,
    ADD COLUMN upload_bytes_total bigint,
    ADD COLUMN upload_bytes_confirmed bigint,
    ADD COLUMN upload_started_at timestamptz;

-- Quota units used per platform per quota day (YouTube resets at midnight Pacific time).
CREATE TABLE platform_quota_usage (
    platform   text NOT NULL,
    quota_day  date NOT NULL,
    units_used integer NOT NULL CHECK (units_used >= 0),
    exhausted  boolean NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (platform, quota_day)
);

-- The last cumulative value the analytics report gave for a video and metric; increments are the
-- differences. A metric never reported has no row ("not yet reported", never 0).
CREATE TABLE youtube_analytics_cumulative (
    video_id          uuid NOT NULL,
    metric            text NOT NULL,
    value             double precision NOT NULL,
    reported_at       timestamptz NOT NULL,
    PRIMARY KEY (video_id, metric)
);

-- Increments computed from a report, written in the same transaction as the new cumulative
-- values and sent to Kafka afterwards: a crash between the two re-sends the same event id.
CREATE TABLE youtube_engagement_outbox (
    event_id    uuid PRIMARY KEY,
    video_id    uuid NOT NULL,
    period_end  timestamptz NOT NULL,
    event       bytea NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    sent_at     timestamptz
);
CREATE INDEX youtube_engagement_outbox_unsent_idx
    ON youtube_engagement_outbox (created_at) WHERE sent_at IS NULL;
CREATE INDEX youtube_engagement_outbox_video_idx ON youtube_engagement_outbox (video_id, period_end DESC);
