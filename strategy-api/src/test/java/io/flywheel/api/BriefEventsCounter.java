package io.flywheel.api;

import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.DecodeResult;
import io.flywheel.schemas.EventDeserializer;
import io.flywheel.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads every committed {@code ContentRequested} of the fixture's topic (read_committed, as the
 * render workers do) and keeps those of one brief: the events a renderer would act on.
 */
final class BriefEventsCounter {
    private BriefEventsCounter() {}

    /**
     * Reads until {@code expected} events of the brief arrived, then {@code quiet} longer so that
     * any extra (duplicate) event is counted too.
     */
    static List<ContentRequested> committed(
            ApiFixture f, String briefId, int expected, Duration quiet) {
        return committedByBrief(f, briefId, expected, quiet).getOrDefault(briefId, List.of());
    }

    /**
     * Every committed event of the topic by brief id, read until {@code expected} events of {@code
     * briefId} arrived and then {@code quiet} longer: events of other briefs written before those
     * have been read too.
     */
    static Map<String, List<ContentRequested>> committedByBrief(
            ApiFixture f, String briefId, int expected, Duration quiet) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, f.bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "count-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, List<ContentRequested>> byBrief = new HashMap<>();
        List<ContentRequested> seen = new ArrayList<>();
        try (KafkaConsumer<String, DecodeResult> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new EventDeserializer())) {
            c.subscribe(List.of(Topic.CONTENT_REQUESTS.name(f.prefix)));
            long deadline = System.currentTimeMillis() + 60_000;
            long quietUntil = Long.MAX_VALUE;
            while (System.currentTimeMillis() < Math.min(deadline, quietUntil)) {
                for (var rec : c.poll(Duration.ofMillis(300))) {
                    if (rec.value() instanceof DecodeResult.Decoded d
                            && d.event() instanceof ContentRequested e) {
                        byBrief.computeIfAbsent(e.getBriefId(), b -> new ArrayList<>()).add(e);
                        if (briefId.equals(e.getBriefId())) {
                            seen.add(e);
                        }
                    }
                }
                if (seen.size() >= expected && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.currentTimeMillis() + quiet.toMillis();
                }
            }
        }
        return byBrief;
    }
}
