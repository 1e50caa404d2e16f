package io.flywheel.render.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.config.FlywheelConfig;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.DeadLetter;
import io.flywheel.schemas.EventProducer;
import io.flywheel.schemas.RenditionSpec;
import io.flywheel.schemas.Stage;
import io.flywheel.schemas.StageStarted;
import io.flywheel.schemas.Topic;
import io.flywheel.schemas.VideoRendered;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A slot loop killed by an unexpected exception in the middle of a commit is restarted by the
 * worker: the job is delivered again, resumes from its checkpoints and is committed once.
 */
class SlotRestartTest {
    @TempDir Path data;

    @Test
    void aSlotThatDiesIsRestartedAndItsJobCommittedOnce() throws Exception {
        String bootstrap = Ephemeral.kafka().spec().bootstrapServers();
        String prefix = RenderWorkerTest.topics(bootstrap);
        FlywheelConfig config = RenderWorkerTest.config(data, bootstrap, prefix, Map.of());
        AtomicBoolean thrown = new AtomicBoolean();
        RenderWorkerMain.Running worker =
                RenderWorkerMain.start(
                        config,
                        "restart",
                        rec -> {
                            if (thrown.compareAndSet(false, true)) {
                                throw new UnsupportedOperationException("injected slot failure");
                            }
                        });
        try (EventProducer producer = EventProducer.create(bootstrap, prefix, "test");
                TopicReader render = new TopicReader(bootstrap, Topic.RENDER_EVENTS.name(prefix));
                TopicReader dlq = new TopicReader(bootstrap, Topic.DLQ.name(prefix))) {
            ContentRequested job =
                    Requests.of("science", 6, "Restart", List.of(new RenditionSpec("v", 360, 640)));
            producer.send(job).get();
            render.until(
                    ev -> ev.stream().anyMatch(VideoRendered.class::isInstance),
                    Duration.ofMinutes(3));
            render.drain(Duration.ofSeconds(5));
            dlq.drain(Duration.ofSeconds(2));

            assertThat(thrown).isTrue();
            assertThat(worker.counters().slotRestarts()).isEqualTo(1);
            assertThat(worker.slotsAlive()).isEqualTo(1);
            assertThat(worker.slotLost()).isFalse();
            assertThat(render.of(VideoRendered.class))
                    .extracting(VideoRendered::getJobId)
                    .containsExactly(job.getJobId());
            assertThat(dlq.of(DeadLetter.class)).isEmpty();
            // The second delivery resumed: assembly ran once.
            assertThat(render.of(StageStarted.class))
                    .filteredOn(s -> s.getStage() == Stage.ASSEMBLY)
                    .hasSize(1);
            assertThat(GroupOffsets.committed(bootstrap, prefix)).isEqualTo(1);
        } finally {
            worker.stop();
        }
    }
}
