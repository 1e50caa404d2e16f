package io.flywheel.store;

/**
 * One thumbnail variant of a video: its number (1 to 3), style, the second its frame is taken at,
 * and its 1280x720 and 1080x1920 files (URIs relative to the media root).
 */
public record ThumbnailVariant(
        int variant, ThumbnailStyle style, double frameS, String wideUri, String tallUri) {}
