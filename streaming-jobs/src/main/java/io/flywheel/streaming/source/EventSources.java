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
        DataStreamSource<Inbound> src =
                env.fromSource(
                        KafkaEndpoints.source(
                                e.bootstrapServers(),
                                List.of(e.topic(Topic.ENGAGEMENT_EVENTS)),
                                e.groupId() + "-engagement",
                                new InboundDeserializer(
                                        consumer,
                                        EnumSet.of(EventType.ENGAGEMENT_OBSERVED),
                                        EnumSet.noneOf(EventType.class)),
                                e.bounded()),
                        InboundWatermarks.strategy(s.outOfOrderness(), watermarkStep, s.idleness()),
                        name);
        src.uid(uid);
        return withParallelism(src, e);
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
        DataStreamSource<Inbound> src =
                env.fromSource(
                        KafkaEndpoints.source(
                                e.bootstrapServers(),
                                List.of(
                                        e.topic(Topic.CONTENT_REQUESTS),
                                        e.topic(Topic.PUBLISH_EVENTS)),
                                e.groupId() + "-arms",
                                new InboundDeserializer(
                                        consumer,
                                        EnumSet.of(
                                                EventType.CONTENT_REQUESTED,
                                                EventType.VIDEO_PUBLISHED),
                                        EnumSet.noneOf(EventType.class)),
                                e.bounded()),
                        InboundWatermarks.strategy(s.outOfOrderness(), watermarkStep, s.idleness()),
                        name);
        src.uid(uid);
        return withParallelism(src, e);
    }

    private static DataStreamSource<Inbound> withParallelism(
            DataStreamSource<Inbound> src, Endpoints e) {
        if (e.sourceParallelism() > 0) {
            src.setParallelism(e.sourceParallelism());
        }
        return src;
    }
}
