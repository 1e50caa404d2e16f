package io.flywheel.batch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.batch.TestSpark;
import io.flywheel.batch.lake.Lake;
import io.flywheel.batch.synthetic.EventStream;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.schemas.EventProducer;
import io.flywheel.schemas.KafkaTopics;
import io.flywheel.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestJobTest {
    private static final String PREFIX = "ingest-test.";
    @TempDir Path dir;

    @Test
    void ingestingTwiceWritesEveryRecordExactlyOnce() throws Exception {
        SparkSession spark = TestSpark.session();
        String bootstrap = Ephemeral.kafka().spec().bootstrapServers();
        List<String> topics = Topic.allNames(PREFIX);
        KafkaTopics.ensure(bootstrap, topics, 2, (short) 1, 3_600_000L);
        EventStream stream = new EventStream(7, 1_700_000_000_000L);

        int first = send(bootstrap, stream.videos(20, 3));
        sendGarbage(bootstrap);
        Lake lake = new Lake(dir);
        IngestJob job = new IngestJob(spark, lake, bootstrap, topics);

        assertThat(job.run()).isEqualTo(first + 1);
        assertThat(job.run()).as("nothing new arrived").isZero();
        Dataset<Row> bronze = spark.read().format("delta").load(lake.table(Lake.BRONZE_EVENTS));
        assertThat(bronze.count()).isEqualTo(first + 1);

        int second = send(bootstrap, stream.videos(5, 3));
        assertThat(job.run()).isEqualTo(second);

        bronze = spark.read().format("delta").load(lake.table(Lake.BRONZE_EVENTS));
        long total = first + 1 + second;
        assertThat(bronze.count()).isEqualTo(total);
        assertThat(bronze.select("topic", "kafka_partition", "kafka_offset").distinct().count())
                .isEqualTo(total);
        assertThat(bronze.select("event_id").where("event_id is not null").distinct().count())
                .isEqualTo(total - 1);
        Row bad = bronze.where("event_type = '_undecodable'").first();
        assertThat(bad.<String>getAs("decode_error")).startsWith("BAD_HEADER");
        assertThat(bronze.groupBy("event_type").count().collectAsList())
                .extracting(r -> r.getString(0))
                .contains("ContentRequested", "VideoPublished", "EngagementObserved");
        assertThat(bronze.where("event_date is null").count()).isZero();
    }

    private static int send(
            String bootstrap, List<org.apache.avro.specific.SpecificRecord> events) {
        try (EventProducer producer = EventProducer.create(bootstrap, PREFIX, "ingest-test")) {
            List<java.util.concurrent.CompletableFuture<?>> acks = new java.util.ArrayList<>();
            for (var e : events) {
                acks.add(producer.send(e));
            }
            producer.flush();
            // Every record is acknowledged before ingesting, or the test fails here, not later.
            acks.forEach(java.util.concurrent.CompletableFuture::join);
        }
        return events.size();
    }

    private static void sendGarbage(String bootstrap) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        try (var producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(
                            new ProducerRecord<>(
                                    Topic.ENGAGEMENT_EVENTS.name(PREFIX),
                                    "00000000-0000-0000-0000-000000000000",
                                    "not avro".getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
    }
}
