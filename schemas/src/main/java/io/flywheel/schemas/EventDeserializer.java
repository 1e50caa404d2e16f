package io.flywheel.schemas;

import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer that never throws: a record that is not a valid event arrives as {@link
 * DecodeResult.Failed} with the reason and its bytes, instead of killing the consumer's poll loop.
 */
public class EventDeserializer implements Deserializer<DecodeResult> {
    private final EventCodec codec;

    public EventDeserializer() {
        this(EventCodec.standard());
    }

    public EventDeserializer(EventCodec codec) {
        this.codec = codec;
    }

    @Override
    public DecodeResult deserialize(String topic, byte[] data) {
        return codec.decode(data);
    }
}
