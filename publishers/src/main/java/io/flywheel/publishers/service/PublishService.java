package io.flywheel.publishers.service;

import io.flywheel.publishers.PlatformAdapter;
import io.flywheel.publishers.PostWords;
import io.flywheel.publishers.PublishGate;
import io.flywheel.publishers.review.ReviewGate;
import io.flywheel.publishers.sandbox.SimulatedClock;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.DeadLetters;
import io.flywheel.schemas.DecodeResult;
import io.flywheel.schemas.Envelope;
import io.flywheel.schemas.Envelopes;
import io.flywheel.schemas.EventProducer;
import io.flywheel.schemas.Rendition;
import io.flywheel.schemas.VideoPublished;
import io.flywheel.schemas.VideoRendered;
import io.flywheel.store.ContentJob;
import io.flywheel.store.ContentJobStore;
import io.flywheel.store.DatabaseOutage;
import io.flywheel.store.JobStatus;
import io.flywheel.store.OutageRetry;
import io.flywheel.store.Publication;
import io.flywheel.store.PublicationStore;
import io.flywheel.store.VideoStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Publishes rendered videos through a {@link PlatformAdapter} (the sandbox, or YouTube): reads
 * {@code VideoRendered}, records the video, claims its (video, platform) publication row, uploads
 * the largest rendition, and sends {@code VideoPublished}. A publication already done is not
 * uploaded again; its event is re-sent with the same event id, so a crash between upload and commit
 * yields no duplicate downstream. Uploads over the daily quota wait for the next (simulated) day;
 * uploads the platform refuses fail the job with the platform's reason. While PostgreSQL is away
 * (restarting), each database call waits and tries again with backoff, logging a WARN: the service
 * goes on, and an upload already made is recorded, not repeated, once the database is back. With a
 * {@link ReviewGate}, a video that must wait for approval is held in the review queue instead of
 * uploaded, and approved ones are published from there (a rejected one never is). A video of a
 * simulated channel history ({@link ContentJobStore#SIMULATED_HISTORY_POLICY}: never rendered, made
 * of no assets) skips the gates' licence check on an adapter that {@linkplain
 * PlatformAdapter#publishesSimulatedHistory() takes such videos} (the sandbox), and fails on any
 * other.
 */
public final class PublishService {
    static final String NAME = io.flywheel.schemas.ConsumerGroups.PUBLISHER;
    private static final Logger LOG = LoggerFactory.getLogger(PublishService.class);
    private static final String PRODUCER = Envelopes.producerName(NAME);

    private record Pending(TopicPartition tp, long offset, VideoRendered video, long notBefore) {}

    private final Consumer<String, DecodeResult> consumer;
    private final EventProducer producer;
    private final ContentJobStore jobs;
    private final VideoStore videos;
    private final PublicationStore publications;
    private final PlatformAdapter platform;
    private final Path mediaRoot;
    private final SimulatedClock clock;
    private final OffsetTracker offsets = new OffsetTracker();
    private final OutageRetry db = OutageRetry.standard();
    private final List<Pending> pending = new ArrayList<>();
    private final PublisherMetrics metrics;
    private final List<PublishGate> gates = new ArrayList<>();
    private Duration gateRecheck = Duration.ofSeconds(30);
    private final ReviewGate review; // null: no review queue, everything publishes at once
    private final Map<String, Long> approvedNotBefore = new HashMap<>();
    private long published;
    private long failed;

    /**
     * @param metrics where uploads, failures and deferrals are counted
     * @param review holds videos that wait for approval, and gives back the approved ones; null: no
     *     review queue, everything publishes at once
     */
    public PublishService(
            Consumer<String, DecodeResult> consumer,
            EventProducer producer,
            ContentJobStore jobs,
            VideoStore videos,
            PublicationStore publications,
            PlatformAdapter platform,
            Path mediaRoot,
            SimulatedClock clock,
            PublisherMetrics metrics,
            ReviewGate review) {
        this.review = review;
        this.metrics = metrics;
        metrics.bindWaiting(this);
        this.consumer = consumer;
        this.producer = producer;
        this.jobs = jobs;
        this.videos = videos;
        this.publications = publications;
        this.platform = platform;
        this.mediaRoot = mediaRoot.toAbsolutePath().normalize();
        this.clock = clock;
    }

    /**
     * Adds a check every video must pass before it is uploaded (e.g. its licence evidence). A
     * refused video is not lost: its publication is {@code deferred} with the reason, it stays
     * queued (its offset is not committed) and is checked again every {@code recheck}.
     */
    public PublishService gate(PublishGate gate, Duration recheck) {
        gates.add(gate);
        gateRecheck = recheck.compareTo(gateRecheck) < 0 ? recheck : gateRecheck;
        return this;
    }

    public void pollOnce(Duration timeout) throws Exception {
        for (ConsumerRecord<String, DecodeResult> r : consumer.poll(timeout)) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            if (r.value() instanceof DecodeResult.Decoded d
                    && d.event() instanceof VideoRendered v) {
                offsets.read(tp, r.offset(), v.getVideoId(), 1);
                pending.add(new Pending(tp, r.offset(), v, Long.MIN_VALUE));
            } else {
                offsets.read(tp, r.offset(), null, 0);
                if (r.value() instanceof DecodeResult.Failed f) {
                    // Render events this publisher cannot read are the render pipeline's DLQ matter
                    // too; one dead letter per consumer keeps the reason next to who hit it.
                    producer.send(
                                    DeadLetters.of(
                                            f,
                                            NAME,
                                            r.topic(),
                                            r.partition(),
                                            r.offset(),
                                            null,
                                            System.currentTimeMillis()))
                            .get(30, TimeUnit.SECONDS);
                }
            }
        }
        long now = clock.now();
        List<Pending> ready = pending.stream().filter(p -> p.notBefore() <= now).toList();
        pending.removeAll(ready);
        for (int i = 0; i < ready.size(); i++) {
            Pending p = ready.get(i);
            Optional<Long> retryAt;
            try {
                retryAt = publish(p.video(), now);
            } catch (RuntimeException e) {
                if (!DatabaseOutage.causedBy(e)) {
                    throw e;
                }
                // From inside an adapter (YouTube keeps its upload sessions and quota in
                // PostgreSQL): this and the later videos wait for the next round; the adapter
                // resumes its upload then.
                LOG.warn(
                        "video {}: PostgreSQL went away during the upload ({}); trying again",
                        p.video().getVideoId(),
                        e.toString());
                pending.addAll(ready.subList(i, ready.size()));
                Thread.sleep(1000);
                break;
            }
            if (retryAt.isPresent()) {
                pending.add(new Pending(p.tp(), p.offset(), p.video(), retryAt.get()));
            } else {
                offsets.sent(p.video().getVideoId());
            }
        }
        consumer.commitSync(offsets.committable());
        releaseApproved(now);
    }

    /** Publishes the videos approved in the review queue, each once. */
    private void releaseApproved(long now) throws Exception {
        if (review == null) {
            return;
        }
        try {
            for (VideoRendered v : db.call("read approved videos", () -> review.approved(20))) {
                Long notBefore = approvedNotBefore.get(v.getVideoId());
                if (notBefore != null && notBefore > now) {
                    continue;
                }
                Optional<Long> retryAt = publish(v, now);
                if (retryAt.isPresent()) {
                    approvedNotBefore.put(v.getVideoId(), retryAt.get());
                } else {
                    approvedNotBefore.remove(v.getVideoId());
                    db.run(
                            "release video " + v.getVideoId(),
                            () -> review.released(v.getVideoId()));
                }
            }
        } catch (RuntimeException e) {
            if (!DatabaseOutage.causedBy(e)) {
                throw e;
            }
            LOG.warn("approved videos wait: PostgreSQL went away ({})", e.toString());
        }
    }

    /**
     * @return when to try again, if the platform asked to wait
     */
    private Optional<Long> publish(VideoRendered v, long now) throws Exception {
        MDC.put("trace_id", v.getEnvelope().getTraceId());
        try {
            UUID videoId = UUID.fromString(v.getVideoId());
            UUID jobId = UUID.fromString(v.getJobId());
            Optional<ContentJob> job = db.call("find job " + jobId, () -> jobs.find(jobId));
            if (job.isEmpty()) {
                LOG.warn("video {} has no content job; not published", v.getVideoId());
                failed++;
                metrics.failed(PublisherMetrics.Failure.NO_JOB);
                return Optional.empty();
            }
            ContentParameters p = StoredJobParameters.parameters(job.get());
            boolean simulatedHistory =
                    ContentJobStore.SIMULATED_HISTORY_POLICY.equals(job.get().policyVersion());
            db.call("record video " + videoId, () -> videos.recordRendered(v));
            if (simulatedHistory && !platform.publishesSimulatedHistory()) {
                String why =
                        "a simulated channel history video (nothing rendered) is published only by"
                                + " the sandbox, never to "
                                + platform.name();
                db.run(
                        "record video " + videoId + " as not published",
                        () -> {
                            publications.claim(videoId, p.getPlatform().name());
                            publications.markNotPublished(
                                    videoId, p.getPlatform().name(), false, why);
                        });
                db.run(
                        "record job " + jobId + " as failed",
                        () -> jobs.updateStatus(jobId, JobStatus.FAILED, why));
                LOG.warn("video {} not published: {}", v.getVideoId(), why);
                failed++;
                metrics.failed(PublisherMetrics.Failure.SIMULATED_HISTORY);
                return Optional.empty();
            }
            if (review != null) {
                ReviewGate.Decision d =
                        db.call(
                                "review gate for video " + videoId,
                                () -> review.admit(v, p.getPlatform().name()));
                if (d != ReviewGate.Decision.PUBLISH) {
                    return Optional.empty();
                }
            }
            Publication claim =
                    db.call(
                            "claim video " + videoId,
                            () -> publications.claim(videoId, p.getPlatform().name()));
            if (claim.status().equals("published")) {
                send(
                        v,
                        p,
                        claim.platformVideoId(),
                        claim.publishedAt().toEpochMilli(),
                        claim.url());
                return Optional.empty();
            }
            // A simulated history video is made of no assets, so there is no licence evidence to
            // check; only the sandbox gets this far with one.
            for (PublishGate gate : simulatedHistory ? List.<PublishGate>of() : gates) {
                Optional<String> refused =
                        db.call(
                                "check video " + videoId + " before publishing",
                                () -> gate.refusal(videoId, p.getPlatform()));
                if (refused.isPresent()) {
                    db.run(
                            "record video " + videoId + " as held",
                            () ->
                                    publications.markNotPublished(
                                            videoId, p.getPlatform().name(), true, refused.get()));
                    LOG.warn(
                            "video {} not published to {}: {}; checked again in {} s",
                            v.getVideoId(),
                            p.getPlatform(),
                            refused.get(),
                            gateRecheck.toSeconds());
                    return Optional.of(clock.nowPlusReal(gateRecheck.toMillis()));
                }
            }
            Rendition best =
                    v.getRenditions().stream()
                            .max(Comparator.comparingLong(r -> (long) r.getWidth() * r.getHeight()))
                            .orElseThrow();
            Path file = mediaRoot.resolve(best.getUri()).normalize();
            if (!file.startsWith(mediaRoot)) {
                db.run(
                        "record video " + videoId + " as failed",
                        () ->
                                publications.markNotPublished(
                                        videoId,
                                        p.getPlatform().name(),
                                        false,
                                        "rendition path outside the media directory"));
                failed++;
                metrics.failed(PublisherMetrics.Failure.OUTSIDE_MEDIA);
                return Optional.empty();
            }
            long started = System.nanoTime();
            try {
                PlatformAdapter.Upload up =
                        platform.upload(
                                new PlatformAdapter.UploadRequest(
                                        v.getVideoId(),
                                        p.getPlatform(),
                                        file,
                                        v.getDurationMs(),
                                        v.getTitle(),
                                        PostWords.description(v),
                                        PostWords.tags(v, p.getNiche()),
                                        p.getPostingHour(),
                                        now));
                VideoPublished event = send(v, p, up.platformVideoId(), up.publishedAt(), up.url());
                // Uploaded and announced: only the record is left, so an outage of PostgreSQL is
                // waited out here rather than repeating the upload.
                db.run(
                        "record video " + videoId + " as published",
                        () -> publications.markPublished(event));
                published++;
                metrics.uploaded(
                        p.getPlatform(), java.time.Duration.ofNanos(System.nanoTime() - started));
                return Optional.empty();
            } catch (PlatformAdapter.Refused refused) {
                boolean deferred = refused.retryAt() != null;
                db.run(
                        "record video " + videoId + " as not published",
                        () ->
                                publications.markNotPublished(
                                        videoId,
                                        p.getPlatform().name(),
                                        deferred,
                                        refused.getMessage()));
                if (deferred) {
                    LOG.info("video {} deferred: {}", v.getVideoId(), refused.getMessage());
                    metrics.deferred(p.getPlatform());
                    return Optional.of(refused.retryAt());
                }
                db.run(
                        "record job " + jobId + " as failed",
                        () -> jobs.updateStatus(jobId, JobStatus.FAILED, refused.getMessage()));
                failed++;
                metrics.failed(PublisherMetrics.Failure.REFUSED);
                return Optional.empty();
            }
        } finally {
            MDC.remove("trace_id");
        }
    }

    private VideoPublished send(
            VideoRendered v,
            ContentParameters p,
            String platformVideoId,
            long publishedAt,
            String url)
            throws Exception {
        String name = "published:" + v.getVideoId() + ":" + p.getPlatform();
        VideoPublished event =
                VideoPublished.newBuilder()
                        .setEnvelope(
                                Envelope.newBuilder()
                                        .setEventId(
                                                UUID.nameUUIDFromBytes(
                                                                name.getBytes(
                                                                        StandardCharsets.UTF_8))
                                                        .toString())
                                        .setEventType(VideoPublished.class.getSimpleName())
                                        .setEventTime(publishedAt)
                                        .setProducer(PRODUCER)
                                        .setTraceId(v.getEnvelope().getTraceId())
                                        .build())
                        .setVideoId(v.getVideoId())
                        .setJobId(v.getJobId())
                        .setPlatform(p.getPlatform())
                        .setPlatformVideoId(platformVideoId)
                        .setPublishedAt(publishedAt)
                        .setUrl(url)
                        .build();
        producer.send(event).get(30, TimeUnit.SECONDS);
        return event;
    }

    public long published() {
        return published;
    }

    public long failed() {
        return failed;
    }

    public int waiting() {
        return pending.size();
    }
}
