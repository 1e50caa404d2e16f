package io.flywheel.schemas;

import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/** What became of a message's bytes: an event, or a failure with the reason and the bytes. */
public sealed interface DecodeResult {

    /** A decoded, valid event, and the type it was decoded as. */
    record Decoded(EventType type, SpecificRecord event) implements DecodeResult {
        public Decoded {
            Objects.requireNonNull(type);
            Objects.requireNonNull(event);
        }
    }

    /** Bytes that are not a valid event; the original bytes are kept for the DLQ. */
    record Failed(FailureKind kind, String reason, byte[] bytes) implements DecodeResult {
        public Failed {
            Objects.requireNonNull(kind);
            Objects.requireNonNull(reason);
        }

        @Override
        public String toString() {
            return "Failed[" + kind + ": " + reason + "]";
        }
    }

    default boolean isDecoded() {
        return this instanceof Decoded;
    }

    /** The event if decoded as {@code type}, else an exception naming what happened instead. */
    default <T extends SpecificRecord> T eventAs(Class<T> type) {
        if (this instanceof Decoded d && type.isInstance(d.event())) {
            return type.cast(d.event());
        }
        throw new IllegalStateException("expected " + type.getSimpleName() + " but got " + this);
    }
}
