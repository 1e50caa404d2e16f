package io.flywheel.publishers.youtube;

import io.flywheel.publishers.thumbnails.ThumbnailPlatform;
import io.flywheel.schemas.Platform;
import io.flywheel.store.ThumbnailVariant;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * YouTube for thumbnail tests: a video's {@code impressions} and {@code
 * impressionsClickThroughRate} (a fraction of the impressions) from the Analytics API since it was
 * published, and {@code thumbnails.set} to show a variant. The Analytics figures are daily and
 * arrive a day or more late, so a YouTube test should switch variants at most once per reported
 * day.
 */
public final class YouTubeThumbnails implements ThumbnailPlatform {
    static final List<String> METRICS = List.of("impressions", "impressionsClickThroughRate");

    private final AnalyticsReportClient reports;
    private final ThumbnailClient thumbnails;
    private final Clock clock;
    private final LocalDate since;

    /**
     * @param since the first day the tested videos were published (their figures are summed from
     *     it)
     */
    public YouTubeThumbnails(
            AnalyticsReportClient reports,
            ThumbnailClient thumbnails,
            Clock clock,
            LocalDate since) {
        this.reports = reports;
        this.thumbnails = thumbnails;
        this.clock = clock;
        this.since = since;
    }

    @Override
    public String platform() {
        return Platform.YOUTUBE_SHORTS.name();
    }

    @Override
    public Totals totals(String platformVideoId) throws Exception {
        Map<String, Double> t =
                reports.totals(platformVideoId, since, QuotaLedger.day(clock.millis()), METRICS);
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
