package io.flywheel.batch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.batch.TestSpark;
import io.flywheel.batch.lake.Lake;
import io.flywheel.batch.lake.LakeStorage;
import io.flywheel.batch.synthetic.EventStream;
import io.flywheel.config.StorageSettings;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.schemas.EventProducer;
import io.flywheel.schemas.KafkaTopics;
import io.flywheel.schemas.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The ingest stream with the lake in an S3 bucket (the local S3 server), as on the cluster profile:
 * its checkpoint and the bronze table are objects in the bucket, and a second run resumes from the
 * checkpoint. (Spark's default checkpoint file manager failed here with "No such file or directory:
 * s3a://…/_checkpoints/ingest", since a bucket has no directory to create the checkpoint's first
 * file in.)
 */
class IngestToBucketTest {
    private static final String PREFIX = "ingest-s3.";

    @Test
    void theIngestCheckpointsInTheBucketAndResumes() throws Exception {
        StorageSettings base = Ephemeral.s3().spec().storage();
        StorageSettings storage =
                new StorageSettings(
                        base.url() + "/ingest-" + UUID.randomUUID().toString().substring(0, 8),
                        base.s3Endpoint(),
                        base.s3Region(),
                        base.s3PathStyle(),
                        base.s3AccessKey(),
                        base.s3SecretKey(),
                        base.s3ServerPort());
        SparkSession spark = TestSpark.session().newSession();
        for (Map.Entry<String, String> e : LakeStorage.sparkConf(storage).entrySet()) {
            if (e.getKey().startsWith("spark.hadoop.")) {
                spark.sparkContext()
                        .hadoopConfiguration()
                        .set(e.getKey().substring("spark.hadoop.".length()), e.getValue());
            } else {
                spark.conf().set(e.getKey(), e.getValue());
            }
        }
        String bootstrap = Ephemeral.kafka().spec().bootstrapServers();
        List<String> topics = Topic.allNames(PREFIX);
        KafkaTopics.ensure(bootstrap, topics, 2, (short) 1, 3_600_000L);
        EventStream stream = new EventStream(11, 1_700_000_000_000L);
        Lake lake = new Lake(storage.url("s3a", "lake"));
        assertThat(lake.ingestCheckpoint()).startsWith("s3a://");
        IngestJob job = new IngestJob(spark, lake, bootstrap, topics);

        int first = send(bootstrap, stream.videos(6, 2));
        assertThat(job.run()).isEqualTo(first);
        int second = send(bootstrap, stream.videos(3, 2));
        assertThat(job.run()).as("resumed from the checkpoint in the bucket").isEqualTo(second);
        assertThat(spark.read().format("delta").load(lake.table(Lake.BRONZE_EVENTS)).count())
                .isEqualTo(first + second);
    }

    private static int send(
            String bootstrap, List<org.apache.avro.specific.SpecificRecord> events) {
        try (EventProducer producer = EventProducer.create(bootstrap, PREFIX, "ingest-s3")) {
            List<CompletableFuture<?>> acks = new ArrayList<>();
            for (var e : events) {
                acks.add(producer.send(e));
            }
            producer.flush();
            acks.forEach(CompletableFuture::join);
        }
        return events.size();
    }
}
