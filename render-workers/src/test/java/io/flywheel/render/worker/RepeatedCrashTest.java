package io.flywheel.render.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.config.FlywheelConfig;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.DeadLetter;
import io.flywheel.schemas.EventProducer;
import io.flywheel.schemas.RenditionSpec;
import io.flywheel.schemas.StageStarted;
import io.flywheel.schemas.Topic;
import io.flywheel.schemas.VideoRendered;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job that takes its worker down three times (here: SIGKILL while the job runs, as an OOM kill or
 * a native crash would) is not rendered a fourth time: the next delivery dead-letters it as {@code
 * REDELIVERED}, once, and the worker goes on.
 */
class RepeatedCrashTest {
    @TempDir Path data;

    @Test
    void aJobThatKillsItsWorkerThreeTimesIsDeadLetteredAsRedelivered() throws Exception {
        String bootstrap = Ephemeral.kafka().spec().bootstrapServers();
        String prefix = RenderWorkerTest.topics(bootstrap);
        ContentRequested job =
                Requests.of("travel", 10, "Crash loop", List.of(new RenditionSpec("v", 540, 960)));
        try (EventProducer producer = EventProducer.create(bootstrap, prefix, "test");
                TopicReader render = new TopicReader(bootstrap, Topic.RENDER_EVENTS.name(prefix));
                TopicReader dlq = new TopicReader(bootstrap, Topic.DLQ.name(prefix))) {
            producer.send(job).get();
            for (int crash = 1; crash <= 3; crash++) {
                int startedBefore = render.of(StageStarted.class).size();
                Process p =
                        WorkerCrashTest.startWorkerProcess(
                                data, bootstrap, prefix, "crash" + crash);
                try {
                    // Killed as soon as this delivery has started a stage of the job.
                    render.until(
                            ev -> render.of(StageStarted.class).size() > startedBefore,
                            Duration.ofMinutes(2));
                    assertThat(render.of(StageStarted.class)).hasSizeGreaterThan(startedBefore);
                } finally {
                    p.destroyForcibly();
                    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                }
                render.drain(Duration.ofSeconds(2));
                assertThat(render.of(VideoRendered.class)).isEmpty();
                try (var markers =
                        Files.list(
                                data.resolve(
                                        "media/jobs/" + job.getJobId() + "/" + CrashCount.DIR))) {
                    assertThat(markers).hasSize(crash);
                }
            }

            int startedBefore = render.of(StageStarted.class).size();
            FlywheelConfig config = RenderWorkerTest.config(data, bootstrap, prefix, Map.of());
            RenderWorkerMain.Running worker = RenderWorkerMain.start(config, "after-crashes");
            try {
                dlq.until(ev -> !ev.isEmpty(), Duration.ofMinutes(2));
                // The worker goes on: a new job renders.
                ContentRequested next =
                        Requests.of("tech", 6, "Next", List.of(new RenditionSpec("v", 360, 640)));
                producer.send(next).get();
                render.until(
                        ev -> ev.stream().anyMatch(VideoRendered.class::isInstance),
                        Duration.ofMinutes(3));
                render.drain(Duration.ofSeconds(5));
                dlq.drain(Duration.ofSeconds(2));

                List<DeadLetter> dead = dlq.of(DeadLetter.class);
                assertThat(dead).hasSize(1);
                assertThat(dead.get(0).getFailureKind()).isEqualTo("REDELIVERED");
                assertThat(dead.get(0).getReason())
                        .contains(job.getJobId())
                        .contains("delivered 3 times");
                // The fourth delivery rendered nothing of the crashing job.
                List<StageStarted> started = render.of(StageStarted.class);
                assertThat(started.subList(startedBefore, started.size()))
                        .isNotEmpty()
                        .allSatisfy(s -> assertThat(s.getJobId()).isEqualTo(next.getJobId()));
                assertThat(render.of(VideoRendered.class))
                        .extracting(VideoRendered::getJobId)
                        .containsExactly(next.getJobId());
                assertThat(GroupOffsets.committed(bootstrap, prefix)).isEqualTo(2);
            } finally {
                worker.stop();
            }
        }
    }
}
