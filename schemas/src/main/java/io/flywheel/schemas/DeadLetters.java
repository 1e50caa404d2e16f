package io.flywheel.schemas;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.UUID;

/**
 * Turns a record that failed to decode into a {@link DeadLetter} for {@link Topic#DLQ}. Every
 * producer of dead letters goes through here, so each letter is bounded: the original key and value
 * are cut to their first {@link #MAX_ORIGINAL_BYTES} bytes and the reason to {@link
 * #MAX_REASON_CHARS} characters. A letter is then at most ~150 KB, far below Kafka's default 1 MiB
 * message limit, so a huge poison record can never make the DLQ write fail (and with it, the
 * consumer that is getting rid of it).
 */
public final class DeadLetters {
    /** 64 KiB: enough of the original to see what it was; said in DeadLetter's schema doc. */
    public static final int MAX_ORIGINAL_BYTES = 64 * 1024;

    /** A reason longer than this (an invalid field's value is quoted in it) is cut. */
    public static final int MAX_REASON_CHARS = 4 * 1024;

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
                .setReason(reason(failed.reason(), key, failed.bytes()))
                .setOriginalKey(original(key))
                .setOriginalValue(original(failed.bytes()))
                .build();
    }

    /** The first {@link #MAX_ORIGINAL_BYTES} of an original key or value, or null. */
    public static ByteBuffer original(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        return ByteBuffer.wrap(
                bytes.length <= MAX_ORIGINAL_BYTES
                        ? bytes
                        : Arrays.copyOf(bytes, MAX_ORIGINAL_BYTES));
    }

    /**
     * The reason, cut to {@link #MAX_REASON_CHARS}, saying when the original key or value was cut
     * (the DLQ reader must not mistake the first 64 KiB for the whole record).
     */
    public static String reason(String reason, byte[] key, byte[] value) {
        String r = reason;
        if (r.length() > MAX_REASON_CHARS) {
            r = r.substring(0, MAX_REASON_CHARS) + "… (reason cut at " + MAX_REASON_CHARS + ")";
        }
        r += truncation("value", value);
        r += truncation("key", key);
        return r;
    }

    private static String truncation(String what, byte[] bytes) {
        if (bytes == null || bytes.length <= MAX_ORIGINAL_BYTES) {
            return "";
        }
        return "; original "
                + what
                + " truncated from "
                + bytes.length
                + " to "
                + MAX_ORIGINAL_BYTES
                + " bytes";
    }
}
