package io.flywheel.publishers;

import io.flywheel.schemas.EngagementObserved;
import io.flywheel.schemas.Envelope;
import io.flywheel.schemas.Envelopes;
import io.flywheel.schemas.Platform;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Turns a cumulative analytics report into an {@code EngagementObserved} increment: each count is
 * the difference to the last cumulative value stored for the video. A metric absent from the report
 * is "not yet reported" (null, never 0); a count that went down (the platform revised it) is not a
 * negative increment: it is listed in {@link Result#decreased()}, sent as null, and its stored
 * value is kept, so the next rise is counted from there. Averages are converted from cumulative to
 * the period's own average, weighted by the period's views.
 */
public final class EngagementIncrements {
    /** The producer name of each platform's poller (YouTube's is kept from before TikTok). */
    public static String producer(Platform platform) {
        return Envelopes.producerName(pollerName(platform));
    }

    /** {@code youtube-analytics-poller}, {@code tiktok-analytics-poller}, ... */
    public static String pollerName(Platform platform) {
        return switch (platform) {
            case YOUTUBE_SHORTS -> "youtube-analytics-poller";
            case INSTAGRAM_REELS -> "instagram-insights-poller";
            default -> platform.name().toLowerCase(java.util.Locale.ROOT) + "-analytics-poller";
        };
    }

    /**
     * The platforms' estimated revenue in US dollars (YouTube Analytics' name); sent as {@code
     * estimated_revenue_micro_usd}.
     */
    public static final String REVENUE = "estimatedRevenue";

    /** Metrics that add up over time. */
    static final List<String> COUNTS =
            List.of(
                    "views",
                    "engagedViews",
                    "likes",
                    "comments",
                    "shares",
                    "subscribersGained",
                    "subscribersLost",
                    "estimatedMinutesWatched",
                    "reach",
                    "saved",
                    REVENUE);

    /** Averages over all views so far, weighted by views. */
    static final List<String> AVERAGES = List.of("averageViewDuration", "averageViewPercentage");

    /**
     * @param event the increment to send, or null if nothing changed
     * @param cumulative the values to store (every metric of the report, except those that went
     *     down)
     * @param decreased metrics whose reported total went down
     */
    public record Result(
            EngagementObserved event, Map<String, Double> cumulative, List<String> decreased) {}

    private EngagementIncrements() {}

    /** A YouTube increment (the first platform; its event ids are kept). */
    public static Result compute(
            String videoId,
            String platformVideoId,
            String traceId,
            Map<String, Double> previous,
            Map<String, Double> report,
            long periodStart,
            long periodEnd) {
        return compute(
                Platform.YOUTUBE_SHORTS,
                videoId,
                platformVideoId,
                traceId,
                previous,
                report,
                periodStart,
                periodEnd);
    }

    /**
     * @param report the platform's cumulative values by metric name (the names of {@link #COUNTS}
     *     and {@link #AVERAGES}); a metric it did not report is absent
     */
    public static Result compute(
            Platform platform,
            String videoId,
            String platformVideoId,
            String traceId,
            Map<String, Double> previous,
            Map<String, Double> report,
            long periodStart,
            long periodEnd) {
        Map<String, Double> store = new TreeMap<>();
        Map<String, Double> inc = new TreeMap<>();
        List<String> decreased = new ArrayList<>();
        boolean changed = false;
        for (String m : COUNTS) {
            Double now = report.get(m);
            if (now == null) {
                continue;
            }
            Double before = previous.get(m);
            if (before == null) {
                changed = true; // first report, even of a measured zero
                inc.put(m, now);
                store.put(m, now);
            } else if (now < before) {
                decreased.add(m);
            } else {
                changed |= now > before;
                inc.put(m, now - before);
                store.put(m, now);
            }
        }
        Double views = report.get("views");
        boolean viewsUsable = views != null && !decreased.contains("views");
        for (String m : AVERAGES) {
            Double avg = report.get(m);
            if (avg == null || !viewsUsable) {
                continue;
            }
            store.put(m, avg);
            double viewsBefore = previous.getOrDefault("views", 0.0);
            Double avgBefore = previous.get(m);
            double periodViews = views - viewsBefore;
            if (periodViews <= 0 || (avgBefore == null && viewsBefore > 0)) {
                continue;
            }
            double before = avgBefore == null ? 0 : avgBefore * viewsBefore;
            double period = (avg * views - before) / periodViews;
            if (period >= 0) {
                inc.put(m, period);
            }
        }
        if (!changed) {
            return new Result(null, store, decreased);
        }
        EngagementObserved e =
                EngagementObserved.newBuilder()
                        .setEnvelope(
                                Envelope.newBuilder()
                                        .setEventId(eventId(platform, videoId, store))
                                        .setEventType(EngagementObserved.class.getSimpleName())
                                        .setEventTime(periodEnd)
                                        .setProducer(producer(platform))
                                        .setTraceId(traceId)
                                        .build())
                        .setVideoId(videoId)
                        .setPlatform(platform)
                        .setPlatformVideoId(platformVideoId)
                        .setPeriodStart(periodStart)
                        .setPeriodEnd(periodEnd)
                        .setViews(whole(inc.get("views")))
                        .setEngagedViews(whole(inc.get("engagedViews")))
                        .setLikes(whole(inc.get("likes")))
                        .setComments(whole(inc.get("comments")))
                        .setShares(whole(inc.get("shares")))
                        .setSubscribersGained(whole(inc.get("subscribersGained")))
                        .setSubscribersLost(whole(inc.get("subscribersLost")))
                        .setEstimatedMinutesWatched(inc.get("estimatedMinutesWatched"))
                        .setAverageViewDuration(inc.get("averageViewDuration"))
                        .setAverageViewPercentage(inc.get("averageViewPercentage"))
                        .setReach(whole(inc.get("reach")))
                        .setSaved(whole(inc.get("saved")))
                        .setEstimatedRevenueMicroUsd(
                                inc.containsKey(REVENUE)
                                        ? microUsd(report.get(REVENUE))
                                                - microUsd(previous.getOrDefault(REVENUE, 0.0))
                                        : null)
                        .build();
        return new Result(e, store, decreased);
    }

    /**
     * Derived from the video and the cumulative values the increment leads to: computing the same
     * increment again (a re-poll after a crash) gives the same id, and consumers drop it.
     */
    static String eventId(Platform platform, String videoId, Map<String, Double> cumulative) {
        String kind =
                platform == Platform.YOUTUBE_SHORTS
                        ? "youtube"
                        : platform.name().toLowerCase(java.util.Locale.ROOT);
        StringBuilder name = new StringBuilder(kind).append("-engagement:").append(videoId);
        new TreeMap<>(cumulative)
                .forEach((k, v) -> name.append(':').append(k).append('=').append(v));
        return UUID.nameUUIDFromBytes(name.toString().getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * US dollars to millionths, so sums downstream are exact. The increment is the difference of
     * the rounded totals, not the rounded difference: the increments then add up to the rounded
     * total the platform reported, to the micro-dollar.
     */
    private static long microUsd(double usd) {
        return Math.round(usd * 1_000_000);
    }

    private static Long whole(Double d) {
        return d == null ? null : Math.round(d);
    }
}
