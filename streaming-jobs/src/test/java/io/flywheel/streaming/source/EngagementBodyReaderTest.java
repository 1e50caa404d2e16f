package io.flywheel.streaming.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.schemas.EngagementObserved;
import io.flywheel.schemas.Envelope;
import io.flywheel.schemas.EventCodec;
import io.flywheel.schemas.EventType;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.ReleasedSchemas;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The hand-written reader against the codec it short-cuts: on generated events, on contract
 * violations and on corrupted bytes, {@link InboundDeserializer} with it must produce exactly what
 * it produces with the codec alone (the same engagement, or the same dead letter and reason).
 */
class EngagementBodyReaderTest {
    private static final String TOPIC = "flywheel.engagement.events";
    private static final EventCodec CODEC = EventCodec.standard();
    private static final BinaryMessageEncoder<EngagementObserved> RAW =
            new BinaryMessageEncoder<>(SpecificData.get(), EngagementObserved.getClassSchema());

    private final InboundDeserializer fast = deserializer(true);
    private final InboundDeserializer codecOnly = deserializer(false);
    private final EngagementBodyReader reader = new EngagementBodyReader();

    @Test
    void knowsTheCurrentSchemaAndLeavesOtherWriterSchemasToTheCodec() throws Exception {
        assertThat(reader.enabled()).isTrue();
        assertThat(EngagementBodyReader.shape(EngagementObserved.getClassSchema()))
                .isEqualTo(EngagementBodyReader.SHAPE);
        // A released version with another fingerprint would be read by the codec only.
        for (Schema released : ReleasedSchemas.of(EventType.ENGAGEMENT_OBSERVED)) {
            if (EventCodec.fingerprint(released)
                    != EventCodec.fingerprint(EngagementObserved.getClassSchema())) {
                byte[] b = raw(valid(new Random(1)));
                ByteBuffer.wrap(b, 2, 8)
                        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                        .putLong(EventCodec.fingerprint(released));
                assertThat(reader.read(b)).isNull();
            }
        }
    }

    @Test
    void validEventsAreReadDirectlyAndEqualWhatTheCodecGives() throws Exception {
        Random rnd = new Random(42);
        int direct = 0;
        for (int i = 0; i < 20_000; i++) {
            EngagementObserved e = valid(rnd);
            byte[] bytes = bytes(e);
            if (reader.read(bytes) != null) {
                direct++;
            }
            assertSameOutput(bytes);
        }
        // Only the rare long varints (values of 2^62 and above) are left to the codec.
        assertThat(direct).isGreaterThan(19_000);
    }

    @Test
    void contractViolationsGoToTheCodecAndGetItsReason() throws Exception {
        Random rnd = new Random(7);
        List<EngagementObserved> bad = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            EngagementObserved e = valid(rnd);
            switch (i % 20) {
                case 0 -> e.setViews(-1L);
                case 1 -> e.setEstimatedMinutesWatched(Double.NaN);
                case 2 -> e.setAverageViewDuration(-0.5);
                case 3 -> e.getEnvelope().setProducer(" \t ");
                case 4 -> e.getEnvelope().setProducer("");
                case 5 -> e.getEnvelope().setEventType("VideoPublished");
                case 6 -> e.getEnvelope().setEventId("not-a-uuid");
                case 7 -> e.getEnvelope().setTraceId(e.getEnvelope().getTraceId() + "x");
                case 8 -> e.setVideoId("0123456789abcdef0123456789abcdef0123");
                case 9 -> e.setPeriodEnd(e.getPeriodStart() - 1);
                case 10 -> e.getEnvelope().setEventTime(0);
                case 11 -> e.setPeriodStart(-5);
                case 12 -> e.setPlatformVideoId("\u2003");
                case 13 -> e.setSaved(-3L);
                case 14 -> e.setAverageViewPercentage(Double.NEGATIVE_INFINITY);
                case 15 -> e.setSubscribersLost(Long.MIN_VALUE);
                // Valid, but in forms the reader leaves to the codec:
                case 16 -> e.setVideoId("+1234567-89ab-cdef-0123-456789abcdef");
                case 17 -> e.setPlatformVideoId("\u00e9t\u00e9");
                case 18 -> e.setImpressions(Long.MAX_VALUE);
                default -> e.getEnvelope().setEventId("g0000000-0000-0000-0000-000000000000");
            }
            bad.add(e);
        }
        int deadLetters = 0;
        for (EngagementObserved e : bad) {
            byte[] bytes = raw(e);
            assertSameOutput(bytes);
            if (out(codecOnly, bytes).isDeadLetter()) {
                deadLetters++;
                assertThat(reader.read(bytes)).isNull();
            }
        }
        assertThat(deadLetters).isEqualTo(2 * 17);
    }

    @Test
    void corruptedBytesGiveTheSameResultAsTheCodec() throws Exception {
        Random rnd = new Random(3);
        int readDirectly = 0;
        for (int i = 0; i < 30_000; i++) {
            byte[] b = bytes(valid(rnd));
            switch (rnd.nextInt(5)) {
                case 0 -> b = Arrays.copyOf(b, 10 + rnd.nextInt(b.length - 10));
                case 1 -> b = Arrays.copyOf(b, b.length + 1 + rnd.nextInt(4));
                case 2 -> {
                    for (int k = rnd.nextInt(3); k >= 0; k--) {
                        b[10 + rnd.nextInt(b.length - 10)] = (byte) rnd.nextInt(256);
                    }
                }
                case 3 -> b[10 + rnd.nextInt(b.length - 10)] ^= (byte) (1 << rnd.nextInt(8));
                default -> {
                    int at = 10 + rnd.nextInt(b.length - 10);
                    byte[] c = new byte[b.length - 1];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                    b = c;
                }
            }
            if (reader.read(b) != null) {
                readDirectly++;
            }
            assertSameOutput(b);
        }
        // Some corruptions still form a valid event (a changed digit of a count): both read it.
        assertThat(readDirectly).isPositive();
    }

    @Test
    void otherMessagesAreLeftToTheCodec() {
        assertThat(reader.read(null)).isNull();
        assertThat(reader.read(new byte[0])).isNull();
        assertThat(reader.read("{\"not\":\"avro\"}".getBytes())).isNull();
        byte[] b = bytes(valid(new Random(5)));
        b[9] ^= 1; // another fingerprint
        assertThat(reader.read(b)).isNull();
    }

    private void assertSameOutput(byte[] bytes) throws Exception {
        Inbound a = out(fast, bytes);
        Inbound b = out(codecOnly, bytes);
        if (b.isDeadLetter()) {
            assertThat(a.isDeadLetter()).as("dead letter for %s", Arrays.toString(bytes)).isTrue();
            assertThat(a.deadLetter.failureKind).isEqualTo(b.deadLetter.failureKind);
            assertThat(a.deadLetter.reason).isEqualTo(b.deadLetter.reason);
        } else {
            assertThat(a.engagement).as("engagement for %s", Arrays.toString(bytes)).isNotNull();
            assertThat(a.engagement)
                    .usingRecursiveComparison()
                    .ignoringFields("videoIdText")
                    .isEqualTo(b.engagement);
            assertThat(a.eventTime).isEqualTo(b.eventTime);
        }
    }

    private static Inbound out(InboundDeserializer d, byte[] bytes) throws Exception {
        List<Inbound> got = new ArrayList<>();
        d.deserialize(new ConsumerRecord<>(TOPIC, 0, 0L, null, bytes), new ListCollector<>(got));
        assertThat(got).hasSize(1);
        return got.get(0);
    }

    private static InboundDeserializer deserializer(boolean fastPath) {
        InboundDeserializer d =
                new InboundDeserializer(
                        "test", Set.of(EventType.ENGAGEMENT_OBSERVED), Set.<EventType>of());
        d.fastEngagement = fastPath;
        d.open(null);
        return d;
    }

    /** Encoded without the codec's validation, so invalid events can be written. */
    private static byte[] raw(EngagementObserved e) throws Exception {
        ByteBuffer buf = RAW.encode(e);
        byte[] b = new byte[buf.remaining()];
        buf.get(b);
        return b;
    }

    private static byte[] bytes(EngagementObserved e) {
        return CODEC.encode(e);
    }

    /** A valid event with every optional field sometimes absent and values of every size. */
    private static EngagementObserved valid(Random rnd) {
        long time = 1_700_000_000_000L + rnd.nextInt(1_000_000_000);
        String eventId = new UUID(rnd.nextLong(), rnd.nextLong()).toString();
        String videoId = new UUID(rnd.nextLong(), rnd.nextLong()).toString();
        if (rnd.nextInt(10) == 0) {
            videoId = videoId.toUpperCase(Locale.ROOT);
        }
        return EngagementObserved.newBuilder()
                .setEnvelope(
                        Envelope.newBuilder()
                                .setEventId(eventId)
                                .setEventType("EngagementObserved")
                                .setEventTime(time)
                                .setProducer(rnd.nextBoolean() ? "sim@host" : " x ")
                                .setTraceId(new UUID(rnd.nextLong(), rnd.nextLong()).toString())
                                .build())
                .setVideoId(videoId)
                .setPlatform(Platform.values()[rnd.nextInt(Platform.values().length)])
                .setPlatformVideoId(rnd.nextBoolean() ? "pv-" + rnd.nextInt(1000) : "é-1")
                .setPeriodStart(time - rnd.nextInt(120_000))
                .setPeriodEnd(time)
                .setViews(count(rnd))
                .setEngagedViews(count(rnd))
                .setEstimatedMinutesWatched(amount(rnd))
                .setAverageViewDuration(amount(rnd))
                .setAverageViewPercentage(amount(rnd))
                .setLikes(count(rnd))
                .setComments(count(rnd))
                .setShares(count(rnd))
                .setSubscribersGained(count(rnd))
                .setSubscribersLost(count(rnd))
                .setImpressions(count(rnd))
                .setReach(count(rnd))
                .setSaved(count(rnd))
                .setEstimatedRevenueMicroUsd(count(rnd))
                .build();
    }

    private static Long count(Random rnd) {
        return switch (rnd.nextInt(8)) {
            case 0 -> null;
            case 1 -> 0L;
            case 2 -> (long) rnd.nextInt(100);
            case 3 -> rnd.nextLong() >>> (1 + rnd.nextInt(63));
            default -> (long) rnd.nextInt(100_000);
        };
    }

    private static Double amount(Random rnd) {
        return switch (rnd.nextInt(6)) {
            case 0 -> null;
            case 1 -> 0.0;
            case 2 -> -0.0;
            default -> rnd.nextDouble() * 500;
        };
    }
}
