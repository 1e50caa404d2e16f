package io.flywheel.render.worker;

import io.flywheel.render.RenderJob;
import io.flywheel.render.RenderPipeline;
import io.flywheel.render.RenderResult;
import io.flywheel.render.pipeline.RenderEvents;
import io.flywheel.render.pipeline.StageFailedException;
import io.flywheel.render.pipeline.StageFailure;
import io.flywheel.schemas.ConsumerGroups;
import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.DeadLetter;
import io.flywheel.schemas.DeadLetters;
import io.flywheel.schemas.DecodeResult;
import io.flywheel.schemas.Envelopes;
import io.flywheel.schemas.EventCodec;
import io.flywheel.schemas.EventProducer;
import io.flywheel.schemas.EventSerializer;
import io.flywheel.schemas.EventType;
import io.flywheel.schemas.Topic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job slot of a render worker: a member of the {@code render-workers} consumer group that takes
 * one {@code ContentRequested} at a time, renders it, and then, in one Kafka transaction, writes
 * the job's outcome ({@code VideoRendered}, or a {@code DeadLetter} with the reason) and commits
 * the request's offset. A worker killed mid-job commits nothing, so the request is delivered again
 * (to whichever member gets the partition), which resumes from the job's checkpoints; a stalled
 * worker whose partition moved on is fenced at commit. Either way readers with {@code
 * read_committed} see exactly one outcome per job.
 *
 * <p>Faults it survives: any producer, transaction or consumer error (a broker away longer than a
 * commit may block) closes both Kafka clients and opens new ones with the same transactional id,
 * which fences the old producer and aborts its open transaction; the new consumer starts from the
 * committed offset, so an uncommitted job is delivered again and resumes from its checkpoints. A
 * full disk (too little free space, or a job failing with ENOSPC) or an unreadable job row pauses
 * the slot with the job still queued. A job whose worker stopped without an outcome {@code
 * maxCrashes} times is dead-lettered as {@code REDELIVERED}; a job whose row says it is over is
 * acknowledged without rendering.
 */
public final class RenderWorker implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(RenderWorker.class);
    public static final String GROUP = ConsumerGroups.RENDER_WORKERS;

    private static final long FIRST_HOLD_MS = 2_000;
    private static final long MAX_HOLD_MS = 60_000;
    private static final long FIRST_RECONNECT_MS = 1_000;
    private static final long MAX_RECONNECT_MS = 30_000;

    /**
     * What a slot needs from its process.
     *
     * @param mediaRoot where jobs write their files; its free space is checked before each job
     * @param minFreeBytes no job starts while the media root has less free space
     * @param maxCrashes deliveries that ended with the worker gone before a job is dead-lettered
     * @param maxReconnectAttempts attempts to re-create the Kafka clients before the slot gives up
     */
    public record Settings(
            String bootstrapServers,
            String topicPrefix,
            String workerId,
            int slot,
            Duration jobTimeout,
            int sessionTimeoutMs,
            Path mediaRoot,
            long minFreeBytes,
            int maxCrashes,
            int maxReconnectAttempts) {}

    /** The slot could not get working Kafka clients back; the process should exit and restart. */
    static final class SlotUnrecoverableException extends RuntimeException {
        SlotUnrecoverableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** What a slot does with one record. */
    private sealed interface Decision {}

    /** Commit the outcome (null: only the offset) with the record's offset. */
    private record Commit(SpecificRecord outcome) implements Decision {}

    /** The worker is stopping: commit nothing, the record is delivered again. */
    private record Redeliver() implements Decision {}

    /** Commit nothing, pause, and take the record again later. */
    private record Hold(String reason) implements Decision {}

    private final Settings settings;
    private final RenderPipeline pipeline;
    private final EventProducer stageEvents;
    private final JobRows jobRows;
    private final SlotCounters counters;
    private final Consumer<ConsumerRecord<String, byte[]>> beforeCommit;
    private final EventCodec codec = EventCodec.standard();
    private final String producerName;
    private final String requests;
    private final FreeSpace freeSpace;
    private final CrashCount crashes;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile KafkaProducer<String, SpecificRecord> outcomes;
    private ExecutorService jobThread;
    private volatile boolean running = true;
    private volatile boolean fenced;
    private volatile Future<RenderResult> current;
    private String holdReason;
    private long holdUntilNanos;
    private long holdMs = FIRST_HOLD_MS;

    public RenderWorker(
            Settings settings,
            RenderPipeline pipeline,
            EventProducer stageEvents,
            JobRows jobRows,
            SlotCounters counters) {
        this(settings, pipeline, stageEvents, jobRows, counters, rec -> {});
    }

    /**
     * @param beforeCommit called on the slot's thread right before a transaction commits, where a
     *     fault test stops the broker
     */
    RenderWorker(
            Settings settings,
            RenderPipeline pipeline,
            EventProducer stageEvents,
            JobRows jobRows,
            SlotCounters counters,
            Consumer<ConsumerRecord<String, byte[]>> beforeCommit) {
        this.settings = settings;
        this.pipeline = pipeline;
        this.stageEvents = stageEvents;
        this.jobRows = jobRows;
        this.counters = counters;
        this.beforeCommit = beforeCommit;
        this.producerName =
                Envelopes.producerName(
                        "render-worker-" + settings.workerId() + "-" + settings.slot());
        this.requests = Topic.CONTENT_REQUESTS.name(settings.topicPrefix());
        this.freeSpace = new FreeSpace(settings.mediaRoot(), settings.minFreeBytes());
        this.crashes = new CrashCount(settings.mediaRoot());
        this.jobThread = newJobThread();
        counters.metrics.consumerOf(settings.slot(), this::consumerLag);
    }

    /** The lag of this slot's current consumer on its partitions, for the metrics. */
    private long consumerLag() {
        KafkaConsumer<String, byte[]> c = consumer;
        return c == null ? 0 : RenderMetrics.lag(c.metrics());
    }

    private ExecutorService newJobThread() {
        return Executors.newSingleThreadExecutor(
                r -> {
                    Thread t = new Thread(r, "render-job-" + settings.slot());
                    t.setDaemon(true);
                    return t;
                });
    }

    static Properties consumerProps(Settings s) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, s.topicPrefix() + GROUP);
        p.put(
                ConsumerConfig.CLIENT_ID_CONFIG,
                ConsumerGroups.renderWorkerClientPrefix(s.workerId()) + s.slot());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // One job at a time per slot, and the group waits for a whole job between polls.
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        p.put(
                ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
                (int) s.jobTimeout().plusMinutes(2).toMillis());
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, s.sessionTimeoutMs());
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.max(500, s.sessionTimeoutMs() / 4));
        return p;
    }

    static Properties producerProps(Settings s) {
        Properties p =
                EventProducer.properties(
                        s.bootstrapServers(),
                        "render-worker-" + s.workerId() + "-" + s.slot() + "-tx");
        p.put(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                s.topicPrefix() + "render-worker-" + s.workerId() + "-" + s.slot());
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
        return p;
    }

    /** Whether the slot stopped because another process took over its transactional id. */
    boolean fenced() {
        return fenced;
    }

    @Override
    public void run() {
        try {
            openClients();
            while (running) {
                try {
                    if (holdReason != null) {
                        holdStep();
                    } else {
                        for (ConsumerRecord<String, byte[]> rec :
                                consumer.poll(Duration.ofMillis(500))) {
                            if (!running || !handle(rec)) {
                                break;
                            }
                        }
                    }
                } catch (WakeupException e) {
                    if (running) {
                        throw e;
                    }
                } catch (ProducerFencedException e) {
                    fenced = true;
                    LOG.error(
                            "slot {} was fenced by a newer worker with its transactional id;"
                                    + " stopping",
                            settings.slot());
                    return;
                } catch (KafkaException | IllegalStateException e) {
                    if (!running) {
                        break;
                    }
                    recover(e);
                }
            }
        } finally {
            jobThread.shutdownNow();
            closeClients(Duration.ofSeconds(5));
        }
    }

    /**
     * Replaces both clients after a Kafka error. A timed-out {@code commitTransaction} leaves the
     * producer unusable (even {@code abortTransaction} throws), so the producer is closed rather
     * than aborted; the new one with the same transactional id aborts the open transaction when it
     * initialises, and the new consumer reads on from the committed offset.
     */
    private void recover(RuntimeException cause) {
        int n = counters.clientRecoveries.incrementAndGet();
        LOG.warn(
                "slot {}: Kafka error ({}); re-creating its producer and consumer (recovery {} of"
                        + " this worker); an uncommitted job is delivered again and resumes from"
                        + " its checkpoints",
                settings.slot(),
                cause.toString(),
                n);
        // A short close: the consumer leaves the group at once if the broker can be reached.
        closeClients(Duration.ofSeconds(2));
        openClients();
    }

    private void openClients() {
        long backoff = FIRST_RECONNECT_MS;
        for (int attempt = 1; running; attempt++) {
            try {
                outcomes =
                        new KafkaProducer<>(
                                producerProps(settings),
                                new StringSerializer(),
                                new EventSerializer());
                outcomes.initTransactions();
                consumer =
                        new KafkaConsumer<>(
                                consumerProps(settings),
                                new StringDeserializer(),
                                new ByteArrayDeserializer());
                consumer.subscribe(List.of(requests), new PauseWhileHeld());
                if (attempt > 1) {
                    LOG.info(
                            "slot {} has working Kafka clients again after {} attempts",
                            settings.slot(),
                            attempt);
                }
                return;
            } catch (KafkaException | IllegalStateException e) {
                closeClients(Duration.ZERO);
                if (!running) {
                    return;
                }
                if (attempt >= settings.maxReconnectAttempts()) {
                    throw new SlotUnrecoverableException(
                            "slot "
                                    + settings.slot()
                                    + " could not re-create its Kafka clients in "
                                    + attempt
                                    + " attempts",
                            e);
                }
                LOG.warn(
                        "slot {} cannot open its Kafka clients (attempt {} of {}): {}; retrying in"
                                + " {} ms",
                        settings.slot(),
                        attempt,
                        settings.maxReconnectAttempts(),
                        e.toString(),
                        backoff);
                sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_RECONNECT_MS);
            }
        }
    }

    private void closeClients(Duration timeout) {
        KafkaProducer<String, SpecificRecord> p = outcomes;
        outcomes = null;
        if (p != null) {
            try {
                p.close(timeout);
            } catch (RuntimeException e) {
                LOG.debug("closing the producer of slot {}: {}", settings.slot(), e.toString());
            }
        }
        KafkaConsumer<String, byte[]> c = consumer;
        consumer = null;
        if (c != null) {
            try {
                c.close(timeout);
            } catch (RuntimeException e) {
                LOG.debug("closing the consumer of slot {}: {}", settings.slot(), e.toString());
            }
        }
    }

    /** A partition assigned while the slot holds back is paused too. */
    private final class PauseWhileHeld implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (holdReason != null) {
                consumer.pause(partitions);
            }
        }
    }

    /**
     * @return whether to go on with the rest of the polled records
     */
    boolean handle(ConsumerRecord<String, byte[]> rec) {
        Decision d = decide(rec);
        if (d instanceof Commit c) {
            commit(rec, c.outcome());
            holdMs = FIRST_HOLD_MS;
            return true;
        }
        if (d instanceof Hold h) {
            hold(rec, h.reason());
            return false;
        }
        return false; // Stopping: the offset stays uncommitted and the job is delivered again.
    }

    private Decision decide(ConsumerRecord<String, byte[]> rec) {
        DecodeResult decoded = codec.decode(rec.value());
        if (decoded instanceof DecodeResult.Failed f) {
            return new Commit(
                    DeadLetters.of(
                            f,
                            "render-worker",
                            rec.topic(),
                            rec.partition(),
                            rec.offset(),
                            keyBytes(rec),
                            System.currentTimeMillis()));
        }
        DecodeResult.Decoded d = (DecodeResult.Decoded) decoded;
        if (!(d.event() instanceof ContentRequested req)) {
            return new Commit(
                    deadLetter(
                            rec,
                            "INVALID",
                            "not a ContentRequested: " + d.event().getClass().getSimpleName()));
        }
        RenderJob job;
        try {
            job = RenderJob.of(req);
        } catch (IllegalArgumentException e) {
            return new Commit(deadLetter(rec, "INVALID", "bad job: " + e.getMessage()));
        }
        JobRows.Verdict verdict = jobRows.check(job.jobId());
        if (verdict instanceof JobRows.Skip s) {
            LOG.info(
                    "slot {} does not render job {}: {}; its request is acknowledged",
                    settings.slot(),
                    job.jobId(),
                    s.reason());
            return new Commit(null);
        }
        if (verdict instanceof JobRows.Unknown u) {
            return new Hold(u.reason() + "; jobs stay queued");
        }
        Optional<String> full = freeSpace.shortfall();
        if (full.isPresent()) {
            return new Hold(full.get());
        }
        CrashCount.Delivery delivery;
        try {
            delivery = crashes.begin(job.jobId());
        } catch (IOException e) {
            if (FreeSpace.isDiskFull(e)) {
                return new Hold(freeSpace.describeNow());
            }
            LOG.warn(
                    "slot {} cannot count the deliveries of job {}: {}",
                    settings.slot(),
                    job.jobId(),
                    e.toString());
            return render(rec, req, job);
        }
        int crashed = delivery.crashesBefore();
        try {
            if (crashed >= settings.maxCrashes()) {
                LOG.error(
                        "job {} stopped its worker {} times without an outcome; dead-lettered",
                        job.jobId(),
                        crashed);
                return new Commit(
                        deadLetter(
                                rec,
                                "REDELIVERED",
                                "job "
                                        + job.jobId()
                                        + " was delivered "
                                        + crashed
                                        + " times and each time its worker stopped without an"
                                        + " outcome (killed, crashed or out of memory); it is"
                                        + " not rendered again"));
            }
            return render(rec, req, job);
        } finally {
            try {
                crashes.end(delivery);
            } catch (IOException e) {
                LOG.warn(
                        "slot {} cannot record the end of job {}'s delivery: {}",
                        settings.slot(),
                        job.jobId(),
                        e.toString());
            }
        }
    }

    private Decision render(
            ConsumerRecord<String, byte[]> rec, ContentRequested req, RenderJob job) {
        RenderEvents events =
                RenderEvents.both(
                        new KafkaRenderEvents(
                                stageEvents, producerName, job.jobId(), job.traceId()),
                        counters.metrics);
        LOG.info(
                "slot {} renders job {} ({}, {} s)",
                settings.slot(),
                job.jobId(),
                req.getParameters().getNiche(),
                req.getParameters().getTargetDurationS());
        current = jobThread.submit(() -> pipeline.run(job, events));
        counters.metrics.jobStarted();
        String outcome = "redelivered";
        try {
            RenderResult r = current.get(settings.jobTimeout().toMillis(), TimeUnit.MILLISECONDS);
            stageEvents.flush();
            try {
                jobRows.recordRender(r);
            } catch (RuntimeException e) {
                // The video is made; its evidence must be stored before it is announced. The job
                // is taken again later and resumes from its checkpoints (nothing is rendered
                // twice).
                outcome = "held";
                return new Hold(
                        "cannot record the asset evidence and thumbnail variants of job "
                                + job.jobId()
                                + " in PostgreSQL: "
                                + e);
            }
            LOG.info(
                    "slot {} rendered job {}: {} renditions, {} bytes",
                    settings.slot(),
                    job.jobId(),
                    r.renditions().size(),
                    r.totalBytes());
            outcome = "rendered";
            return new Commit(r.toEvent(producerName, job.traceId(), System.currentTimeMillis()));
        } catch (TimeoutException e) {
            current.cancel(true);
            // The interrupted job may take a moment to notice (drawing does not check for
            // interrupts; its child processes are killed at once): the next job gets a new thread.
            jobThread.shutdownNow();
            jobThread = newJobThread();
            events.failed(
                    io.flywheel.schemas.Stage.UNKNOWN,
                    "render-worker",
                    1,
                    new StageFailure(
                            settings.jobTimeout().toMillis(),
                            0,
                            "job_timeout",
                            "the job ran longer than " + settings.jobTimeout(),
                            false));
            stageEvents.flush();
            outcome = "timed_out";
            return new Commit(
                    deadLetter(
                            rec,
                            "JOB_FAILED",
                            "job " + job.jobId() + " timed out after " + settings.jobTimeout()));
        } catch (InterruptedException e) {
            current.cancel(true);
            Thread.currentThread().interrupt();
            return new Redeliver();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (!running) {
                return new Redeliver();
            }
            stageEvents.flush();
            Optional<String> full = freeSpace.shortfall();
            if (FreeSpace.isDiskFull(cause) || full.isPresent()) {
                // The machine's fault, not the job's: it stays queued and resumes later.
                outcome = "held";
                return new Hold(
                        full.orElseGet(freeSpace::describeNow)
                                + " (job "
                                + job.jobId()
                                + " stopped: "
                                + cause.getMessage()
                                + ")");
            }
            String reason =
                    cause instanceof StageFailedException sf
                            ? sf.getMessage()
                            : "job failed: " + cause;
            LOG.warn("slot {} failed job {}: {}", settings.slot(), job.jobId(), reason);
            outcome = "failed";
            return new Commit(deadLetter(rec, "JOB_FAILED", reason));
        } catch (CancellationException e) {
            return new Redeliver();
        } finally {
            current = null;
            counters.metrics.jobEnded(outcome);
        }
    }

    /** Keeps the record queued: back to its offset, every partition paused for a while. */
    private void hold(ConsumerRecord<String, byte[]> rec, String reason) {
        try {
            consumer.seek(new TopicPartition(rec.topic(), rec.partition()), rec.offset());
        } catch (IllegalStateException notAssigned) {
            // Not ours any more: the new owner starts from the committed offset.
        }
        consumer.pause(consumer.assignment());
        counters.holds.incrementAndGet();
        holdReason = reason;
        holdUntilNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(holdMs);
        LOG.error(
                "slot {}: {}; partition {} offset {} is taken again in {} s",
                settings.slot(),
                reason,
                rec.partition(),
                rec.offset(),
                holdMs / 1000);
        holdMs = Math.min(holdMs * 2, MAX_HOLD_MS);
    }

    /**
     * While held the slot keeps polling (its partitions paused, so nothing arrives) to stay in the
     * group; when the hold is over it takes the record again, and the checks run anew.
     */
    private void holdStep() {
        consumer.pause(consumer.assignment());
        ConsumerRecords<String, byte[]> recs = consumer.poll(Duration.ofMillis(500));
        for (TopicPartition tp : recs.partitions()) {
            consumer.seek(tp, recs.records(tp).get(0).offset());
        }
        if (System.nanoTime() >= holdUntilNanos) {
            LOG.info("slot {} takes jobs again after: {}", settings.slot(), holdReason);
            holdReason = null;
            consumer.resume(consumer.assignment());
        }
    }

    /** A job's failure as its outcome, bounded as every dead letter is ({@link DeadLetters}). */
    private DeadLetter deadLetter(ConsumerRecord<String, byte[]> rec, String kind, String reason) {
        return DeadLetter.newBuilder()
                .setEnvelope(
                        Envelopes.create(
                                DeadLetter.class,
                                producerName,
                                UUID.randomUUID().toString(),
                                System.currentTimeMillis()))
                .setConsumer("render-worker")
                .setSourceTopic(rec.topic())
                .setSourcePartition(rec.partition())
                .setSourceOffset(rec.offset())
                .setFailureKind(kind)
                .setReason(DeadLetters.reason(reason, keyBytes(rec), rec.value()))
                .setOriginalKey(DeadLetters.original(keyBytes(rec)))
                .setOriginalValue(DeadLetters.original(rec.value()))
                .build();
    }

    private static byte[] keyBytes(ConsumerRecord<String, byte[]> rec) {
        return rec.key() == null ? null : rec.key().getBytes(StandardCharsets.UTF_8);
    }

    /** The outcome (if any) and the offset, atomically. */
    private void commit(ConsumerRecord<String, byte[]> rec, SpecificRecord outcome) {
        outcomes.beginTransaction();
        if (outcome != null) {
            EventType type = EventType.of(outcome);
            outcomes.send(
                    new ProducerRecord<>(
                            type.topic().name(settings.topicPrefix()),
                            type.keyOf(outcome),
                            outcome));
        }
        outcomes.sendOffsetsToTransaction(
                Map.of(
                        new TopicPartition(rec.topic(), rec.partition()),
                        new OffsetAndMetadata(rec.offset() + 1)),
                consumer.groupMetadata());
        beforeCommit.accept(rec);
        outcomes.commitTransaction();
    }

    private void sleep(long ms) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (running && System.nanoTime() < end) {
            try {
                Thread.sleep(Math.min(200, ms));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Stops after the current poll; a job in flight is interrupted and will be delivered again. */
    public void stop() {
        running = false;
        Future<RenderResult> f = current;
        if (f != null) {
            f.cancel(true);
        }
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }
}
