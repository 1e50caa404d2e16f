package io.flywheel.publishers.thumbnails;

import io.flywheel.store.ThumbnailVariant;
import java.nio.file.Path;
import java.time.Instant;

/** What a thumbnail test needs from a platform: a video's totals, and showing a thumbnail. */
public interface ThumbnailPlatform {
    /** A video's impressions and clicks on impressions since publication. */
    record Totals(long impressions, long clicks) {}

    /** The platform's name in the tests' rows (e.g. {@code YOUTUBE_SHORTS}). */
    String platform();

    /**
     * The video's impressions and clicks since its thumbnail was last changed (at {@code shownAt}),
     * or null when the platform has not reported them yet.
     */
    Totals totalsSinceShown(String platformVideoId, Instant shownAt) throws Exception;

    /** Makes {@code variant}'s {@code image} (its 16:9 file) the video's thumbnail. */
    void show(String platformVideoId, ThumbnailVariant variant, Path image) throws Exception;
}
