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
import java.util.concurrent.atomic.AtomicInteger;
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

    @Test
    void aSlotThatKeepsDyingGivesUpAndTheWorkerSaysItLostASlot() throws Exception {
        String bootstrap = Ephemeral.kafka().spec().bootstrapServers();
        String prefix = RenderWorkerTest.topics(bootstrap);
        FlywheelConfig config = RenderWorkerTest.config(data, bootstrap, prefix, Map.of());
        AtomicInteger thrown = new AtomicInteger();
        RenderWorkerMain.Running worker =
                RenderWorkerMain.start(
                        config,
                        "crash-loop",
                        rec -> {
                            thrown.incrementAndGet();
                            throw new UnsupportedOperationException("injected slot failure");
                        });
        try (EventProducer producer = EventProducer.create(bootstrap, prefix, "test");
                TopicReader render = new TopicReader(bootstrap, Topic.RENDER_EVENTS.name(prefix))) {
            ContentRequested job =
                    Requests.of("science", 6, "Loop", List.of(new RenditionSpec("v", 360, 640)));
            producer.send(job).get();
            long end = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (worker.slotsAlive() > 0 && System.nanoTime() < end) {
                Thread.sleep(250);
            }
            render.drain(Duration.ofSeconds(2));

            // Five deaths in a row: four restarts, then the slot gives up and the worker says so
            // (its main() then exits with status 70 for the supervisor to start a new process).
            assertThat(worker.slotsAlive()).isZero();
            assertThat(worker.slotLost()).isTrue();
            assertThat(thrown).hasValue(SlotSupervisor.MAX_QUICK_DEATHS);
            assertThat(worker.counters().slotRestarts())
                    .isEqualTo(SlotSupervisor.MAX_QUICK_DEATHS - 1);
            // Nothing was committed: the job stays queued for the next worker.
            assertThat(render.of(VideoRendered.class)).isEmpty();
            assertThat(GroupOffsets.committed(bootstrap, prefix)).isZero();
        } finally {
            worker.stop();
        }
    }
}
