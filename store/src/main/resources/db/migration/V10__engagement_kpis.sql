-- Engagement KPIs written by the Flink EngagementKpiJob (streaming-jobs). A public interface for
-- dashboards and SQL users: documented in docs/tables.md; change only with a new migration.
-- Every write is an idempotent upsert, so a replay after recovery leaves the same rows.

CREATE TABLE kpi_video_totals (
    video_id                text PRIMARY KEY,
    platform                text NOT NULL,
    arm_id                  text,
    events                  bigint NOT NULL,
    views                   bigint NOT NULL,
    engaged_views           bigint NOT NULL,
    minutes_watched         double precision NOT NULL,
    view_percent_weighted   double precision NOT NULL,
    view_percent_views      bigint NOT NULL,
    likes                   bigint NOT NULL,
    comments                bigint NOT NULL,
    shares                  bigint NOT NULL,
    subscribers_gained      bigint NOT NULL,
    subscribers_lost        bigint NOT NULL,
    impressions             bigint NOT NULL,
    engaged_view_rate       double precision,
    average_view_percentage double precision,
    like_rate               double precision,
    share_rate              double precision,
    comment_rate            double precision,
    subscribers_net         bigint NOT NULL,
    first_event_at          timestamptz NOT NULL,
    last_event_at           timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX kpi_video_totals_arm ON kpi_video_totals (arm_id, platform);

CREATE TABLE kpi_arm_windows (
    arm_id                  text NOT NULL,
    platform                text NOT NULL,
    window_seconds          integer NOT NULL,
    window_start            timestamptz NOT NULL,
    window_end              timestamptz NOT NULL,
    events                  bigint NOT NULL,
    views                   bigint NOT NULL,
    engaged_views           bigint NOT NULL,
    minutes_watched         double precision NOT NULL,
    view_percent_weighted   double precision NOT NULL,
    view_percent_views      bigint NOT NULL,
    likes                   bigint NOT NULL,
    comments                bigint NOT NULL,
    shares                  bigint NOT NULL,
    subscribers_gained      bigint NOT NULL,
    subscribers_lost        bigint NOT NULL,
    impressions             bigint NOT NULL,
    engaged_view_rate       double precision,
    average_view_percentage double precision,
    like_rate               double precision,
    share_rate              double precision,
    comment_rate            double precision,
    subscribers_net         bigint NOT NULL,
    updated_at              timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (arm_id, platform, window_seconds, window_start)
);
CREATE INDEX kpi_arm_windows_time ON kpi_arm_windows (window_seconds, window_start);

CREATE TABLE kpi_arms (
    arm_id            text PRIMARY KEY,
    arm_key           text NOT NULL UNIQUE,
    platform          text NOT NULL,
    niche             text NOT NULL,
    hook_style        text NOT NULL,
    pacing            text NOT NULL,
    target_duration_s integer NOT NULL,
    voice             text NOT NULL,
    music_mood        text NOT NULL,
    caption_style     text NOT NULL,
    visual_style      text NOT NULL,
    posting_hour      integer NOT NULL,
    first_seen_at     timestamptz NOT NULL
);

CREATE TABLE kpi_late_events (
    event_id           text PRIMARY KEY,
    video_id           text NOT NULL,
    platform           text NOT NULL,
    event_time         timestamptz NOT NULL,
    watermark_at       timestamptz,
    reason             text NOT NULL,
    views              bigint NOT NULL,
    engaged_views      bigint NOT NULL,
    minutes_watched    double precision NOT NULL,
    likes              bigint NOT NULL,
    comments           bigint NOT NULL,
    shares             bigint NOT NULL,
    subscribers_gained bigint NOT NULL,
    subscribers_lost   bigint NOT NULL,
    impressions        bigint NOT NULL,
    received_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX kpi_late_events_video ON kpi_late_events (video_id);
