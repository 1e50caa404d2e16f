package io.flywheel.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.schemas.samples.SampleEvents;
import java.util.List;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * The validator's verdicts and its exact messages (they are the DLQ reasons): nothing for a valid
 * event, every broken rule for a broken one, in the order of the rules.
 */
class EventValidatorTest {
    private final EventValidator validator = new EventValidator();
    private final SampleEvents samples = new SampleEvents(11, 1_763_700_000_000L);

    @Test
    void validEventsHaveNoProblems() {
        for (SpecificRecord e : samples.oneOfEach()) {
            assertThat(validator.problems(e)).as(EventType.of(e).name()).isEmpty();
        }
    }

    @Test
    void everyBrokenRuleIsNamedWithItsValue() {
        for (SpecificRecord sample : samples.oneOfEach()) {
            SpecificRecord e = SpecificData.get().deepCopy(sample.getSchema(), sample);
            Envelope env = Envelopes.of(e);
            env.setEventId("not-a-uuid");
            env.setEventType("Other");
            env.setEventTime(0);
            env.setProducer(" ");
            env.setTraceId(null);
            List<String> expected =
                    new java.util.ArrayList<>(
                            List.of(
                                    "envelope.event_id must be a UUID, not 'not-a-uuid'",
                                    "envelope.event_time must be epoch milliseconds > 0",
                                    "envelope.producer must not be blank",
                                    "envelope.trace_id must be a UUID, not 'null'",
                                    "envelope.event_type must be the record name of the event,"
                                            + " not 'Other' (the record is "
                                            + EventType.of(e).recordName()
                                            + ")"));
            expected.addAll(breakBody(e));
            assertThat(validator.problems(e)).as(EventType.of(e).name()).isEqualTo(expected);
        }
    }

    /** Breaks every rule of the event's own fields; returns the messages, in order. */
    private static List<String> breakBody(SpecificRecord event) {
        switch (EventType.of(event)) {
            case CONTENT_REQUESTED -> {
                ContentRequested e = (ContentRequested) event;
                e.setJobId("j");
                e.setBriefId("b");
                ContentParameters c = e.getParameters();
                c.setPlatform(Platform.UNKNOWN);
                c.setNiche("Bad Niche");
                c.setTargetDurationS(4);
                c.setPostingHour(24);
                c.setVoice("-voice");
                e.setTitle("x".repeat(201));
                e.getRenditions().get(0).setLabel("");
                e.getRenditions().get(0).setWidth(15);
                e.setPolicyVersion(null);
                e.setSelectionProbability(0.0);
                return List.of(
                        "job_id must be a UUID, not 'j'",
                        "brief_id must be a UUID, not 'b'",
                        "title must be at most 200 characters",
                        "policy_version must not be blank",
                        "selection_probability must be in (0, 1], not 0.0",
                        "parameters.platform must not be UNKNOWN",
                        "parameters.niche must be a lower-case slug of 1-64 characters (a-z, 0-9,"
                                + " -; not starting with -), not 'Bad Niche'",
                        "parameters.target_duration_s must be 5-180, not 4",
                        "parameters.voice must be a voice id of 1-64 characters (letters, digits,"
                                + " + - _ . :; starting with a letter or digit), not '-voice'",
                        "parameters.posting_hour must be 0-23, not 24",
                        "renditions.label must not be blank",
                        "renditions.width must be even and in 16-4096, not 15");
            }
            case STAGE_STARTED -> {
                StageStarted e = (StageStarted) event;
                e.setJobId("");
                e.setStage(null);
                e.setProvider("");
                e.setAttempt(0);
                return List.of(
                        "job_id must be a UUID, not ''",
                        "stage must be set",
                        "provider must not be blank",
                        "attempt must be >= 1, not 0");
            }
            case STAGE_COMPLETED -> {
                StageCompleted e = (StageCompleted) event;
                e.setAttempt(-2);
                e.setLatencyMs(-1);
                e.setCostMicroUsd(-1);
                return List.of(
                        "attempt must be >= 1, not -2",
                        "latency_ms must be >= 0",
                        "cost_micro_usd must be >= 0");
            }
            case STAGE_FAILED -> {
                StageFailed e = (StageFailed) event;
                e.setErrorClass("");
                return List.of("error_class must not be blank");
            }
            case VIDEO_RENDERED -> {
                VideoRendered e = (VideoRendered) event;
                e.setVideoId("v");
                e.setDurationMs(0);
                e.getRenditions().get(0).setBytes(0);
                e.getRenditions().get(0).setUri(" ");
                e.setTotalBytes(-1);
                return List.of(
                        "video_id must be a UUID, not 'v'",
                        "duration_ms must be > 0",
                        "total_bytes must be >= 0",
                        "rendition.bytes must be > 0, not 0",
                        "rendition.uri must not be blank");
            }
            case VIDEO_PUBLISHED -> {
                VideoPublished e = (VideoPublished) event;
                e.setJobId("1234");
                e.setPlatformVideoId("");
                e.setPublishedAt(0);
                return List.of(
                        "job_id must be a UUID, not '1234'",
                        "platform_video_id must not be blank",
                        "published_at must be epoch milliseconds > 0");
            }
            case ENGAGEMENT_OBSERVED -> {
                EngagementObserved e = (EngagementObserved) event;
                e.setPeriodStart(0);
                e.setPeriodEnd(-1);
                e.setViews(-1L);
                e.setEstimatedMinutesWatched(Double.NaN);
                e.setAverageViewPercentage(-0.5);
                e.setLikes(-3L);
                e.setSaved(-4L);
                return List.of(
                        "period_start must be epoch milliseconds > 0",
                        "period_end must not precede period_start",
                        "views must not be negative or NaN, not -1",
                        "estimatedMinutesWatched must not be negative or NaN, not NaN",
                        "averageViewPercentage must not be negative or NaN, not -0.5",
                        "likes must not be negative or NaN, not -3",
                        "saved must not be negative or NaN, not -4");
            }
            case BUDGET_BREACHED -> {
                BudgetBreached e = (BudgetBreached) event;
                e.setBudgetPeriod("");
                e.setBudgetMicroUsd(-1);
                e.setSpentMicroUsd(-2);
                return List.of(
                        "budget_period must not be blank",
                        "budget_micro_usd must be >= 0",
                        "spent_micro_usd must be at least the budget it breached");
            }
            case MODEL_PROMOTED -> {
                ModelPromoted e = (ModelPromoted) event;
                e.setModelName("");
                e.setModelVersion("");
                e.setArtifactUri("");
                e.setTrainingTableVersion(-1);
                return List.of(
                        "model_name must not be blank",
                        "model_version must not be blank",
                        "artifact_uri must not be blank",
                        "training_table_version must be >= 0");
            }
            case RECOMMENDATIONS_PUBLISHED -> {
                RecommendationsPublished e = (RecommendationsPublished) event;
                e.setPolicyVersion("");
                e.setRecommendationCount(-1);
                return List.of(
                        "policy_version must not be blank", "recommendation_count must be >= 0");
            }
            case TREND_DETECTED -> {
                TrendDetected e = (TrendDetected) event;
                e.setDimension("");
                e.setWindowEnd(e.getWindowStart());
                e.setEngagedViews(-1);
                return List.of(
                        "dimension must not be blank",
                        "window_end must be after window_start",
                        "engaged_views must be >= 0");
            }
            case DEAD_LETTER -> {
                DeadLetter e = (DeadLetter) event;
                e.setReason("");
                e.setSourceTopic(null);
                return List.of("reason must not be blank", "source_topic must not be blank");
            }
        }
        throw new IllegalArgumentException();
    }
}
