package io.flywheel.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flywheel.schemas.samples.SampleEvents;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class EventCodecTest {
    private final EventCodec codec = EventCodec.standard();
    private final SampleEvents samples = new SampleEvents(7, 1_763_700_000_000L);

    @Test
    void everyEventTypeRoundTrips() {
        List<SpecificRecord> events = samples.oneOfEach();
        assertThat(events)
                .extracting(e -> EventType.of(e))
                .containsExactlyInAnyOrder(EventType.values());
        for (SpecificRecord e : events) {
            DecodeResult r = codec.decode(codec.encode(e));
            assertThat(r).isInstanceOf(DecodeResult.Decoded.class);
            assertThat(((DecodeResult.Decoded) r).event()).isEqualTo(e);
            assertThat(((DecodeResult.Decoded) r).type()).isEqualTo(EventType.of(e));
        }
    }

    @Test
    void bytesAreStandardSingleObjectEncoding() {
        for (SpecificRecord e : samples.oneOfEach()) {
            byte[] bytes = codec.encode(e);
            assertThat(bytes[0]).isEqualTo((byte) 0xC3);
            assertThat(bytes[1]).isEqualTo((byte) 0x01);
            long fp = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertThat(fp).isEqualTo(SchemaNormalization.parsingFingerprint64(e.getSchema()));
        }
    }

    /**
     * Any Avro implementation with only the released .avsc file of the version a message was
     * written with (the latest) can read our messages.
     */
    @Test
    void aPlainGenericAvroReaderWithTheAvscFileDecodesTheBody() throws Exception {
        for (SpecificRecord e : samples.oneOfEach()) {
            EventType type = EventType.of(e);
            Path avsc =
                    Path.of(
                            "src/main/resources",
                            ReleasedSchemas.resourceName(
                                    type.recordName(), ReleasedSchemas.of(type).size()));
            Schema fromFile = new Schema.Parser().parse(Files.readString(avsc));
            byte[] bytes = codec.encode(e);
            GenericRecord g =
                    new GenericDatumReader<GenericRecord>(fromFile)
                            .read(
                                    null,
                                    DecoderFactory.get()
                                            .binaryDecoder(bytes, 10, bytes.length - 10, null));
            GenericRecord env = (GenericRecord) g.get("envelope");
            assertThat(env.get("event_id").toString()).isEqualTo(Envelopes.of(e).getEventId());
            assertThat(env.get("event_type").toString()).isEqualTo(type.recordName());
        }
    }

    /**
     * A message written by an older version of a schema (here: an older ContentRequested without
     * the experiment fields, and with the fields in another order) decodes into today's class, with
     * the defaults filled in.
     */
    @Test
    void decodesAMessageWrittenWithAnEarlierSchemaVersion() throws Exception {
        Schema current = ContentRequested.getClassSchema();
        Schema older = olderContentRequested(current);
        EventCodec withHistory =
                EventCodec.withWriters(Map.of(EventType.CONTENT_REQUESTED, List.of(older)));
        ContentRequested now = (ContentRequested) samples.oneOfEach().get(0);

        GenericRecord oldRecord = new GenericData.Record(older);
        for (Schema.Field f : older.getFields()) {
            oldRecord.put(
                    f.name(), GenericData.get().deepCopy(f.schema(), toGeneric(now, f.name())));
        }
        byte[] bytes = singleObject(older, oldRecord);

        assertThat(codec.decode(bytes))
                .as("the standard codec has never seen this writer")
                .isInstanceOfSatisfying(
                        DecodeResult.Failed.class,
                        f -> assertThat(f.kind()).isEqualTo(FailureKind.UNKNOWN_SCHEMA));
        ContentRequested decoded = withHistory.decode(bytes).eventAs(ContentRequested.class);
        assertThat(decoded.getJobId()).isEqualTo(now.getJobId());
        assertThat(decoded.getParameters()).isEqualTo(now.getParameters());
        assertThat(decoded.getSelectionProbability()).isEqualTo(now.getSelectionProbability());
        assertThat(decoded.getExperimentId()).isNull();
        assertThat(decoded.getExperimentArm()).isNull();
    }

    /**
     * A content request written before videos had a language (ContentRequested v1) reads as
     * English, and a rendered video written before hashtags were carried (VideoRendered v2) has
     * none.
     */
    @Test
    void eventsWrittenBeforeTheLanguageAndHashtagsReadWithTheirDefaults() throws Exception {
        ContentRequested request = null;
        VideoRendered rendered = null;
        for (SpecificRecord e : samples.oneOfEach()) {
            if (e instanceof ContentRequested c) {
                request = ContentRequested.newBuilder(c).build();
            } else if (e instanceof VideoRendered v) {
                rendered = VideoRendered.newBuilder(v).build();
            }
        }
        request.getParameters().setVideoLocale(VideoLocale.ES_ES);
        rendered.setHashtags(List.of("#recetas"));
        Schema v1 = ReleasedSchemas.of(EventType.CONTENT_REQUESTED).get(0);
        Schema v2 = ReleasedSchemas.of(EventType.VIDEO_RENDERED).get(1);
        assertThat(v1.getField("parameters").schema().getField("video_locale")).isNull();
        assertThat(v2.getField("hashtags")).isNull();

        ContentRequested oldRequest =
                codec.decode(singleObject(v1, toGenericRecord(request, v1)))
                        .eventAs(ContentRequested.class);
        VideoRendered oldRendered =
                codec.decode(singleObject(v2, toGenericRecord(rendered, v2)))
                        .eventAs(VideoRendered.class);

        assertThat(oldRequest.getParameters().getVideoLocale()).isEqualTo(VideoLocale.EN_US);
        assertThat(oldRequest.getJobId()).isEqualTo(request.getJobId());
        assertThat(oldRendered.getHashtags()).isEmpty();
        assertThat(oldRendered.getTitle()).isEqualTo(rendered.getTitle());
        // Written today, both survive.
        assertThat(
                        codec.decode(codec.encode(request))
                                .eventAs(ContentRequested.class)
                                .getParameters()
                                .getVideoLocale())
                .isEqualTo(VideoLocale.ES_ES);
        assertThat(codec.decode(codec.encode(rendered)).eventAs(VideoRendered.class).getHashtags())
                .containsExactly("#recetas");
    }

    /** Each released version of each event decodes through the standard codec. */
    @Test
    void everyReleasedVersionDecodes() throws Exception {
        for (SpecificRecord e : samples.oneOfEach()) {
            EventType type = EventType.of(e);
            for (Schema released : ReleasedSchemas.of(type)) {
                GenericRecord g =
                        (GenericRecord)
                                GenericData.get().deepCopy(released, toGenericRecord(e, released));
                DecodeResult r = codec.decode(singleObject(released, g));
                assertThat(r.isDecoded()).as(type + " " + r).isTrue();
            }
        }
    }

    @Test
    void garbageBecomesAFailureWithAReasonNeverAnException() {
        byte[] valid = codec.encode(samples.oneOfEach().get(6));
        byte[] unknownFp = valid.clone();
        unknownFp[5] ^= 0x5A;
        byte[] truncated = Arrays.copyOf(valid, valid.length - 7);
        byte[] trailing = Arrays.copyOf(valid, valid.length + 3);

        assertFailure(null, FailureKind.EMPTY, "no bytes");
        assertFailure(new byte[0], FailureKind.EMPTY, "no bytes");
        assertFailure("hello".getBytes(), FailureKind.BAD_HEADER, "too short");
        assertFailure(
                "{\"json\": \"not avro\"}".getBytes(), FailureKind.BAD_HEADER, "starts with 7B 22");
        assertFailure(unknownFp, FailureKind.UNKNOWN_SCHEMA, "no known schema has fingerprint");
        assertFailure(
                truncated, FailureKind.CORRUPT_BODY, "EngagementObserved body does not decode");
        assertFailure(trailing, FailureKind.CORRUPT_BODY, "trailing bytes");
    }

    @Test
    void anEventThatBreaksTheContractIsRefusedOnWriteAndFlaggedOnRead() throws Exception {
        EngagementObserved bad = (EngagementObserved) samples.oneOfEach().get(6);
        bad.setLikes(-3L);
        bad.getEnvelope().setEventId("not-a-uuid");

        assertThatThrownBy(() -> codec.encode(bad))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("likes must not be negative")
                .hasMessageContaining("envelope.event_id must be a UUID");

        byte[] bytes = singleObject(bad.getSchema(), toGenericRecord(bad, bad.getSchema()));
        assertFailure(bytes, FailureKind.INVALID, "likes must not be negative");
    }

    /** Random corruption of valid messages never throws, never hangs, never allocates wildly. */
    @Test
    void fuzzedMessagesNeverEscapeAsExceptions() {
        Random rnd = new Random(42);
        List<byte[]> valid = samples.oneOfEach().stream().map(codec::encode).toList();
        int decoded = 0;
        int failed = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] b = valid.get(rnd.nextInt(valid.size())).clone();
            int flips = 1 + rnd.nextInt(4);
            for (int k = 0; k < flips; k++) {
                int pos = 10 + rnd.nextInt(b.length - 10);
                b[pos] = (byte) rnd.nextInt(256);
            }
            if (rnd.nextInt(4) == 0) {
                b = Arrays.copyOf(b, 10 + rnd.nextInt(b.length - 9));
            }
            DecodeResult r = codec.decode(b);
            if (r.isDecoded()) {
                decoded++;
            } else {
                failed++;
                assertThat(((DecodeResult.Failed) r).reason()).isNotBlank();
            }
        }
        assertThat(decoded + failed).isEqualTo(20_000);
        assertThat(failed).isGreaterThan(1_000);
    }

    private void assertFailure(byte[] bytes, FailureKind kind, String reasonPart) {
        DecodeResult r = codec.decode(bytes);
        assertThat(r).isInstanceOf(DecodeResult.Failed.class);
        DecodeResult.Failed f = (DecodeResult.Failed) r;
        assertThat(f.kind()).isEqualTo(kind);
        assertThat(f.reason()).contains(reasonPart);
        if (bytes != null && bytes.length > 0) {
            assertThat(f.bytes()).isEqualTo(bytes);
        }
    }

    /** ContentRequested as it might have looked before the experiment fields existed. */
    private static Schema olderContentRequested(Schema current) {
        List<Schema.Field> fields =
                current.getFields().stream()
                        .filter(f -> !f.name().startsWith("experiment_"))
                        .map(f -> new Schema.Field(f, f.schema()))
                        .collect(java.util.stream.Collectors.toList());
        java.util.Collections.reverse(fields);
        return Schema.createRecord(
                current.getName(), current.getDoc(), current.getNamespace(), false, fields);
    }

    private static Object toGeneric(SpecificRecord e, String field) {
        return e.get(e.getSchema().getField(field).pos());
    }

    private static GenericRecord toGenericRecord(SpecificRecord e, Schema schema) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new org.apache.avro.specific.SpecificDatumWriter<SpecificRecord>(e.getSchema())
                .write(e, enc);
        enc.flush();
        return new GenericDatumReader<GenericRecord>(e.getSchema(), schema)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    }

    private static byte[] singleObject(Schema writer, GenericRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xC3);
        out.write(0x01);
        out.write(
                ByteBuffer.allocate(8)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putLong(SchemaNormalization.parsingFingerprint64(writer))
                        .array());
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(writer).write(record, enc);
        enc.flush();
        return out.toByteArray();
    }
}
