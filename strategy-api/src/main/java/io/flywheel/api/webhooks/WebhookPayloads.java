package io.flywheel.api.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flywheel.schemas.BudgetBreached;
import io.flywheel.schemas.DecodeResult;
import io.flywheel.schemas.Envelope;
import io.flywheel.schemas.ModelPromoted;
import io.flywheel.schemas.StageFailed;
import io.flywheel.schemas.VideoPublished;
import io.flywheel.schemas.VideoRendered;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns Flywheel's Kafka events into webhook bodies: {@code {"id", "type", "created_at",
 * "trace_id", "data"}}, where {@code id} is the event's own id (the same in every retry and replay,
 * so a receiver can drop duplicates) and {@code data} holds the event's fields a receiver needs.
 */
public final class WebhookPayloads {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One webhook body, ready to be signed and sent. */
    public record Payload(String eventId, WebhookEvent type, Instant createdAt, String body) {}

    private WebhookPayloads() {}

    /** The webhook this event stands for, if it stands for one. */
    public static Optional<Payload> of(DecodeResult r) {
        if (!(r instanceof DecodeResult.Decoded d)) {
            return Optional.empty();
        }
        Map<String, Object> data = new LinkedHashMap<>();
        WebhookEvent type;
        Envelope env;
        if (d.event() instanceof VideoRendered e) {
            type = WebhookEvent.VIDEO_RENDERED;
            env = e.getEnvelope();
            data.put("video_id", e.getVideoId());
            data.put("job_id", e.getJobId());
            data.put("title", e.getTitle());
            data.put("duration_ms", e.getDurationMs());
            data.put("renditions", e.getRenditions().size());
            data.put("total_bytes", e.getTotalBytes());
        } else if (d.event() instanceof VideoPublished e) {
            type = WebhookEvent.VIDEO_PUBLISHED;
            env = e.getEnvelope();
            data.put("video_id", e.getVideoId());
            data.put("job_id", e.getJobId());
            data.put("platform", e.getPlatform().name());
            data.put("platform_video_id", e.getPlatformVideoId());
            data.put("url", e.getUrl());
            data.put("published_at", Instant.ofEpochMilli(e.getPublishedAt()).toString());
        } else if (d.event() instanceof StageFailed e && !e.getRetryable()) {
            type = WebhookEvent.VIDEO_FAILED;
            env = e.getEnvelope();
            data.put("job_id", e.getJobId());
            data.put("stage", e.getStage().name());
            data.put("provider", e.getProvider());
            data.put("attempt", e.getAttempt());
            data.put("error_class", e.getErrorClass());
            data.put("message", e.getMessage());
        } else if (d.event() instanceof BudgetBreached e) {
            type = WebhookEvent.BUDGET_BREACHED;
            env = e.getEnvelope();
            data.put("budget_period", e.getBudgetPeriod());
            data.put("budget_micro_usd", e.getBudgetMicroUsd());
            data.put("spent_micro_usd", e.getSpentMicroUsd());
        } else if (d.event() instanceof ModelPromoted e) {
            type = WebhookEvent.MODEL_PROMOTED;
            env = e.getEnvelope();
            data.put("model_name", e.getModelName());
            data.put("model_version", e.getModelVersion());
            data.put("previous_version", e.getPreviousVersion());
            data.put("objective", e.getObjective());
            Map<String, Double> metrics = new TreeMap<>();
            e.getMetrics().forEach((k, v) -> metrics.put(k.toString(), v));
            data.put("metrics", metrics);
        } else {
            return Optional.empty();
        }
        return Optional.of(
                payload(env.getEventId(), type, env.getEventTime(), env.getTraceId(), data));
    }

    /** A body of {@code type} with {@code data}, e.g. for {@code review.required}. */
    public static Payload payload(
            String eventId,
            WebhookEvent type,
            long eventTimeMs,
            String traceId,
            Map<String, ?> data) {
        Map<String, Object> body = new LinkedHashMap<>();
        Instant at = Instant.ofEpochMilli(eventTimeMs);
        body.put("id", eventId);
        body.put("type", type.wire());
        body.put("created_at", at.toString());
        body.put("trace_id", traceId);
        body.put("data", data);
        try {
            return new Payload(eventId, type, at, JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of strings and numbers always serialise", e);
        }
    }
}
