-- Serving tables of the foundation: briefs, content jobs, videos, renditions, publications.
-- These are a public interface (API, dashboard, SQL users): change them only with a new migration.
-- Version ranges by module, so parallel work never collides: V1-9 foundation, V10-19 streaming
-- jobs, V20-29 batch jobs, V30-39 render workers and publishers, V40-49 strategy API.

CREATE TABLE briefs (
    brief_id          uuid PRIMARY KEY,
    platform          text NOT NULL,
    niche             text NOT NULL,
    video_count       integer NOT NULL CHECK (video_count BETWEEN 1 AND 1000),
    exploration_share double precision NOT NULL CHECK (exploration_share BETWEEN 0 AND 1),
    requested_by      text,
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX briefs_created_at_idx ON briefs (created_at DESC);

CREATE TABLE content_jobs (
    job_id                uuid PRIMARY KEY,
    brief_id              uuid REFERENCES briefs (brief_id) ON DELETE SET NULL,
    trace_id              uuid NOT NULL,
    status                text NOT NULL
        CHECK (status IN ('requested', 'rendering', 'rendered', 'published', 'failed', 'rejected')),
    status_reason         text,
    platform              text NOT NULL,
    niche                 text NOT NULL,
    hook_style            text NOT NULL,
    pacing                text NOT NULL,
    target_duration_s     integer NOT NULL CHECK (target_duration_s > 0),
    voice                 text NOT NULL,
    music_mood            text NOT NULL,
    caption_style         text NOT NULL,
    visual_style          text NOT NULL,
    posting_hour          integer NOT NULL CHECK (posting_hour BETWEEN 0 AND 23),
    arm_key               text NOT NULL,
    title                 text,
    policy_version        text NOT NULL,
    selection_probability double precision NOT NULL
        CHECK (selection_probability > 0 AND selection_probability <= 1),
    experiment_id         text,
    experiment_arm        text,
    requested_at          timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX content_jobs_brief_idx ON content_jobs (brief_id);
CREATE INDEX content_jobs_status_idx ON content_jobs (status, requested_at);
CREATE INDEX content_jobs_segment_idx ON content_jobs (platform, niche, requested_at DESC);
CREATE INDEX content_jobs_arm_idx ON content_jobs (arm_key);
CREATE INDEX content_jobs_trace_idx ON content_jobs (trace_id);

CREATE TABLE videos (
    video_id         uuid PRIMARY KEY,
    job_id           uuid NOT NULL UNIQUE REFERENCES content_jobs (job_id),
    title            text NOT NULL,
    duration_ms      bigint NOT NULL CHECK (duration_ms > 0),
    loudness_lufs    double precision,
    thumbnail_uri    text,
    captions_srt_uri text,
    captions_vtt_uri text,
    total_bytes      bigint NOT NULL CHECK (total_bytes >= 0),
    rendered_at      timestamptz NOT NULL
);
CREATE INDEX videos_rendered_at_idx ON videos (rendered_at DESC);

CREATE TABLE renditions (
    video_id    uuid NOT NULL REFERENCES videos (video_id) ON DELETE CASCADE,
    label       text NOT NULL,
    width       integer NOT NULL CHECK (width > 0),
    height      integer NOT NULL CHECK (height > 0),
    duration_ms bigint NOT NULL,
    bytes       bigint NOT NULL CHECK (bytes >= 0),
    uri         text NOT NULL,
    PRIMARY KEY (video_id, label)
);

CREATE TABLE publications (
    video_id          uuid NOT NULL REFERENCES videos (video_id) ON DELETE CASCADE,
    platform          text NOT NULL,
    status            text NOT NULL
        CHECK (status IN ('pending', 'uploading', 'published', 'failed', 'deferred')),
    platform_video_id text,
    url               text,
    published_at      timestamptz,
    attempts          integer NOT NULL DEFAULT 0,
    last_error        text,
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (video_id, platform)
);
CREATE UNIQUE INDEX publications_platform_video_idx
    ON publications (platform, platform_video_id) WHERE platform_video_id IS NOT NULL;
CREATE INDEX publications_published_at_idx ON publications (published_at DESC);
