package io.flywheel.streaming.trends;

import io.flywheel.schemas.Envelopes;
import io.flywheel.schemas.EventCodec;
import io.flywheel.schemas.EventType;
import io.flywheel.schemas.TrendDetected;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a trend's onset as a {@code TrendDetected} event on {@code flywheel.control}, keyed by
 * {@code platform/dimension/value}. The event id is derived from the key and the window, so a
 * replay after recovery writes the same event (consumers de-duplicate by event id).
 */
public final class TrendDetectedSerializer implements KafkaRecordSerializationSchema<TrendWindow> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private transient EventCodec codec;

    public TrendDetectedSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public void open(
            SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        codec = EventCodec.standard();
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            TrendWindow w, KafkaSinkContext context, Long timestamp) {
        if (codec == null) {
            codec = EventCodec.standard();
        }
        TrendDetected e = event(w);
        return new ProducerRecord<>(
                topic,
                EventType.TREND_DETECTED.keyOf(e).getBytes(StandardCharsets.UTF_8),
                codec.encode(e));
    }

    /** The event of a trend's onset window. */
    public static TrendDetected event(TrendWindow w) {
        String identity = w.platform + "/" + w.dimension + "/" + w.value + "@" + w.windowEnd;
        var envelope =
                Envelopes.create(
                        TrendDetected.class,
                        Envelopes.producerName(TrendJob.NAME),
                        UUID.nameUUIDFromBytes(
                                        ("trace:" + identity).getBytes(StandardCharsets.UTF_8))
                                .toString(),
                        w.windowEnd);
        envelope.setEventId(
                UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)).toString());
        return TrendDetected.newBuilder()
                .setEnvelope(envelope)
                .setPlatform(w.platform)
                .setDimension(w.dimension)
                .setValue(w.value)
                .setArmKey(w.armKey)
                .setWindowStart(w.windowStart)
                .setWindowEnd(w.windowEnd)
                .setEngagedViews(w.engagedViews)
                .setBaselineMean(w.baselineMean)
                .setBaselineSd(w.baselineSd)
                .setZScore(w.zScore)
                .build();
    }
}
