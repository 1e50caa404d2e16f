package io.flywheel.simulator.youtube;

import io.flywheel.schemas.DecodeResult;
import io.flywheel.schemas.EngagementObserved;
import io.flywheel.schemas.EventCodec;
import io.flywheel.schemas.EventProducer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Polls the YouTube Analytics API for the published YouTube videos and sends what changed as {@code
 * EngagementObserved} increments, keyed by video id. Each poll reads every video's totals since its
 * publication day, so days whose figures were not final yet are read again and their revisions
 * become later increments. A video is polled until {@code horizon + lag} after it went live.
 */
public final class YouTubeAnalyticsPoller {
    private static final Logger LOG = LoggerFactory.getLogger(YouTubeAnalyticsPoller.class);

    private final AnalyticsReportClient reports;
    private final AnalyticsState state;
    private final EventProducer producer;
    private final Duration window;
    private final EventCodec codec = EventCodec.standard();
    private long sent;
    private long polls;

    /**
     * @param window how long after publication a video is polled (the learning horizon plus the
     *     reporting lag)
     */
    public YouTubeAnalyticsPoller(
            AnalyticsReportClient reports,
            AnalyticsState state,
            EventProducer producer,
            Duration window) {
        this.reports = reports;
        this.state = state;
        this.producer = producer;
        this.window = window;
    }

    /** One poll at {@code now}: re-send what a crash left unsent, read reports, send increments. */
    public void pollOnce(long now) throws Exception {
        flushOutbox();
        Instant at = Instant.ofEpochMilli(now);
        List<AnalyticsState.PolledVideo> videos = state.published(at.minus(window), at);
        if (videos.isEmpty()) {
            return;
        }
        LocalDate start = QuotaLedger.day(videos.get(0).publishedAt().toEpochMilli()).minusDays(1);
        LocalDate end = QuotaLedger.day(now);
        Map<String, AnalyticsState.PolledVideo> byPlatformId = new HashMap<>();
        videos.forEach(v -> byPlatformId.put(v.platformVideoId(), v));
        Map<String, Map<String, Double>> totals =
                reports.totals(new ArrayList<>(byPlatformId.keySet()), start, end);
        polls++;
        for (AnalyticsState.PolledVideo v : videos) {
            Map<String, Double> report = totals.get(v.platformVideoId());
            if (report == null) {
                continue; // not yet reported: nothing, not zeros
            }
            MDC.put("trace_id", v.traceId());
            try {
                long periodStart =
                        state.lastPeriodEnd(v.videoId()).orElse(v.publishedAt()).toEpochMilli();
                EngagementIncrements.Result r =
                        EngagementIncrements.compute(
                                v.videoId().toString(),
                                v.platformVideoId(),
                                v.traceId(),
                                state.cumulative(v.videoId()),
                                report,
                                Math.min(periodStart, now),
                                now);
                if (!r.decreased().isEmpty()) {
                    LOG.warn(
                            "video {}: YouTube revised {} down; no negative increment sent",
                            v.videoId(),
                            r.decreased());
                }
                if (r.event() != null) {
                    EngagementObserved e = r.event();
                    state.record(
                            v.videoId(),
                            r.cumulative(),
                            UUID.fromString(e.getEnvelope().getEventId()),
                            at,
                            codec.encode(e));
                }
            } finally {
                MDC.remove("trace_id");
            }
        }
        flushOutbox();
    }

    /** Sends every unsent increment and marks it sent once Kafka acknowledged it. */
    private void flushOutbox() throws Exception {
        List<AnalyticsState.Unsent> unsent = state.unsent();
        List<CompletableFuture<?>> acks = new ArrayList<>();
        for (AnalyticsState.Unsent u : unsent) {
            DecodeResult d = codec.decode(u.event());
            if (!(d instanceof DecodeResult.Decoded decoded)) {
                throw new IllegalStateException(
                        "outbox event " + u.eventId() + " is unreadable: " + d);
            }
            acks.add(producer.send(decoded.event()));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        for (AnalyticsState.Unsent u : unsent) {
            state.sent(u.eventId());
            sent++;
        }
    }

    public long sent() {
        return sent;
    }

    public long polls() {
        return polls;
    }
}
