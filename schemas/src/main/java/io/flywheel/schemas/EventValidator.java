package io.flywheel.schemas;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;

/**
 * The rules of the contract that a schema cannot express: ids are UUIDs, times are real, counts are
 * not negative, parameters are in range. Returns every problem, not just the first, so a DLQ reason
 * tells the whole story. A message is built only for a rule that is broken: producers and the
 * streaming jobs validate every event, and nearly all of them pass.
 */
public final class EventValidator {
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern VOICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9+_.:-]{0,63}");
    static final int MAX_TITLE_CHARS = 200;
    static final int MIN_DURATION_S = 5;
    static final int MAX_DURATION_S = 180;
    static final int MAX_FRAME_SIDE = 4096;

    public List<String> problems(SpecificRecord event) {
        Problems p = new Problems();
        EventType type;
        try {
            type = EventType.of(event);
        } catch (IllegalArgumentException e) {
            return List.of(e.getMessage());
        }
        Envelope env = (Envelope) event.get(event.getSchema().getField("envelope").pos());
        if (env == null) {
            return List.of("envelope is missing");
        }
        p.uuid("envelope.event_id", env.getEventId());
        if (!type.recordName().equals(env.getEventType())) {
            p.add(
                    "envelope.event_type is '"
                            + env.getEventType()
                            + "' but the record is "
                            + type.recordName());
        }
        p.check(env.getEventTime() > 0, "envelope.event_time must be epoch milliseconds > 0");
        p.nonBlank("envelope.producer", env.getProducer());
        p.uuid("envelope.trace_id", env.getTraceId());

        switch (type) {
            case CONTENT_REQUESTED -> contentRequested((ContentRequested) event, p);
            case STAGE_STARTED -> {
                StageStarted e = (StageStarted) event;
                stage(p, e.getJobId(), e.getStage(), e.getProvider(), e.getAttempt(), 0, 0);
            }
            case STAGE_COMPLETED -> {
                StageCompleted e = (StageCompleted) event;
                stage(
                        p,
                        e.getJobId(),
                        e.getStage(),
                        e.getProvider(),
                        e.getAttempt(),
                        e.getLatencyMs(),
                        e.getCostMicroUsd());
            }
            case STAGE_FAILED -> {
                StageFailed e = (StageFailed) event;
                stage(
                        p,
                        e.getJobId(),
                        e.getStage(),
                        e.getProvider(),
                        e.getAttempt(),
                        e.getLatencyMs(),
                        e.getCostMicroUsd());
                p.nonBlank("error_class", e.getErrorClass());
            }
            case VIDEO_RENDERED -> videoRendered((VideoRendered) event, p);
            case VIDEO_PUBLISHED -> {
                VideoPublished e = (VideoPublished) event;
                p.uuid("video_id", e.getVideoId());
                p.uuid("job_id", e.getJobId());
                p.nonBlank("platform_video_id", e.getPlatformVideoId());
                p.check(e.getPublishedAt() > 0, "published_at must be epoch milliseconds > 0");
            }
            case ENGAGEMENT_OBSERVED -> engagement((EngagementObserved) event, p);
            case BUDGET_BREACHED -> {
                BudgetBreached e = (BudgetBreached) event;
                p.nonBlank("budget_period", e.getBudgetPeriod());
                p.check(e.getBudgetMicroUsd() >= 0, "budget_micro_usd must be >= 0");
                p.check(
                        e.getSpentMicroUsd() >= e.getBudgetMicroUsd(),
                        "spent_micro_usd must be at least the budget it breached");
            }
            case MODEL_PROMOTED -> {
                ModelPromoted e = (ModelPromoted) event;
                p.nonBlank("model_name", e.getModelName());
                p.nonBlank("model_version", e.getModelVersion());
                p.nonBlank("artifact_uri", e.getArtifactUri());
                p.check(e.getTrainingTableVersion() >= 0, "training_table_version must be >= 0");
            }
            case RECOMMENDATIONS_PUBLISHED -> {
                RecommendationsPublished e = (RecommendationsPublished) event;
                p.nonBlank("policy_version", e.getPolicyVersion());
                p.check(e.getRecommendationCount() >= 0, "recommendation_count must be >= 0");
            }
            case DEAD_LETTER -> {
                DeadLetter e = (DeadLetter) event;
                p.nonBlank("reason", e.getReason());
                p.nonBlank("source_topic", e.getSourceTopic());
            }
        }
        return p.list;
    }

    private static void contentRequested(ContentRequested e, Problems p) {
        p.uuid("job_id", e.getJobId());
        if (e.getBriefId() != null) {
            p.uuid("brief_id", e.getBriefId());
        }
        ContentParameters c = e.getParameters();
        p.check(c.getPlatform() != Platform.UNKNOWN, "parameters.platform is UNKNOWN");
        if (c.getNiche() == null || !SLUG.matcher(c.getNiche()).matches()) {
            p.add(
                    "parameters.niche must be a lower-case slug (a-z, 0-9, -), not '"
                            + c.getNiche()
                            + "'");
        }
        if (c.getTargetDurationS() < MIN_DURATION_S || c.getTargetDurationS() > MAX_DURATION_S) {
            p.add(
                    "parameters.target_duration_s must be "
                            + MIN_DURATION_S
                            + "-"
                            + MAX_DURATION_S
                            + ", not "
                            + c.getTargetDurationS());
        }
        if (c.getPostingHour() < 0 || c.getPostingHour() > 23) {
            p.add("parameters.posting_hour must be 0-23, not " + c.getPostingHour());
        }
        if (c.getVoice() == null || !VOICE.matcher(c.getVoice()).matches()) {
            p.add(
                    "parameters.voice must be a voice id (letters, digits, + - _ . :), not '"
                            + c.getVoice()
                            + "'");
        }
        if (e.getTitle() != null) {
            p.check(
                    e.getTitle().codePointCount(0, e.getTitle().length()) <= MAX_TITLE_CHARS,
                    "title must be at most " + MAX_TITLE_CHARS + " characters");
        }
        for (RenditionSpec r : e.getRenditions()) {
            p.nonBlank("renditions.label", r.getLabel());
            if (!frameSide(r.getWidth()) || !frameSide(r.getHeight())) {
                p.add(
                        "rendition "
                                + r.getLabel()
                                + " must have even width and height in 16-"
                                + MAX_FRAME_SIDE);
            }
        }
        p.nonBlank("policy_version", e.getPolicyVersion());
        double sp = e.getSelectionProbability();
        if (!(sp > 0 && sp <= 1)) {
            p.add("selection_probability must be in (0, 1], not " + sp);
        }
    }

    private static boolean frameSide(int n) {
        return n >= 16 && n <= MAX_FRAME_SIDE && n % 2 == 0;
    }

    private static void stage(
            Problems p,
            String jobId,
            Stage stage,
            String provider,
            int attempt,
            long latencyMs,
            long costMicroUsd) {
        p.uuid("job_id", jobId);
        p.check(stage != null, "stage is missing");
        // An UNKNOWN stage is a stage added after this reader was built: still worth counting.
        p.nonBlank("provider", provider);
        if (attempt < 1) {
            p.add("attempt must be >= 1, not " + attempt);
        }
        p.check(latencyMs >= 0, "latency_ms must be >= 0");
        p.check(costMicroUsd >= 0, "cost_micro_usd must be >= 0");
    }

    private static void videoRendered(VideoRendered e, Problems p) {
        p.uuid("job_id", e.getJobId());
        p.uuid("video_id", e.getVideoId());
        p.check(e.getDurationMs() > 0, "duration_ms must be > 0");
        p.check(!e.getRenditions().isEmpty(), "renditions must not be empty");
        for (Rendition r : e.getRenditions()) {
            if (r.getBytes() <= 0) {
                p.add("rendition " + r.getLabel() + " has no bytes");
            }
            p.nonBlank("rendition.uri", r.getUri());
        }
        p.check(e.getTotalBytes() >= 0, "total_bytes must be >= 0");
    }

    private static void engagement(EngagementObserved e, Problems p) {
        p.uuid("video_id", e.getVideoId());
        p.nonBlank("platform_video_id", e.getPlatformVideoId());
        p.check(e.getPeriodStart() > 0, "period_start must be epoch milliseconds > 0");
        p.check(e.getPeriodEnd() >= e.getPeriodStart(), "period_end must not precede period_start");
        p.notNegative("views", e.getViews());
        p.notNegative("engagedViews", e.getEngagedViews());
        p.notNegative("estimatedMinutesWatched", e.getEstimatedMinutesWatched());
        p.notNegative("averageViewDuration", e.getAverageViewDuration());
        p.notNegative("averageViewPercentage", e.getAverageViewPercentage());
        p.notNegative("likes", e.getLikes());
        p.notNegative("comments", e.getComments());
        p.notNegative("shares", e.getShares());
        p.notNegative("subscribersGained", e.getSubscribersGained());
        p.notNegative("subscribersLost", e.getSubscribersLost());
        p.notNegative("impressions", e.getImpressions());
        p.notNegative("reach", e.getReach());
        p.notNegative("saved", e.getSaved());
    }

    private static final class Problems {
        final List<String> list = new ArrayList<>();

        void add(String problem) {
            list.add(problem);
        }

        /** For constant messages only: a built one would be built whether the rule holds or not. */
        void check(boolean ok, String problem) {
            if (!ok) {
                list.add(problem);
            }
        }

        void nonBlank(String field, String value) {
            if (value == null || value.isBlank()) {
                list.add(field + " must not be blank");
            }
        }

        void uuid(String field, String value) {
            if (!isUuid(value)) {
                list.add(field + " must be a UUID, not '" + value + "'");
            }
        }

        void notNegative(String field, Number value) {
            if (value != null
                    && !(value.doubleValue() >= 0 && !Double.isNaN(value.doubleValue()))) {
                list.add(field + " must not be negative or NaN, not " + value);
            }
        }
    }

    static boolean isUuid(String s) {
        if (s == null || s.length() != 36) {
            return false;
        }
        try {
            UUID.fromString(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
