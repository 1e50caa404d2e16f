package io.flywheel.batch;

import io.flywheel.schemas.DecodeResult;
import io.flywheel.schemas.EventDeserializer;
import io.flywheel.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads everything on a test's control topic from the beginning. */
public final class ControlTopic {
    private ControlTopic() {}

    public static <T extends SpecificRecord> List<T> read(
            String bootstrap, String prefix, Class<T> type, int atLeast) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("group.id", "test-" + UUID.randomUUID());
        p.put("auto.offset.reset", "earliest");
        List<T> out = new ArrayList<>();
        try (var consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new EventDeserializer())) {
            consumer.subscribe(List.of(Topic.CONTROL.name(prefix)));
            long deadline = System.currentTimeMillis() + 30_000;
            while (out.size() < atLeast && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, DecodeResult> r :
                        consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() instanceof DecodeResult.Decoded d && type.isInstance(d.event())) {
                        out.add(type.cast(d.event()));
                    }
                }
            }
        }
        return out;
    }
}
