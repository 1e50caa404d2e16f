package io.flywheel.schemas;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends events to their topic, keyed the way {@link EventType} says, with idempotence on and {@code
 * acks=all}: a retried send is never written twice and an acknowledged one is on every in-sync
 * replica. Invalid events are refused before anything is sent.
 */
public final class EventProducer implements AutoCloseable {
    private final Producer<String, SpecificRecord> producer;
    private final String topicPrefix;

    public EventProducer(Producer<String, SpecificRecord> producer, String topicPrefix) {
        this.producer = producer;
        this.topicPrefix = topicPrefix;
    }

    public static EventProducer create(
            String bootstrapServers, String topicPrefix, String clientId) {
        return new EventProducer(
                new KafkaProducer<>(
                        properties(bootstrapServers, clientId),
                        new StringSerializer(),
                        new EventSerializer()),
                topicPrefix);
    }

    /** The producer settings Flywheel uses; exposed so other writers can match them. */
    public static Properties properties(String bootstrapServers, String clientId) {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        c.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        c.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Duration.ofMinutes(2).toMillis());
        Properties p = new Properties();
        p.putAll(c);
        return p;
    }

    /** Sends one event; the future completes when the broker has acknowledged it. */
    public CompletableFuture<RecordMetadata> send(SpecificRecord event) {
        EventType type = EventType.of(event);
        CompletableFuture<RecordMetadata> done = new CompletableFuture<>();
        ProducerRecord<String, SpecificRecord> record =
                new ProducerRecord<>(type.topic().name(topicPrefix), type.keyOf(event), event);
        producer.send(
                record,
                (metadata, error) -> {
                    if (error != null) {
                        done.completeExceptionally(error);
                    } else {
                        done.complete(metadata);
                    }
                });
        return done;
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
