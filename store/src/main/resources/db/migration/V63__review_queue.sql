-- The review queue: a channel's policy decides whether its rendered videos publish at once or
-- wait for a person's approval, and a video whose moderation was borderline always waits. The
-- publisher holds a waiting video here (with the rendered event it would have published, so an
-- approval needs no Kafka replay) and publishes it once it is approved; a rejected one never.
-- A channel is the platform account a publisher posts to (YOUTUBE_SHORTS, TIKTOK, INSTAGRAM_REELS).

-- No row: publish at once (the default, so the sandbox and `flywheel demo` are unchanged).
CREATE TABLE review_policies (
    channel    text        PRIMARY KEY,
    policy     text        NOT NULL CHECK (policy IN ('publish_at_once', 'wait_for_approval')),
    updated_by text,       -- the API key id that set it
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE review_items (
    video_id         uuid        PRIMARY KEY,
    job_id           uuid        NOT NULL,
    channel          text        NOT NULL,
    title            text        NOT NULL,
    -- why it waits: the channel's policy, or borderline moderation (reason_detail says what)
    reason           text        NOT NULL CHECK (reason IN ('channel_policy', 'moderation_borderline')),
    reason_detail    text,
    state            text        NOT NULL DEFAULT 'pending'
                                 CHECK (state IN ('pending', 'approved', 'rejected')),
    rendered_event   bytea       NOT NULL, -- the VideoRendered event, single-object encoded
    trace_id         text,
    decided_by       text,       -- the API key id that approved or rejected it
    rejection_reason text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    decided_at       timestamptz,
    released_at      timestamptz, -- when the publisher published the approved video
    notified_at      timestamptz, -- when review.required was queued for the webhooks
    CHECK (state = 'pending' OR (decided_by IS NOT NULL AND decided_at IS NOT NULL)),
    CHECK (state <> 'rejected' OR length(btrim(rejection_reason)) > 0),
    CHECK (released_at IS NULL OR state = 'approved')
);
CREATE INDEX review_items_by_state ON review_items (state, channel, created_at);
CREATE INDEX review_items_to_release ON review_items (decided_at)
    WHERE state = 'approved' AND released_at IS NULL;
CREATE INDEX review_items_to_notify ON review_items (created_at) WHERE notified_at IS NULL;

-- API keys may have the review scope: the review queue's routes and nothing else; admin includes it.
ALTER TABLE api_keys DROP CONSTRAINT api_keys_scope_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_scope_check
    CHECK (scope IN ('read', 'write', 'admin', 'webhooks', 'review'));
