package io.flywheel.render.worker;

import io.flywheel.render.RenderJob;
import io.flywheel.render.RenderPipeline;
import io.flywheel.render.RenderResult;
import io.flywheel.render.pipeline.StageFailedException;
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
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
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
 */
public final class RenderWorker implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(RenderWorker.class);
    public static final String GROUP = "render-workers";

    /** What a slot needs from its process. */
    public record Settings(
            String bootstrapServers,
            String topicPrefix,
            String workerId,
            int slot,
            Duration jobTimeout,
            int sessionTimeoutMs) {}

    private final Settings settings;
    private final RenderPipeline pipeline;
    private final EventProducer stageEvents;
    private final EventCodec codec = EventCodec.standard();
    private final String producerName;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, SpecificRecord> outcomes;
    private final ExecutorService jobThread;
    private volatile boolean running = true;
    private volatile Future<RenderResult> current;

    public RenderWorker(Settings settings, RenderPipeline pipeline, EventProducer stageEvents) {
        this.settings = settings;
        this.pipeline = pipeline;
        this.stageEvents = stageEvents;
        this.producerName =
                Envelopes.producerName(
                        "render-worker-" + settings.workerId() + "-" + settings.slot());
        this.consumer =
                new KafkaConsumer<>(
                        consumerProps(settings),
                        new StringDeserializer(),
                        new ByteArrayDeserializer());
        this.outcomes =
                new KafkaProducer<>(
                        producerProps(settings), new StringSerializer(), new EventSerializer());
        this.jobThread =
                Executors.newSingleThreadExecutor(
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
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "render-worker-" + s.workerId() + "-" + s.slot());
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

    @Override
    public void run() {
        String requests = Topic.CONTENT_REQUESTS.name(settings.topicPrefix());
        try {
            outcomes.initTransactions();
            consumer.subscribe(List.of(requests));
            while (running) {
                for (ConsumerRecord<String, byte[]> rec : consumer.poll(Duration.ofMillis(500))) {
                    if (!running) {
                        break;
                    }
                    handle(rec);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (org.apache.kafka.common.errors.ProducerFencedException e) {
            LOG.error(
                    "slot {} was fenced by a newer worker with its transactional id; stopping",
                    settings.slot());
        } finally {
            jobThread.shutdownNow();
            consumer.close(Duration.ofSeconds(5));
            outcomes.close(Duration.ofSeconds(5));
        }
    }

    void handle(ConsumerRecord<String, byte[]> rec) {
        DecodeResult decoded = codec.decode(rec.value());
        SpecificRecord outcome;
        if (decoded instanceof DecodeResult.Failed f) {
            outcome =
                    DeadLetters.of(
                            f,
                            "render-worker",
                            rec.topic(),
                            rec.partition(),
                            rec.offset(),
                            keyBytes(rec),
                            System.currentTimeMillis());
        } else {
            DecodeResult.Decoded d = (DecodeResult.Decoded) decoded;
            if (!(d.event() instanceof ContentRequested req)) {
                outcome =
                        deadLetter(
                                rec,
                                "INVALID",
                                "not a ContentRequested: " + d.event().getClass().getSimpleName());
            } else {
                outcome = render(rec, req);
            }
        }
        if (outcome == null) {
            return; // Stopping: the job's offset stays uncommitted and the job is delivered again.
        }
        commit(rec, outcome);
    }

    private SpecificRecord render(ConsumerRecord<String, byte[]> rec, ContentRequested req) {
        RenderJob job;
        try {
            job = RenderJob.of(req);
        } catch (IllegalArgumentException e) {
            return deadLetter(rec, "INVALID", "bad job: " + e.getMessage());
        }
        KafkaRenderEvents events =
                new KafkaRenderEvents(stageEvents, producerName, job.jobId(), job.traceId());
        LOG.info(
                "slot {} renders job {} ({}, {} s)",
                settings.slot(),
                job.jobId(),
                req.getParameters().getNiche(),
                req.getParameters().getTargetDurationS());
        current = jobThread.submit(() -> pipeline.run(job, events));
        try {
            RenderResult r = current.get(settings.jobTimeout().toMillis(), TimeUnit.MILLISECONDS);
            stageEvents.flush();
            LOG.info(
                    "slot {} rendered job {}: {} renditions, {} bytes",
                    settings.slot(),
                    job.jobId(),
                    r.renditions().size(),
                    r.totalBytes());
            return r.toEvent(producerName, job.traceId(), System.currentTimeMillis());
        } catch (TimeoutException e) {
            current.cancel(true);
            events.failed(
                    io.flywheel.schemas.Stage.UNKNOWN,
                    "render-worker",
                    1,
                    settings.jobTimeout().toMillis(),
                    0,
                    "job_timeout",
                    "the job ran longer than " + settings.jobTimeout(),
                    false);
            stageEvents.flush();
            return deadLetter(
                    rec,
                    "JOB_FAILED",
                    "job " + job.jobId() + " timed out after " + settings.jobTimeout());
        } catch (InterruptedException e) {
            current.cancel(true);
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (!running) {
                return null;
            }
            stageEvents.flush();
            String reason =
                    cause instanceof StageFailedException sf
                            ? sf.getMessage()
                            : "job failed: " + cause;
            LOG.warn("slot {} failed job {}: {}", settings.slot(), job.jobId(), reason);
            return deadLetter(rec, "JOB_FAILED", reason);
        } catch (java.util.concurrent.CancellationException e) {
            return null;
        } finally {
            current = null;
        }
    }

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
                .setReason(reason.length() > 2000 ? reason.substring(0, 2000) : reason)
                .setOriginalKey(keyBytes(rec) == null ? null : ByteBuffer.wrap(keyBytes(rec)))
                .setOriginalValue(rec.value() == null ? null : ByteBuffer.wrap(rec.value()))
                .build();
    }

    private static byte[] keyBytes(ConsumerRecord<String, byte[]> rec) {
        return rec.key() == null
                ? null
                : rec.key().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The outcome and the offset, atomically. */
    private void commit(ConsumerRecord<String, byte[]> rec, SpecificRecord outcome) {
        EventType type = EventType.of(outcome);
        try {
            outcomes.beginTransaction();
            outcomes.send(
                    new ProducerRecord<>(
                            type.topic().name(settings.topicPrefix()),
                            type.keyOf(outcome),
                            outcome));
            outcomes.sendOffsetsToTransaction(
                    Map.of(
                            new TopicPartition(rec.topic(), rec.partition()),
                            new OffsetAndMetadata(rec.offset() + 1)),
                    consumer.groupMetadata());
            outcomes.commitTransaction();
        } catch (org.apache.kafka.common.errors.ProducerFencedException e) {
            throw e;
        } catch (org.apache.kafka.common.KafkaException e) {
            // Most often: the partition moved to another member while this job ran; that member
            // renders (resuming from the checkpoints) and commits the one outcome.
            LOG.warn(
                    "slot {} could not commit the outcome of offset {}: {}; aborting",
                    settings.slot(),
                    rec.offset(),
                    e.toString());
            try {
                outcomes.abortTransaction();
            } catch (org.apache.kafka.common.KafkaException ignored) {
                // The next beginTransaction reports anything that is still wrong.
            }
            try {
                consumer.seek(new TopicPartition(rec.topic(), rec.partition()), rec.offset());
            } catch (IllegalStateException notAssigned) {
                // Not ours any more: the new owner starts from the committed offset.
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
        consumer.wakeup();
    }
}
