package io.flywheel.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.embedded.Ephemeral;
import io.flywheel.schemas.samples.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every event type through the real broker and back; garbage arrives as a typed failure. */
class EventKafkaRoundTripTest {
    private static String bootstrap;
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final String PREFIX = "rt" + RUN + ".";
    private static final String GARBAGE_PREFIX = "garbage" + RUN + ".";

    @BeforeAll
    static void topics() {
        bootstrap = Ephemeral.kafka().spec().bootstrapServers();
        KafkaTopics.ensure(bootstrap, Topic.allNames(PREFIX), 3, (short) 1, 86_400_000L);
        KafkaTopics.ensure(bootstrap, Topic.allNames(GARBAGE_PREFIX), 1, (short) 1, 86_400_000L);
    }

    @Test
    void everyEventTypeGoesThroughTheBrokerToItsTopicWithItsKey() throws Exception {
        List<SpecificRecord> sent = new SampleEvents(11, System.currentTimeMillis()).oneOfEach();
        try (EventProducer producer = EventProducer.create(bootstrap, PREFIX, "roundtrip-test")) {
            for (SpecificRecord e : sent) {
                producer.send(e).get(30, TimeUnit.SECONDS);
            }
        }

        List<ConsumerRecord<String, DecodeResult>> received = readAll(sent.size());

        assertThat(received).hasSize(sent.size());
        for (ConsumerRecord<String, DecodeResult> r : received) {
            SpecificRecord event = ((DecodeResult.Decoded) r.value()).event();
            EventType type = EventType.of(event);
            assertThat(r.topic()).isEqualTo(type.topic().name(PREFIX));
            assertThat(r.key()).isEqualTo(type.keyOf(event));
        }
        assertThat(received.stream().map(r -> ((DecodeResult.Decoded) r.value()).event()))
                .containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void garbageOnATopicArrivesAsAFailureWithItsBytesAndTheConsumerGoesOn() throws Exception {
        String topic = Topic.ENGAGEMENT_EVENTS.name(GARBAGE_PREFIX);
        byte[] garbage = "definitely not avro".getBytes(StandardCharsets.UTF_8);
        SpecificRecord good = new SampleEvents(12, System.currentTimeMillis()).oneOfEach().get(6);
        Properties p = EventProducer.properties(bootstrap, "garbage-test");
        try (KafkaProducer<byte[], byte[]> raw =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(topic, "k".getBytes(), garbage)).get();
            raw.send(
                            new ProducerRecord<>(
                                    topic, "k".getBytes(), EventCodec.standard().encode(good)))
                    .get();
        }

        List<ConsumerRecord<String, DecodeResult>> got = new ArrayList<>();
        try (KafkaConsumer<String, DecodeResult> c = consumer()) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200))
                        .forEach(
                                r -> {
                                    if ("k".equals(r.key())) {
                                        got.add(r);
                                    }
                                });
                if (got.size() >= 2) {
                    break;
                }
            }
        }
        assertThat(got).hasSize(2);
        DecodeResult.Failed failed = (DecodeResult.Failed) got.get(0).value();
        assertThat(failed.kind()).isEqualTo(FailureKind.BAD_HEADER);
        assertThat(failed.bytes()).isEqualTo(garbage);
        assertThat(got.get(1).value().eventAs(EngagementObserved.class)).isEqualTo(good);

        DeadLetter dl =
                DeadLetters.of(
                        failed,
                        "roundtrip-test",
                        topic,
                        got.get(0).partition(),
                        got.get(0).offset(),
                        null,
                        System.currentTimeMillis());
        assertThat(
                        EventCodec.standard()
                                .decode(EventCodec.standard().encode(dl))
                                .eventAs(DeadLetter.class)
                                .getReason())
                .contains("not Avro single-object encoding");
    }

    private List<ConsumerRecord<String, DecodeResult>> readAll(int expected) {
        List<ConsumerRecord<String, DecodeResult>> out = new ArrayList<>();
        try (KafkaConsumer<String, DecodeResult> c = consumer()) {
            c.subscribe(Topic.allNames(PREFIX));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (out.size() < expected && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private static KafkaConsumer<String, DecodeResult> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(p, new StringDeserializer(), new EventDeserializer());
    }
}
