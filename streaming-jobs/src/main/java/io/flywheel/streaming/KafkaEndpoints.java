package io.flywheel.streaming;

import io.flywheel.streaming.source.DeadLetterRecord;
import io.flywheel.streaming.source.DeadLetterSerializer;
import io.flywheel.streaming.source.Inbound;
import io.flywheel.streaming.source.InboundDeserializer;
import java.util.List;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Builds the Kafka sources and exactly-once sinks of the jobs. Sources read committed data only and
 * start from the committed group offsets (or the earliest, the first time); in bounded mode (tests,
 * benchmarks) they stop at the offsets that were the latest when the job started.
 */
public final class KafkaEndpoints {
    /** The broker's maximum; Flink's default (1 h) is refused by a default broker. */
    static final String TRANSACTION_TIMEOUT_MS = "900000";

    private KafkaEndpoints() {}

    public static KafkaSource<Inbound> source(
            String bootstrap,
            List<String> topics,
            String groupId,
            InboundDeserializer deserializer,
            boolean bounded) {
        KafkaSourceBuilder<Inbound> b =
                KafkaSource.<Inbound>builder()
                        .setBootstrapServers(bootstrap)
                        .setTopics(topics)
                        .setGroupId(groupId)
                        .setDeserializer(deserializer)
                        .setStartingOffsets(
                                OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                        .setProperty("isolation.level", "read_committed")
                        .setProperty("commit.offsets.on.checkpoint", "true");
        if (bounded) {
            b.setBounded(OffsetsInitializer.latest());
        }
        return b.build();
    }

    public static <T> KafkaSink<T> exactlyOnceSink(
            String bootstrap, String transactionalIdPrefix, KafkaRecordSerializationSchema<T> s) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(bootstrap)
                .setRecordSerializer(s)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS)
                .build();
    }

    public static KafkaSink<DeadLetterRecord> deadLetterSink(
            String bootstrap, String dlqTopic, String transactionalIdPrefix) {
        return exactlyOnceSink(
                bootstrap, transactionalIdPrefix + "-dlq", new DeadLetterSerializer(dlqTopic));
    }
}
