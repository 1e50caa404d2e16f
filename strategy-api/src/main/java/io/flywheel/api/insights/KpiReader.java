package io.flywheel.api.insights;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Live KPIs as the streaming jobs write them (tables {@code kpi_arm_windows}, {@code
 * kpi_video_totals}, {@code kpi_arms} of streaming-jobs' V10 migration).
 */
public interface KpiReader {
    /** Metrics a series can be drawn for; the names are the KPI tables' columns. */
    Set<String> METRICS =
            Set.of(
                    "views",
                    "engaged_views",
                    "minutes_watched",
                    "likes",
                    "comments",
                    "shares",
                    "subscribers_gained",
                    "impressions",
                    "revenue_micro_usd");

    /** One point of an arm's series: the window and the metric summed in it. */
    record Point(
            String armId, String platform, Instant windowStart, Instant windowEnd, double value) {}

    /** Windows of {@code windowSeconds} since {@code since}, by arm, for one platform or all. */
    List<Point> armSeries(
            Optional<String> platform,
            String metric,
            int windowSeconds,
            Instant since,
            int maxArms);

    /**
     * Per arm and platform, what a video cost to make against what it earned: videos, {@code
     * cost_usd_per_video} (render cost, {@code ops_job_costs}, over the videos with a cost), {@code
     * revenue_usd_per_video} (estimated revenue over the videos whose revenue was reported; null
     * when none was), their difference, and the totals. Arms with the most revenue first.
     */
    List<Map<String, Object>> armEconomics(Optional<String> platform, int maxArms);

    /** Totals per platform over all videos: views, engaged views, likes, shares, videos. */
    List<Map<String, Object>> platformTotals();

    /** A video's live totals, if the streaming jobs have seen it. */
    Optional<Map<String, Object>> videoTotals(String videoId);

    /**
     * The live totals of a brief's videos: how many were measured, their views and engaged views
     * summed, and engaged views per measured video.
     */
    Map<String, Object> briefTotals(java.util.UUID briefId);
}
