package io.flywheel.schemas;

import java.nio.ByteBuffer;
import java.util.UUID;

/** Turns a record that failed to decode into a {@link DeadLetter} for {@link Topic#DLQ}. */
public final class DeadLetters {
    private DeadLetters() {}

    /**
     * @param consumer who gave up on the record, e.g. {@code engagement-kpi-job}
     * @param key the record's original key bytes, or null
     */
    public static DeadLetter of(
            DecodeResult.Failed failed,
            String consumer,
            String sourceTopic,
            int partition,
            long offset,
            byte[] key,
            long now) {
        // A record that could not be decoded has no trace of its own; a fresh one ties its logs.
        Envelope env =
                Envelopes.create(
                        DeadLetter.class,
                        Envelopes.producerName(consumer),
                        UUID.randomUUID().toString(),
                        now);
        return DeadLetter.newBuilder()
                .setEnvelope(env)
                .setConsumer(consumer)
                .setSourceTopic(sourceTopic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setFailureKind(failed.kind().name())
                .setReason(failed.reason())
                .setOriginalKey(key == null ? null : ByteBuffer.wrap(key))
                .setOriginalValue(failed.bytes() == null ? null : ByteBuffer.wrap(failed.bytes()))
                .build();
    }
}
