package io.flywheel.publishers;

import io.flywheel.schemas.Platform;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * The analytics poller's memory in PostgreSQL: the last cumulative value per video and metric, and
 * an outbox of increments. A new increment and the cumulative values it leads to are written in one
 * transaction and sent afterwards, so a crash in between re-sends the same event (same id) instead
 * of losing or double-counting it.
 */
public final class AnalyticsState {
    /** A published video to poll. */
    public record PolledVideo(
            UUID videoId, String platformVideoId, Instant publishedAt, String traceId) {}

    /** An increment not yet acknowledged by Kafka. */
    public record Unsent(UUID eventId, byte[] event) {}

    private final Jdbi jdbi;
    private final String platform;

    /** The state of YouTube's poller. */
    public AnalyticsState(Jdbi jdbi) {
        this(jdbi, Platform.YOUTUBE_SHORTS);
    }

    /** The state of one platform's poller: its videos, counters and outbox. */
    public AnalyticsState(Jdbi jdbi, Platform platform) {
        this.jdbi = jdbi;
        this.platform = platform.name();
    }

    /** The platform's videos published in (since, until]. */
    public List<PolledVideo> published(Instant since, Instant until) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT p.video_id, p.platform_video_id, p.published_at,"
                                                + " j.trace_id FROM publications p JOIN videos v ON"
                                                + " v.video_id = p.video_id JOIN content_jobs j ON"
                                                + " j.job_id = v.job_id WHERE p.platform ="
                                                + " :platform AND p.status = 'published' AND"
                                                + " p.published_at > :since AND p.published_at <="
                                                + " :until ORDER BY p.published_at")
                                .bind("platform", platform)
                                .bind("since", since)
                                .bind("until", until)
                                .map(
                                        (rs, ctx) ->
                                                new PolledVideo(
                                                        rs.getObject(1, UUID.class),
                                                        rs.getString(2),
                                                        rs.getTimestamp(3).toInstant(),
                                                        rs.getString(4)))
                                .list());
    }

    public Map<String, Double> cumulative(UUID videoId) {
        Map<String, Double> out = new HashMap<>();
        jdbi.useHandle(
                h ->
                        h.createQuery(
                                        "SELECT metric, value FROM analytics_cumulative"
                                                + " WHERE video_id = :videoId AND platform ="
                                                + " :platform")
                                .bind("videoId", videoId)
                                .bind("platform", platform)
                                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getDouble(2)))
                                .forEach(e -> out.put(e.getKey(), e.getValue())));
        return out;
    }

    /** Where the video's last increment ended, if it has one. */
    public Optional<Instant> lastPeriodEnd(UUID videoId) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT max(period_end) FROM engagement_outbox"
                                                + " WHERE video_id = :videoId AND platform ="
                                                + " :platform")
                                .bind("videoId", videoId)
                                .bind("platform", platform)
                                .mapTo(Instant.class)
                                .findOne());
    }

    /** Stores the new cumulative values and the increment that leads to them, atomically. */
    public void record(
            UUID videoId,
            Map<String, Double> cumulative,
            UUID eventId,
            Instant periodEnd,
            byte[] event) {
        jdbi.useTransaction(
                h -> {
                    for (Map.Entry<String, Double> e : cumulative.entrySet()) {
                        h.createUpdate(
                                        "INSERT INTO analytics_cumulative (video_id,"
                                                + " platform, metric, value, reported_at) VALUES"
                                                + " (:videoId, :platform, :metric, :value, :at) ON"
                                                + " CONFLICT (video_id, platform, metric) DO UPDATE"
                                                + " SET value = EXCLUDED.value, reported_at ="
                                                + " EXCLUDED.reported_at")
                                .bind("videoId", videoId)
                                .bind("platform", platform)
                                .bind("metric", e.getKey())
                                .bind("value", e.getValue())
                                .bind("at", periodEnd)
                                .execute();
                    }
                    h.createUpdate(
                                    "INSERT INTO engagement_outbox (event_id, video_id,"
                                            + " platform, period_end, event) VALUES (:eventId,"
                                            + " :videoId, :platform, :periodEnd, :event) ON"
                                            + " CONFLICT (event_id) DO NOTHING")
                            .bind("eventId", eventId)
                            .bind("platform", platform)
                            .bind("videoId", videoId)
                            .bind("periodEnd", periodEnd)
                            .bind("event", event)
                            .execute();
                });
    }

    public List<Unsent> unsent() {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT event_id, event FROM engagement_outbox"
                                                + " WHERE sent_at IS NULL AND platform ="
                                                + " :platform ORDER BY created_at, period_end")
                                .bind("platform", platform)
                                .map(
                                        (rs, ctx) ->
                                                new Unsent(
                                                        rs.getObject(1, UUID.class),
                                                        rs.getBytes(2)))
                                .list());
    }

    public void sent(UUID eventId) {
        jdbi.useHandle(
                h ->
                        h.createUpdate(
                                        "UPDATE engagement_outbox SET sent_at = now()"
                                                + " WHERE event_id = :eventId")
                                .bind("eventId", eventId)
                                .execute());
    }
}
