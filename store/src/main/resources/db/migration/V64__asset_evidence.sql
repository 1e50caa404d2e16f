-- Licence evidence per asset of a rendered video: what made each asset (script, voice, image,
-- music, font), from what (prompt or source), under which licence, and a receipt id (the
-- provider's, or the SHA-256 of the asset as made). Written by the render worker before it announces
-- the video; the publisher refuses a video whose evidence is missing or whose licence does not allow
-- the platform. A re-rendered job replaces its rows (same key).
CREATE TABLE asset_evidence (
    video_id          uuid        NOT NULL,
    asset_key         text        NOT NULL, -- e.g. script, voice, image:1-1080x1920:3, music, font:DejaVu Sans
    job_id            uuid        NOT NULL,
    asset_kind        text        NOT NULL CHECK (asset_kind IN ('script', 'voice', 'image', 'music', 'font')),
    provider          text        NOT NULL,
    version           text,       -- the model or the program's version
    source            text,       -- the prompt, the template, the file or the package it came from
    licence           text,       -- an SPDX id or a named licence; NULL is missing evidence
    allowed_platforms text[],     -- NULL: every platform the licence allows
    receipt_id        text,       -- NULL is missing evidence
    recorded_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (video_id, asset_key)
);

CREATE INDEX asset_evidence_job ON asset_evidence (job_id);
