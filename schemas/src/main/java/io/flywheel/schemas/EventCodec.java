package io.flywheel.schemas;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes events as Avro single-object encoding ({@code C3 01}, the writer schema's 8-byte
 * CRC-64-AVRO fingerprint little-endian, then the Avro binary body), and decodes any message whose
 * fingerprint names a known writer schema (the current one or any released version) into the
 * current generated class. Decoding never throws: bad bytes come back as {@link
 * DecodeResult.Failed} with the reason, so a consumer can send them to the DLQ and carry on.
 * Thread-safe.
 */
public final class EventCodec {
    /**
     * Avro's fast reader builds a decoding plan once per writer and reader schema instead of
     * interpreting both schemas for every record: decoding was a quarter of the streaming job's
     * CPU. The allocation limits of the binary decoder apply all the same.
     */
    private static final SpecificData DATA =
            (SpecificData)
                    new SpecificData(EventCodec.class.getClassLoader()).setFastReaderEnabled(true);

    static final byte MARKER_0 = (byte) 0xC3;
    static final byte MARKER_1 = (byte) 0x01;
    static final int HEADER_LENGTH = 10;

    static {
        AvroLimits.apply();
    }

    private record Reader(
            EventType type, Schema writer, SpecificDatumReader<SpecificRecord> reader) {}

    private final Map<Long, Reader> readers = new HashMap<>();
    private final Map<EventType, BinaryMessageEncoder<SpecificRecord>> encoders =
            new EnumMap<>(EventType.class);
    private final EventValidator validator = new EventValidator();

    private EventCodec(Map<EventType, List<Schema>> olderWriters) {
        for (EventType type : EventType.values()) {
            Schema current = type.schema();
            encoders.put(type, new BinaryMessageEncoder<>(SpecificData.get(), current));
            register(type, current);
            for (Schema older : olderWriters.getOrDefault(type, List.of())) {
                register(type, older);
            }
        }
    }

    /** The codec for production: current schemas plus every released version. */
    public static EventCodec standard() {
        Map<EventType, List<Schema>> released = new EnumMap<>(EventType.class);
        for (EventType type : EventType.values()) {
            released.put(type, ReleasedSchemas.of(type));
        }
        return new EventCodec(released);
    }

    /** A codec that also reads the given older writer schemas (for tools and tests). */
    public static EventCodec withWriters(Map<EventType, List<Schema>> olderWriters) {
        return new EventCodec(olderWriters);
    }

    private void register(EventType type, Schema writer) {
        long fp = SchemaNormalization.parsingFingerprint64(writer);
        SpecificDatumReader<SpecificRecord> reader =
                new SpecificDatumReader<>(writer, type.schema(), DATA);
        readers.putIfAbsent(fp, new Reader(type, writer, reader));
    }

    /** Single-object encoding of a valid event; an invalid one is refused with the reasons. */
    public byte[] encode(SpecificRecord event) {
        List<String> problems = validator.problems(event);
        if (!problems.isEmpty()) {
            throw new InvalidEventException(event.getClass().getSimpleName(), problems);
        }
        try {
            ByteBuffer buf = encoders.get(EventType.of(event)).encode(event);
            byte[] out = new byte[buf.remaining()];
            buf.get(out);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + event.getClass(), e);
        }
    }

    public DecodeResult decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return new DecodeResult.Failed(FailureKind.EMPTY, "no bytes", bytes);
        }
        if (bytes.length < HEADER_LENGTH) {
            return new DecodeResult.Failed(
                    FailureKind.BAD_HEADER,
                    "too short for single-object encoding: " + bytes.length + " bytes",
                    bytes);
        }
        if (bytes[0] != MARKER_0 || bytes[1] != MARKER_1) {
            return new DecodeResult.Failed(
                    FailureKind.BAD_HEADER,
                    String.format(
                            "not Avro single-object encoding: starts with %02X %02X, not C3 01",
                            bytes[0], bytes[1]),
                    bytes);
        }
        long fp = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        Reader r = readers.get(fp);
        if (r == null) {
            return new DecodeResult.Failed(
                    FailureKind.UNKNOWN_SCHEMA,
                    String.format("no known schema has fingerprint %016x", fp),
                    bytes);
        }
        SpecificRecord event;
        try {
            BinaryDecoder in =
                    DecoderFactory.get()
                            .binaryDecoder(
                                    bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH, null);
            event = r.reader().read(null, in);
            if (!in.isEnd()) {
                return new DecodeResult.Failed(
                        FailureKind.CORRUPT_BODY,
                        r.type().recordName() + " body has trailing bytes",
                        bytes);
            }
        } catch (IOException | RuntimeException | StackOverflowError e) {
            return new DecodeResult.Failed(
                    FailureKind.CORRUPT_BODY,
                    r.type().recordName() + " body does not decode: " + describe(e),
                    bytes);
        }
        List<String> problems = validator.problems(event);
        if (!problems.isEmpty()) {
            return new DecodeResult.Failed(
                    FailureKind.INVALID,
                    r.type().recordName() + " is invalid: " + String.join("; ", problems),
                    bytes);
        }
        return new DecodeResult.Decoded(r.type(), event);
    }

    /** The fingerprint that a message of the current schema of {@code type} starts with. */
    /**
     * The failure's class and message, but only the class for the exceptions the JVM raises itself
     * (index, null, cast, arithmetic): once hot, those are thrown without a message
     * (OmitStackTraceInFastThrow), and the same bytes must always give the same DLQ reason.
     */
    static String describe(Throwable e) {
        String name = e.getClass().getSimpleName();
        boolean implicit =
                e instanceof IndexOutOfBoundsException
                        || e instanceof NullPointerException
                        || e instanceof ClassCastException
                        || e instanceof ArithmeticException
                        || e instanceof ArrayStoreException;
        return implicit || e.getMessage() == null ? name : name + ": " + e.getMessage();
    }

    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }
}
