package io.flywheel.simulator;

import io.flywheel.model.Arm;
import io.flywheel.publishers.sandbox.SimulatedClock;
import io.flywheel.publishers.service.OffsetTracker;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.DeadLetters;
import io.flywheel.schemas.DecodeResult;
import io.flywheel.schemas.EngagementObserved;
import io.flywheel.schemas.EventProducer;
import io.flywheel.schemas.FailureKind;
import io.flywheel.schemas.VideoPublished;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The sandbox platform's audience as a Kafka service: reads {@code VideoPublished}, looks up the
 * video's arm, and sends its {@code EngagementObserved} increments when simulated time reaches
 * their reporting time. Undecodable input goes to the DLQ with the reason; a video whose job is not
 * known yet waits and is retried, and goes to the DLQ after {@code unknownJobPatience}.
 */
public final class AudienceService {
    static final String NAME = io.flywheel.schemas.ConsumerGroups.AUDIENCE;
    private static final Logger LOG = LoggerFactory.getLogger(AudienceService.class);

    private record Waiting(TopicPartition tp, long offset, VideoPublished event, long since) {}

    private record Rejected(TopicPartition tp, long offset, DecodeResult.Failed why) {}

    private final Consumer<String, DecodeResult> consumer;
    private final EventProducer producer;
    private final JobParameters jobs;
    private final AudienceSimulator audience;
    private final SimulatedClock clock;
    private final Duration unknownJobPatience;
    private final SandboxThumbnailTests thumbnails;
    private final OffsetTracker offsets = new OffsetTracker();
    private final List<Waiting> waiting = new ArrayList<>();
    private final Set<String> scheduled = new HashSet<>();
    private final List<Rejected> rejected = new ArrayList<>();
    // Read by the metrics endpoint's thread; written by the service loop only.
    private volatile long sent;
    private volatile long deadLetters;

    /**
     * @param thumbnails the sandbox's thumbnail tests, fed each report once it is sent; null for
     *     none
     */
    public AudienceService(
            Consumer<String, DecodeResult> consumer,
            EventProducer producer,
            JobParameters jobs,
            AudienceSimulator audience,
            SimulatedClock clock,
            Duration unknownJobPatience,
            SandboxThumbnailTests thumbnails) {
        this.thumbnails = thumbnails;
        this.consumer = consumer;
        this.producer = producer;
        this.jobs = jobs;
        this.audience = audience;
        this.clock = clock;
        this.unknownJobPatience = unknownJobPatience;
    }

    /** One round: read new publications, send what is due, commit what is fully handled. */
    public void pollOnce(Duration timeout) throws Exception {
        for (ConsumerRecord<String, DecodeResult> r : consumer.poll(timeout)) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            if (r.value() instanceof DecodeResult.Decoded d
                    && d.event() instanceof VideoPublished v) {
                schedule(new Waiting(tp, r.offset(), v, System.currentTimeMillis()));
            } else if (r.value() instanceof DecodeResult.Failed f) {
                reject(tp, r.offset(), f);
            } else {
                reject(
                        tp,
                        r.offset(),
                        invalid(
                                "not a VideoPublished: "
                                        + ((DecodeResult.Decoded) r.value()).type()));
            }
        }
        for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
            Waiting w = it.next();
            if (retry(w)) {
                it.remove();
            } else if (System.currentTimeMillis() - w.since() > unknownJobPatience.toMillis()) {
                it.remove();
                VideoPublished v = w.event();
                reject(
                        w.tp(),
                        w.offset(),
                        invalid(
                                "content job "
                                        + v.getJobId()
                                        + " of video "
                                        + v.getVideoId()
                                        + " is unknown"));
            }
        }
        List<CompletableFuture<?>> acks = new ArrayList<>();
        for (Rejected x : rejected) {
            acks.add(
                    producer.send(
                            DeadLetters.of(
                                    x.why(),
                                    NAME,
                                    x.tp().topic(),
                                    x.tp().partition(),
                                    x.offset(),
                                    null,
                                    System.currentTimeMillis())));
            deadLetters++;
        }
        rejected.clear();
        List<EngagementReport> reports = audience.dueReports(clock.now());
        for (EngagementReport r : reports) {
            EngagementObserved e = r.event();
            acks.add(producer.send(e));
            offsets.sent(e.getVideoId());
            sent++;
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        if (thumbnails != null) {
            thumbnails.reported(reports);
        }
        consumer.commitSync(offsets.committable());
    }

    private void reject(TopicPartition tp, long offset, DecodeResult.Failed why) {
        offsets.read(tp, offset, null, 0);
        rejected.add(new Rejected(tp, offset, why));
    }

    private static DecodeResult.Failed invalid(String reason) {
        return new DecodeResult.Failed(FailureKind.INVALID, reason, null);
    }

    private void schedule(Waiting w) {
        if (!retry(w)) {
            waiting.add(w);
        }
    }

    /**
     * @return whether the video is handled (scheduled now, or already before)
     */
    private boolean retry(Waiting w) {
        VideoPublished v = w.event();
        if (!onTheSandbox(v)) {
            // A real platform's audience is measured by its analytics poller, not simulated.
            offsets.read(w.tp(), w.offset(), null, 0);
            return true;
        }
        if (scheduled.contains(v.getVideoId())) {
            offsets.read(w.tp(), w.offset(), null, 0);
            return true;
        }
        Optional<ContentParameters> p = jobs.find(v.getJobId());
        if (p.isEmpty()) {
            return false;
        }
        MDC.put("trace_id", v.getEnvelope().getTraceId());
        try {
            if (!audience.covers(p.get())) {
                reject(
                        w.tp(),
                        w.offset(),
                        invalid(
                                "video "
                                        + v.getVideoId()
                                        + ": the world has no audience for segment "
                                        + Arm.segmentOf(p.get())));
                return true;
            }
            int before = audience.pending();
            audience.published(
                    v.getVideoId(),
                    v.getPlatformVideoId(),
                    v.getEnvelope().getTraceId(),
                    p.get(),
                    v.getPublishedAt());
            offsets.read(w.tp(), w.offset(), v.getVideoId(), audience.pending() - before);
            scheduled.add(v.getVideoId());
            LOG.info("simulating the audience of video {} ({})", v.getVideoId(), v.getPlatform());
        } finally {
            MDC.remove("trace_id");
        }
        return true;
    }

    /** Published by the sandbox publisher (its URLs are sandbox://), so ours to simulate. */
    static boolean onTheSandbox(VideoPublished v) {
        return v.getUrl() == null || v.getUrl().startsWith("sandbox://");
    }

    public long sent() {
        return sent;
    }

    public long deadLetters() {
        return deadLetters;
    }

    public int pending() {
        return audience.pending();
    }
}
