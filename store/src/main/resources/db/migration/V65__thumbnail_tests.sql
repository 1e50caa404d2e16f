-- Thumbnail tests. The render worker records two to three thumbnail variants per video, each with
-- its style (which part of the video the frame comes from, how the title is written, its colour);
-- the publisher shows one variant at a time on a platform, attributes the impressions and clicks
-- the platform reports to the variant shown, and declares a winner by the rule in
-- docs/thumbnails.md (posterior probability of being best above a threshold, with a minimum of
-- impressions per variant). The winners' styles are what the strategy API serves.
CREATE TABLE thumbnail_variants (
    video_id       uuid    NOT NULL,
    variant        integer NOT NULL CHECK (variant BETWEEN 1 AND 3),
    frame_position text    NOT NULL CHECK (frame_position IN ('early', 'middle', 'late')),
    text_style     text    NOT NULL CHECK (text_style IN ('title', 'caps')),
    colour         text    NOT NULL CHECK (colour IN ('white', 'yellow', 'cyan')),
    frame_s        double precision NOT NULL, -- the second of the video the frame is taken at
    wide_uri       text    NOT NULL,          -- 1280x720, relative to the media root
    tall_uri       text    NOT NULL,          -- 1080x1920
    recorded_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (video_id, variant)
);

-- One test per (video, platform): the variant shown now, the platform's cumulative totals already
-- attributed (so a repeated poll adds nothing), and the decision once made.
CREATE TABLE thumbnail_tests (
    video_id           uuid    NOT NULL,
    platform           text    NOT NULL,
    platform_video_id  text    NOT NULL,
    current_variant    integer NOT NULL,
    seen_impressions   bigint  NOT NULL DEFAULT 0,
    seen_clicks        bigint  NOT NULL DEFAULT 0,
    started_at         timestamptz NOT NULL DEFAULT now(),
    switched_at        timestamptz NOT NULL DEFAULT now(),
    winner_variant     integer,
    winner_probability double precision,
    decided_at         timestamptz,
    PRIMARY KEY (video_id, platform),
    FOREIGN KEY (video_id, current_variant) REFERENCES thumbnail_variants (video_id, variant)
);

CREATE INDEX thumbnail_tests_open ON thumbnail_tests (platform) WHERE decided_at IS NULL;

-- Impressions and clicks per variant and platform, as attributed from the platform's reports.
CREATE TABLE thumbnail_counts (
    video_id    uuid    NOT NULL,
    platform    text    NOT NULL,
    variant     integer NOT NULL,
    impressions bigint  NOT NULL DEFAULT 0 CHECK (impressions >= 0),
    clicks      bigint  NOT NULL DEFAULT 0 CHECK (clicks >= 0),
    PRIMARY KEY (video_id, platform, variant),
    FOREIGN KEY (video_id, variant) REFERENCES thumbnail_variants (video_id, variant)
);
