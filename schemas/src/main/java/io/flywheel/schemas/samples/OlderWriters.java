package io.flywheel.schemas.samples;

import io.flywheel.schemas.EventType;
import io.flywheel.schemas.ReleasedSchemas;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Messages as a producer still on an older released version of a schema writes them (fields added
 * since are left out), for tests that old messages in Kafka and the lake are still read.
 */
public final class OlderWriters {
    private OlderWriters() {}

    /**
     * {@code event} single-object encoded with released version {@code version} (1-based) of its
     * type's schema.
     */
    public static byte[] encode(SpecificRecord event, int version) {
        Schema current = event.getSchema();
        List<Schema> released = ReleasedSchemas.of(EventType.of(event));
        Schema writer = released.get(version - 1);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<SpecificRecord>(current).write(event, enc);
            enc.flush();
            GenericRecord old =
                    new GenericDatumReader<GenericRecord>(current, writer)
                            .read(
                                    null,
                                    DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
            ByteBuffer b =
                    new BinaryMessageEncoder<GenericRecord>(GenericData.get(), writer).encode(old);
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
