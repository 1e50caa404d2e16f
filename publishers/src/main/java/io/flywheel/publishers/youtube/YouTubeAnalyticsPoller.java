package io.flywheel.publishers.youtube;

import io.flywheel.publishers.AnalyticsState;
import io.flywheel.publishers.EngagementPoller;
import io.flywheel.schemas.EventProducer;
import io.flywheel.schemas.Platform;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Polls the YouTube Analytics API for the published YouTube videos through the shared {@link
 * EngagementPoller}. Each poll reads every video's totals since its publication day, so days whose
 * figures were not final yet are read again and their revisions become later increments.
 */
public final class YouTubeAnalyticsPoller {
    private final EngagementPoller poller;

    /**
     * @param window how long after publication a video is polled (the learning horizon plus the
     *     reporting lag)
     */
    public YouTubeAnalyticsPoller(
            AnalyticsReportClient reports,
            AnalyticsState state,
            EventProducer producer,
            Duration window) {
        this.poller =
                new EngagementPoller(
                        Platform.YOUTUBE_SHORTS, totals(reports), state, producer, window);
    }

    /** Totals from the first video's publication day (minus one, for time zones) to today. */
    static EngagementPoller.CumulativeCounters totals(AnalyticsReportClient reports) {
        return (videos, now) -> {
            LocalDate start =
                    QuotaLedger.day(videos.get(0).publishedAt().toEpochMilli()).minusDays(1);
            Set<String> ids = new LinkedHashSet<>();
            videos.forEach(v -> ids.add(v.platformVideoId()));
            Map<String, Map<String, Double>> t =
                    reports.totals(List.copyOf(ids), start, QuotaLedger.day(now));
            return t;
        };
    }

    /** One poll at {@code now}: re-send what a crash left unsent, read reports, send increments. */
    public void pollOnce(long now) throws Exception {
        poller.pollOnce(now);
    }

    public long sent() {
        return poller.sent();
    }

    public long polls() {
        return poller.polls();
    }
}
