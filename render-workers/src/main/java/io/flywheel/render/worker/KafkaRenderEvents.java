package io.flywheel.render.worker;

import io.flywheel.render.pipeline.RenderEvents;
import io.flywheel.render.pipeline.StageFailure;
import io.flywheel.schemas.Envelopes;
import io.flywheel.schemas.EventProducer;
import io.flywheel.schemas.Stage;
import io.flywheel.schemas.StageCompleted;
import io.flywheel.schemas.StageFailed;
import io.flywheel.schemas.StageStarted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one job's stage events to {@code flywheel.render.events}, keyed by job id, with the job's
 * trace id. Stage events are telemetry: sent at least once, outside the job's transaction.
 */
final class KafkaRenderEvents implements RenderEvents {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaRenderEvents.class);
    private static final int MAX_MESSAGE = 1000;

    private final EventProducer producer;
    private final String producerName;
    private final String jobId;
    private final String traceId;

    KafkaRenderEvents(EventProducer producer, String producerName, String jobId, String traceId) {
        this.producer = producer;
        this.producerName = producerName;
        this.jobId = jobId;
        this.traceId = traceId;
    }

    @Override
    public void started(Stage stage, String provider, int attempt) {
        send(
                StageStarted.newBuilder()
                        .setEnvelope(
                                Envelopes.create(
                                        StageStarted.class,
                                        producerName,
                                        traceId,
                                        System.currentTimeMillis()))
                        .setJobId(jobId)
                        .setStage(stage)
                        .setProvider(provider)
                        .setAttempt(attempt)
                        .build());
    }

    @Override
    public void completed(Stage stage, String provider, int attempt, long latencyMs, long cost) {
        send(
                StageCompleted.newBuilder()
                        .setEnvelope(
                                Envelopes.create(
                                        StageCompleted.class,
                                        producerName,
                                        traceId,
                                        System.currentTimeMillis()))
                        .setJobId(jobId)
                        .setStage(stage)
                        .setProvider(provider)
                        .setAttempt(attempt)
                        .setLatencyMs(latencyMs)
                        .setCostMicroUsd(cost)
                        .build());
    }

    @Override
    public void failed(Stage stage, String provider, int attempt, StageFailure failure) {
        String m = failure.message() == null ? "" : failure.message();
        send(
                StageFailed.newBuilder()
                        .setEnvelope(
                                Envelopes.create(
                                        StageFailed.class,
                                        producerName,
                                        traceId,
                                        System.currentTimeMillis()))
                        .setJobId(jobId)
                        .setStage(stage)
                        .setProvider(provider)
                        .setAttempt(attempt)
                        .setLatencyMs(failure.latencyMs())
                        .setCostMicroUsd(failure.costMicroUsd())
                        .setErrorClass(failure.errorClass())
                        .setMessage(m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) : m)
                        .setRetryable(failure.retryable())
                        .build());
    }

    private void send(org.apache.avro.specific.SpecificRecord event) {
        producer.send(event)
                .whenComplete(
                        (md, e) -> {
                            if (e != null) {
                                LOG.warn(
                                        "stage event for job {} not sent: {}", jobId, e.toString());
                            }
                        });
    }
}
