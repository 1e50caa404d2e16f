package io.flywheel.render.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.config.FlywheelConfig;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.DeadLetter;
import io.flywheel.schemas.EventProducer;
import io.flywheel.schemas.RenditionSpec;
import io.flywheel.schemas.StageFailed;
import io.flywheel.schemas.Topic;
import io.flywheel.schemas.VideoRendered;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job longer than the job timeout is failed with the reason, and the worker carries on. */
class JobTimeoutTest {
    @TempDir Path data;

    @Test
    void aJobPastItsDeadlineFailsAndTheSlotTakesTheNextRecord() throws Exception {
        String bootstrap = Ephemeral.kafka().spec().bootstrapServers();
        String prefix = RenderWorkerTest.topics(bootstrap);
        FlywheelConfig config =
                RenderWorkerTest.config(
                        data, bootstrap, prefix, Map.of("render.job.timeout.s", "2"));
        RenderWorkerMain.Running worker = RenderWorkerMain.start(config, "slow");
        try (EventProducer producer = EventProducer.create(bootstrap, prefix, "test");
                TopicReader render = new TopicReader(bootstrap, Topic.RENDER_EVENTS.name(prefix));
                TopicReader dlq = new TopicReader(bootstrap, Topic.DLQ.name(prefix));
                KafkaProducer<String, byte[]> raw =
                        new KafkaProducer<>(
                                props(bootstrap),
                                new StringSerializer(),
                                new ByteArraySerializer())) {
            ContentRequested job =
                    Requests.of("fitness", 20, null, List.of(new RenditionSpec("v", 720, 1280)));
            // Same key, same partition: the junk record is only read after the job is done with.
            producer.send(job).get();
            raw.send(
                            new ProducerRecord<>(
                                    Topic.CONTENT_REQUESTS.name(prefix),
                                    job.getJobId(),
                                    new byte[] {1, 2, 3}))
                    .get();

            dlq.until(ev -> ev.size() >= 2, Duration.ofMinutes(1));
            List<DeadLetter> dead = dlq.of(DeadLetter.class);
            assertThat(dead)
                    .extracting(DeadLetter::getFailureKind)
                    .containsExactly("JOB_FAILED", "BAD_HEADER");
            assertThat(dead.get(0).getReason()).contains(job.getJobId()).contains("timed out");
            render.drain(Duration.ofSeconds(2));
            assertThat(render.of(StageFailed.class))
                    .anySatisfy(f -> assertThat(f.getErrorClass()).isEqualTo("job_timeout"));
            assertThat(render.of(VideoRendered.class)).isEmpty();
        } finally {
            worker.stop();
        }
    }

    static Properties props(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        return p;
    }
}
