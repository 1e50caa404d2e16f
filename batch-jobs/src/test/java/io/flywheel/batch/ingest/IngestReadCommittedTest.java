package io.flywheel.batch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.batch.TestSpark;
import io.flywheel.batch.lake.Lake;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.schemas.EngagementObserved;
import io.flywheel.schemas.Envelope;
import io.flywheel.schemas.EventCodec;
import io.flywheel.schemas.KafkaTopics;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records of aborted Kafka transactions are in the log (a plain consumer sees them) but never reach
 * bronze: committed transactions, an aborted one, and an aborted one interleaved with a committed
 * one from a second producer, on two partitions.
 */
class IngestReadCommittedTest {
    private static final int FIRST_COMMITTED = 30;
    private static final int ABORTED = 20;
    private static final int INTERLEAVED_COMMITTED = 25;
    private static final int INTERLEAVED_ABORTED = 15;
    private static final int LAST_COMMITTED = 10;

    @TempDir Path dir;

    private final EventCodec codec = EventCodec.standard();
    private final Set<String> committed = new HashSet<>();
    private final Set<String> aborted = new HashSet<>();

    @Test
    void abortedTransactionsNeverReachBronze() throws Exception {
        SparkSession spark = TestSpark.session();
        String bootstrap = Ephemeral.kafka().spec().bootstrapServers();
        String prefix = "ingest-txn-" + UUID.randomUUID().toString().substring(0, 6) + ".";
        List<String> topics = Topic.allNames(prefix);
        KafkaTopics.ensure(bootstrap, topics, 2, (short) 1, 3_600_000L);
        String topic = Topic.ENGAGEMENT_EVENTS.name(prefix);

        try (KafkaProducer<byte[], byte[]> a = transactional(bootstrap, prefix + "a");
                KafkaProducer<byte[], byte[]> b = transactional(bootstrap, prefix + "b")) {
            a.beginTransaction();
            send(a, topic, FIRST_COMMITTED, committed);
            a.commitTransaction();

            a.beginTransaction();
            send(a, topic, ABORTED, aborted);
            a.flush(); // in the log, then rolled back
            a.abortTransaction();

            // Two open transactions whose records alternate in the log; one commits, one aborts.
            a.beginTransaction();
            b.beginTransaction();
            for (int i = 0; i < INTERLEAVED_COMMITTED; i++) {
                send(a, topic, 1, committed);
                a.flush();
                if (i < INTERLEAVED_ABORTED) {
                    send(b, topic, 1, aborted);
                    b.flush();
                }
            }
            a.commitTransaction();
            b.abortTransaction();

            a.beginTransaction();
            send(a, topic, LAST_COMMITTED, committed);
            a.commitTransaction();
        }
        int n = FIRST_COMMITTED + INTERLEAVED_COMMITTED + LAST_COMMITTED;
        int m = ABORTED + INTERLEAVED_ABORTED;
        assertThat(committed).hasSize(n);
        assertThat(aborted).hasSize(m);
        assertThat(readUncommitted(bootstrap, topic))
                .as("the aborted records are really in the log")
                .isEqualTo(n + m);

        Lake lake = new Lake(dir);
        IngestJob job = new IngestJob(spark, lake, bootstrap, topics);
        assertThat(job.run()).isEqualTo(n);

        Dataset<Row> bronze = spark.read().format("delta").load(lake.table(Lake.BRONZE_EVENTS));
        assertThat(bronze.count()).isEqualTo(n);
        List<String> ids =
                bronze.select("event_id")
                        .as(org.apache.spark.sql.Encoders.STRING())
                        .collectAsList();
        assertThat(new HashSet<>(ids)).isEqualTo(committed);
        assertThat(ids).doesNotContainAnyElementsOf(aborted);
        assertThat(bronze.where("event_type = '_undecodable'").count()).isZero();
    }

    private static KafkaProducer<byte[], byte[]> transactional(String bootstrap, String id) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        producer.initTransactions();
        return producer;
    }

    private void send(
            KafkaProducer<byte[], byte[]> producer, String topic, int count, Set<String> ids) {
        for (int i = 0; i < count; i++) {
            EngagementObserved e = engagement();
            ids.add(e.getEnvelope().getEventId());
            producer.send(
                    new ProducerRecord<>(
                            topic,
                            e.getVideoId().getBytes(StandardCharsets.UTF_8),
                            codec.encode(e)));
        }
    }

    private static EngagementObserved engagement() {
        long now = System.currentTimeMillis();
        return EngagementObserved.newBuilder()
                .setEnvelope(
                        Envelope.newBuilder()
                                .setEventId(UUID.randomUUID().toString())
                                .setEventType("EngagementObserved")
                                .setEventTime(now)
                                .setProducer("ingest-read-committed-test")
                                .setTraceId(UUID.randomUUID().toString())
                                .build())
                .setVideoId(UUID.randomUUID().toString())
                .setPlatform(Platform.TIKTOK)
                .setPlatformVideoId("pv")
                .setPeriodStart(now - 60_000)
                .setPeriodEnd(now)
                .setViews(3L)
                .build();
    }

    /** Data records in the log, aborted ones included (control markers are never returned). */
    private static int readUncommitted(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            c.partitionsFor(topic)
                    .forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
            c.assign(parts);
            c.seekToBeginning(parts);
            var end = c.endOffsets(parts);
            int records = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    records++;
                }
            }
            return records;
        }
    }
}
