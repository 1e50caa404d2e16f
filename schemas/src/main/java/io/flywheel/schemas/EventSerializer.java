package io.flywheel.schemas;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serializer: single-object encoding through the standard {@link EventCodec}. */
public class EventSerializer implements Serializer<SpecificRecord> {
    private final EventCodec codec;

    public EventSerializer() {
        this(EventCodec.standard());
    }

    public EventSerializer(EventCodec codec) {
        this.codec = codec;
    }

    @Override
    public byte[] serialize(String topic, SpecificRecord event) {
        return event == null ? null : codec.encode(event);
    }
}
