package io.flywheel.schemas;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Every event Flywheel writes: its generated class, the topic it goes to and the key it is
 * partitioned by (content and render events by job id, publish and engagement events by video id).
 */
public enum EventType {
    CONTENT_REQUESTED(
            ContentRequested.class, Topic.CONTENT_REQUESTS, e -> ((ContentRequested) e).getJobId()),
    STAGE_STARTED(StageStarted.class, Topic.RENDER_EVENTS, e -> ((StageStarted) e).getJobId()),
    STAGE_COMPLETED(
            StageCompleted.class, Topic.RENDER_EVENTS, e -> ((StageCompleted) e).getJobId()),
    STAGE_FAILED(StageFailed.class, Topic.RENDER_EVENTS, e -> ((StageFailed) e).getJobId()),
    VIDEO_RENDERED(VideoRendered.class, Topic.RENDER_EVENTS, e -> ((VideoRendered) e).getJobId()),
    VIDEO_PUBLISHED(
            VideoPublished.class, Topic.PUBLISH_EVENTS, e -> ((VideoPublished) e).getVideoId()),
    ENGAGEMENT_OBSERVED(
            EngagementObserved.class,
            Topic.ENGAGEMENT_EVENTS,
            e -> ((EngagementObserved) e).getVideoId()),
    BUDGET_BREACHED(
            BudgetBreached.class, Topic.CONTROL, e -> ((BudgetBreached) e).getBudgetPeriod()),
    MODEL_PROMOTED(ModelPromoted.class, Topic.CONTROL, e -> ((ModelPromoted) e).getModelName()),
    RECOMMENDATIONS_PUBLISHED(
            RecommendationsPublished.class,
            Topic.CONTROL,
            e -> ((RecommendationsPublished) e).getPolicyVersion()),
    TREND_DETECTED(
            TrendDetected.class,
            Topic.CONTROL,
            e -> {
                TrendDetected t = (TrendDetected) e;
                return t.getPlatform() + "/" + t.getDimension() + "/" + t.getValue();
            }),
    DEAD_LETTER(DeadLetter.class, Topic.DLQ, e -> ((DeadLetter) e).getSourceTopic());

    private static final Map<Class<?>, EventType> BY_CLASS =
            Arrays.stream(values()).collect(Collectors.toMap(t -> t.type, t -> t));

    private final Class<? extends SpecificRecord> type;
    private final Topic topic;
    private final Function<SpecificRecord, String> key;

    EventType(
            Class<? extends SpecificRecord> type,
            Topic topic,
            Function<SpecificRecord, String> key) {
        this.type = type;
        this.topic = topic;
        this.key = key;
    }

    public Class<? extends SpecificRecord> type() {
        return type;
    }

    public Topic topic() {
        return topic;
    }

    /** The record name, which is also the envelope's {@code event_type}. */
    public String recordName() {
        return type.getSimpleName();
    }

    public Schema schema() {
        return SchemaOf.specific(type);
    }

    public String keyOf(SpecificRecord event) {
        return key.apply(event);
    }

    public static EventType of(SpecificRecord event) {
        EventType t = BY_CLASS.get(event.getClass());
        if (t == null) {
            throw new IllegalArgumentException("not a Flywheel event: " + event.getClass());
        }
        return t;
    }
}
