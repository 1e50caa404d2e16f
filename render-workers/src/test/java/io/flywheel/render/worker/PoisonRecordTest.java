package io.flywheel.render.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.config.FlywheelConfig;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.DeadLetter;
import io.flywheel.schemas.DeadLetters;
import io.flywheel.schemas.EventProducer;
import io.flywheel.schemas.RenditionSpec;
import io.flywheel.schemas.Topic;
import io.flywheel.schemas.VideoRendered;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1,000,000-byte garbage record on the request topic is dead-lettered with its reason and its
 * first 64 KiB, and the slot renders the job behind it on the same partition.
 */
class PoisonRecordTest {
    @TempDir Path data;

    @Test
    void aOneMegabyteGarbageRecordIsDeadLetteredCutAndTheNextJobRenders() throws Exception {
        String bootstrap = Ephemeral.kafka().spec().bootstrapServers();
        String prefix = RenderWorkerTest.topics(bootstrap);
        FlywheelConfig config = RenderWorkerTest.config(data, bootstrap, prefix, Map.of());
        byte[] garbage = new byte[1_000_000];
        new Random(18).nextBytes(garbage);
        garbage[0] = 0x42; // not the Avro single-object marker: a BAD_HEADER
        ContentRequested job =
                Requests.of(
                        "tech", 6, "After the poison", List.of(new RenditionSpec("v", 360, 640)));
        RenderWorkerMain.Running worker = RenderWorkerMain.start(config, "poison");
        try (EventProducer producer = EventProducer.create(bootstrap, prefix, "test");
                KafkaProducer<String, byte[]> raw =
                        new KafkaProducer<>(
                                RenderWorkerTest.props(bootstrap),
                                new StringSerializer(),
                                new ByteArraySerializer());
                TopicReader render = new TopicReader(bootstrap, Topic.RENDER_EVENTS.name(prefix));
                TopicReader dlq = new TopicReader(bootstrap, Topic.DLQ.name(prefix))) {
            // Same key as the job: the same partition, so the job waits behind the poison.
            raw.send(
                            new ProducerRecord<>(
                                    Topic.CONTENT_REQUESTS.name(prefix), job.getJobId(), garbage))
                    .get();
            producer.send(job).get();

            render.until(
                    ev -> ev.stream().anyMatch(VideoRendered.class::isInstance),
                    Duration.ofMinutes(3));
            render.drain(Duration.ofSeconds(5));
            dlq.drain(Duration.ofSeconds(3));

            List<DeadLetter> dead = dlq.of(DeadLetter.class);
            assertThat(dead).hasSize(1);
            DeadLetter d = dead.get(0);
            assertThat(d.getFailureKind()).isEqualTo("BAD_HEADER");
            assertThat(d.getConsumer()).isEqualTo("render-worker");
            assertThat(d.getSourceTopic()).isEqualTo(Topic.CONTENT_REQUESTS.name(prefix));
            assertThat(d.getReason())
                    .contains("original value truncated from 1000000 to 65536 bytes");
            ByteBuffer kept = d.getOriginalValue();
            assertThat(kept.remaining()).isEqualTo(DeadLetters.MAX_ORIGINAL_BYTES);
            byte[] keptBytes = new byte[kept.remaining()];
            kept.get(keptBytes);
            assertThat(keptBytes).isEqualTo(Arrays.copyOf(garbage, 65_536));

            assertThat(render.of(VideoRendered.class))
                    .extracting(VideoRendered::getJobId)
                    .containsExactly(job.getJobId());
            assertThat(GroupOffsets.committed(bootstrap, prefix)).isEqualTo(2);
            assertThat(worker.slotsAlive()).isEqualTo(1);
            assertThat(worker.counters().clientRecoveries()).isZero();
        } finally {
            worker.stop();
        }
    }
}
