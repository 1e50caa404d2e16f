package io.flywheel.render.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.config.FlywheelConfig;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.EventProducer;
import io.flywheel.schemas.RenditionSpec;
import io.flywheel.schemas.Stage;
import io.flywheel.schemas.StageCompleted;
import io.flywheel.schemas.StageStarted;
import io.flywheel.schemas.Topic;
import io.flywheel.schemas.VideoRendered;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker process killed (SIGKILL) in the middle of a job, and another one started: the job is
 * finished by the second worker, resuming after the stages the first one completed, and exactly one
 * VideoRendered is committed for it.
 */
class WorkerCrashTest {
    @TempDir Path data;

    @Test
    void killedWorkerMidJobYieldsExactlyOneVideoRendered() throws Exception {
        String bootstrap = Ephemeral.kafka().spec().bootstrapServers();
        String prefix = RenderWorkerTest.topics(bootstrap);
        Process first = startWorkerProcess(bootstrap, prefix, "first");
        try (EventProducer producer = EventProducer.create(bootstrap, prefix, "test");
                TopicReader render = new TopicReader(bootstrap, Topic.RENDER_EVENTS.name(prefix))) {
            ContentRequested job =
                    Requests.of(
                            "travel", 10, "Crash test", List.of(new RenditionSpec("v", 540, 960)));
            producer.send(job).get();

            // Kill the first worker as soon as it has finished narrating, mid-job.
            render.until(
                    ev ->
                            ev.stream()
                                    .anyMatch(
                                            e ->
                                                    e instanceof StageCompleted c
                                                            && c.getJobId().equals(job.getJobId())
                                                            && c.getStage() == Stage.NARRATION),
                    Duration.ofMinutes(2));
            first.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(render.of(VideoRendered.class)).isEmpty();

            FlywheelConfig config = RenderWorkerTest.config(data, bootstrap, prefix, Map.of());
            RenderWorkerMain.Running second = RenderWorkerMain.start(config, "second");
            try {
                render.until(
                        ev -> ev.stream().anyMatch(VideoRendered.class::isInstance),
                        Duration.ofMinutes(3));
                render.drain(Duration.ofSeconds(8));
            } finally {
                second.stop();
            }
            List<VideoRendered> videos = render.of(VideoRendered.class);
            assertThat(videos).hasSize(1);
            assertThat(videos.get(0).getJobId()).isEqualTo(job.getJobId());
            // The second worker resumed: script and narration were started once, by the first.
            assertThat(
                            render.of(StageStarted.class).stream()
                                    .filter(s -> s.getStage() == Stage.NARRATION))
                    .hasSize(1);
            assertThat(
                            render.of(StageStarted.class).stream()
                                    .filter(s -> s.getStage() == Stage.ASSEMBLY))
                    .hasSize(1);
        } finally {
            first.destroyForcibly();
        }
    }

    private Process startWorkerProcess(String bootstrap, String prefix, String id)
            throws Exception {
        return startWorkerProcess(data, bootstrap, prefix, id);
    }

    /**
     * A worker as its own JVM, slower than the other tests' workers on purpose: the job must still
     * be running when the test kills this worker, even on a fast idle machine.
     */
    static Process startWorkerProcess(Path data, String bootstrap, String prefix, String id)
            throws Exception {
        return WorkerProcess.start(data, bootstrap, prefix, id, "veryfast");
    }
}
