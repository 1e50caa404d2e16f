package io.flywheel.publishers;

import io.flywheel.schemas.DecodeResult;
import io.flywheel.schemas.EngagementObserved;
import io.flywheel.schemas.EventCodec;
import io.flywheel.schemas.EventProducer;
import io.flywheel.schemas.Platform;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Polls one platform's analytics for its published videos and sends what changed as {@code
 * EngagementObserved} increments, keyed by video id, through {@link EngagementIncrements} (not yet
 * reported stays null, a revision down is never negative) and the {@link AnalyticsState} outbox (a
 * crash re-sends the same event id). A video is polled until {@code window} after it went live, so
 * late and revised figures (reporting lag) still become increments. The platform-specific part is
 * only {@link CumulativeCounters}.
 */
public final class EngagementPoller {
    private static final Logger LOG = LoggerFactory.getLogger(EngagementPoller.class);

    /** Reads a platform's cumulative counters. */
    public interface CumulativeCounters {
        /**
         * @return the cumulative values per platform video id, by metric name; a video or metric
         *     the platform has not reported yet is absent (never 0)
         */
        Map<String, Map<String, Double>> totals(List<AnalyticsState.PolledVideo> videos, long now)
                throws Exception;
    }

    private final Platform platform;
    private final CumulativeCounters counters;
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
    public EngagementPoller(
            Platform platform,
            CumulativeCounters counters,
            AnalyticsState state,
            EventProducer producer,
            Duration window) {
        this.platform = platform;
        this.counters = counters;
        this.state = state;
        this.producer = producer;
        this.window = window;
    }

    /**
     * One poll at {@code now}: re-send what a crash left unsent, read counters, send increments.
     */
    public void pollOnce(long now) throws Exception {
        flushOutbox();
        Instant at = Instant.ofEpochMilli(now);
        List<AnalyticsState.PolledVideo> videos = state.published(at.minus(window), at);
        if (videos.isEmpty()) {
            return;
        }
        Map<String, Map<String, Double>> totals = counters.totals(videos, now);
        polls++;
        for (AnalyticsState.PolledVideo v : videos) {
            Map<String, Double> report = totals.get(v.platformVideoId());
            if (report == null || report.isEmpty()) {
                continue; // not yet reported: nothing, not zeros
            }
            MDC.put("trace_id", v.traceId());
            try {
                long periodStart =
                        state.lastPeriodEnd(v.videoId()).orElse(v.publishedAt()).toEpochMilli();
                EngagementIncrements.Result r =
                        EngagementIncrements.compute(
                                platform,
                                v.videoId().toString(),
                                v.platformVideoId(),
                                v.traceId(),
                                state.cumulative(v.videoId()),
                                report,
                                Math.min(periodStart, now),
                                now);
                if (!r.decreased().isEmpty()) {
                    LOG.warn(
                            "video {}: {} revised {} down; no negative increment sent",
                            v.videoId(),
                            platform,
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
