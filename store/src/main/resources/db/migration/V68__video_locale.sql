-- The language a video is made in: a content parameter (ContentParameters.video_locale, Avro
-- symbols such as ES_ES). Rows from before it existed were made in English.
ALTER TABLE content_jobs ADD COLUMN video_locale text NOT NULL DEFAULT 'EN_US';
ALTER TABLE recommendations ADD COLUMN video_locale text NOT NULL DEFAULT 'EN_US';
ALTER TABLE kpi_arms ADD COLUMN video_locale text NOT NULL DEFAULT 'EN_US';
