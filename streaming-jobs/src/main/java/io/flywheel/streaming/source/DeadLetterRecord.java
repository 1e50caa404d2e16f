package io.flywheel.streaming.source;

/**
 * A record that could not be decoded or validated, already encoded as a {@code DeadLetter} event
 * for {@code flywheel.dlq} (key = the source topic, value = single-object encoded Avro).
 */
public class DeadLetterRecord {
    public byte[] key;
    public byte[] value;
    public String failureKind;
    public String reason;

    public DeadLetterRecord() {}

    public DeadLetterRecord(byte[] key, byte[] value, String failureKind, String reason) {
        this.key = key;
        this.value = value;
        this.failureKind = failureKind;
        this.reason = reason;
    }
}
