-- Ranked arms per segment (platform x niche), written by the batch RecommendJob and read by the
-- strategy API. A segment's rows are replaced in one transaction, so readers see the old set or
-- the new one, never a mix.
CREATE TABLE recommendations (
    platform            text             NOT NULL,
    niche               text             NOT NULL,
    rank                integer          NOT NULL CHECK (rank >= 1),
    arm_key              text             NOT NULL,
    hook_style          text             NOT NULL,
    pacing              text             NOT NULL,
    target_duration_s   integer          NOT NULL,
    voice               text             NOT NULL,
    music_mood          text             NOT NULL,
    caption_style       text             NOT NULL,
    visual_style        text             NOT NULL,
    posting_hour        integer          NOT NULL CHECK (posting_hour BETWEEN 0 AND 23),
    predicted_mean      double precision,
    predicted_sd        double precision,
    thompson_share      double precision NOT NULL CHECK (thompson_share >= 0 AND thompson_share <= 1),
    exploration         boolean          NOT NULL,
    model_name          text,
    model_version       integer,
    policy_version      text             NOT NULL,
    generated_at        timestamptz      NOT NULL,
    PRIMARY KEY (platform, niche, rank)
);
