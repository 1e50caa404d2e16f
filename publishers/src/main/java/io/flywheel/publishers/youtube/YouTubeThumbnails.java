package io.flywheel.publishers.youtube;

import io.flywheel.publishers.thumbnails.ThumbnailPlatform;
import io.flywheel.schemas.Platform;
import io.flywheel.store.ThumbnailVariant;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * YouTube for thumbnail tests: {@code thumbnails.set} shows a variant, and the Analytics API's
 * {@code impressions} and {@code impressionsClickThroughRate} (a fraction of the impressions) give
 * its totals. The Analytics figures are per Pacific-time day and arrive a day or more late, so a
 * variant is credited with whole days only: from the day after it was shown to today (days not
 * reported yet count nothing, and the day of a switch, shared by two variants, counts for neither).
 */
public final class YouTubeThumbnails implements ThumbnailPlatform {
    static final List<String> METRICS = List.of("impressions", "impressionsClickThroughRate");

    private final AnalyticsReportClient reports;
    private final ThumbnailClient thumbnails;
    private final Clock clock;

    public YouTubeThumbnails(
            AnalyticsReportClient reports, ThumbnailClient thumbnails, Clock clock) {
        this.reports = reports;
        this.thumbnails = thumbnails;
        this.clock = clock;
    }

    @Override
    public String platform() {
        return Platform.YOUTUBE_SHORTS.name();
    }

    @Override
    public Totals totalsSinceShown(String platformVideoId, Instant shownAt) throws Exception {
        LocalDate first = QuotaLedger.day(shownAt.toEpochMilli()).plusDays(1);
        LocalDate today = QuotaLedger.day(clock.millis());
        if (first.isAfter(today)) {
            return new Totals(0, 0);
        }
        Map<String, Double> t = reports.totals(platformVideoId, first, today, METRICS);
        Double impressions = t.get("impressions");
        Double ctr = t.get("impressionsClickThroughRate");
        if (impressions == null || ctr == null) {
            return null;
        }
        long n = Math.round(impressions);
        return new Totals(n, Math.min(n, Math.round(impressions * ctr)));
    }

    @Override
    public void show(String platformVideoId, ThumbnailVariant variant, Path image)
            throws Exception {
        thumbnails.set(platformVideoId, image);
    }
}
