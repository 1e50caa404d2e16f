package io.flywheel.publishers;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.publishers.youtube.Rows;
import io.flywheel.schemas.DecodeResult;
import io.flywheel.schemas.EngagementObserved;
import io.flywheel.schemas.Envelope;
import io.flywheel.schemas.EventDeserializer;
import io.flywheel.schemas.KafkaTopics;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.Topic;
import io.flywheel.schemas.VideoPublished;
import io.flywheel.schemas.VideoRendered;
import io.flywheel.store.PublicationStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jdbi.v3.core.Jdbi;

/** Fixtures of the analytics poller tests: published videos, and the increments read back. */
public final class EngagementEvents {
    private EngagementEvents() {}

    /** A video published on {@code platform} as {@code platformVideoId} at {@code at}. */
    public static String published(
            Jdbi jdbi, Rows rows, Platform platform, String platformVideoId, long at)
            throws Exception {
        VideoRendered v = rows.recorded(rows.rendered(rows.job(12), 1000));
        new PublicationStore(jdbi)
                .markPublished(
                        VideoPublished.newBuilder()
                                .setEnvelope(
                                        Envelope.newBuilder()
                                                .setEventId(UUID.randomUUID().toString())
                                                .setEventType("VideoPublished")
                                                .setEventTime(at)
                                                .setProducer("test")
                                                .setTraceId(v.getEnvelope().getTraceId())
                                                .build())
                                .setVideoId(v.getVideoId())
                                .setJobId(v.getJobId())
                                .setPlatform(platform)
                                .setPlatformVideoId(platformVideoId)
                                .setPublishedAt(at)
                                .setUrl("https://example.org/" + platformVideoId)
                                .build());
        return v.getVideoId();
    }

    /** A fresh topic prefix with its topics. */
    public static String prefix(String bootstrap) {
        String prefix = "eng" + UUID.randomUUID().toString().substring(0, 6) + ".";
        KafkaTopics.ensure(bootstrap, Topic.allNames(prefix), 1, (short) 1, 86_400_000L);
        return prefix;
    }

    /** Every increment on the engagement topic, once {@code atLeast} arrived and 2 s passed. */
    public static List<EngagementObserved> read(String bootstrap, String prefix, int atLeast) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<EngagementObserved> out = new ArrayList<>();
        try (KafkaConsumer<String, DecodeResult> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new EventDeserializer())) {
            c.subscribe(List.of(Topic.ENGAGEMENT_EVENTS.name(prefix)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (ConsumerRecord<String, DecodeResult> r : c.poll(Duration.ofMillis(200))) {
                    EngagementObserved e = r.value().eventAs(EngagementObserved.class);
                    assertThat(r.key()).isEqualTo(e.getVideoId());
                    out.add(e);
                }
                if (out.size() >= atLeast && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                }
            }
        }
        return out;
    }
}
