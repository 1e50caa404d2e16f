package io.flywheel.streaming.source;

import io.flywheel.config.StreamingSettings;
import io.flywheel.schemas.EventType;
import io.flywheel.schemas.Topic;
import io.flywheel.streaming.Endpoints;
import io.flywheel.streaming.KafkaEndpoints;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The Kafka sources the jobs that follow engagement per arm share: engagement events, and content
 * requests with publications (the arms of videos), decoded with event-time watermarks. Each job
 * names its own consumer (dead letters), operator names and uids.
 */
public final class EventSources {
    private EventSources() {}

    /** {@code flywheel.engagement.events}: EngagementObserved. */
    public static DataStreamSource<Inbound> engagement(
            StreamExecutionEnvironment env,
            Endpoints e,
            StreamingSettings s,
            Duration watermarkStep,
            String consumer,
            String name,
            String uid) {
        return source(
                env,
                e,
                new Reading(s, watermarkStep, consumer, name, uid),
                List.of(Topic.ENGAGEMENT_EVENTS),
                "-engagement",
                EnumSet.of(EventType.ENGAGEMENT_OBSERVED));
    }

    /** {@code flywheel.content.requests} and {@code flywheel.publish.events}. */
    public static DataStreamSource<Inbound> arms(
            StreamExecutionEnvironment env,
            Endpoints e,
            StreamingSettings s,
            Duration watermarkStep,
            String consumer,
            String name,
            String uid) {
        return source(
                env,
                e,
                new Reading(s, watermarkStep, consumer, name, uid),
                List.of(Topic.CONTENT_REQUESTS, Topic.PUBLISH_EVENTS),
                "-arms",
                EnumSet.of(EventType.CONTENT_REQUESTED, EventType.VIDEO_PUBLISHED));
    }

    /** Who reads, and how the source is named. */
    private record Reading(
            StreamingSettings s,
            Duration watermarkStep,
            String consumer,
            String name,
            String uid) {}

    private static DataStreamSource<Inbound> source(
            StreamExecutionEnvironment env,
            Endpoints e,
            Reading r,
            List<Topic> topics,
            String groupSuffix,
            EnumSet<EventType> accepted) {
        DataStreamSource<Inbound> src =
                env.fromSource(
                        KafkaEndpoints.source(
                                e.bootstrapServers(),
                                topics.stream().map(e::topic).toList(),
                                e.groupId() + groupSuffix,
                                new InboundDeserializer(
                                        r.consumer(), accepted, EnumSet.noneOf(EventType.class)),
                                e.bounded()),
                        InboundWatermarks.strategy(
                                r.s().outOfOrderness(), r.watermarkStep(), r.s().idleness()),
                        r.name());
        src.uid(r.uid());
        if (e.sourceParallelism() > 0) {
            src.setParallelism(e.sourceParallelism());
        }
        return src;
    }
}
