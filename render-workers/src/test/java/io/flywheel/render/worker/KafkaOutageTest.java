package io.flywheel.render.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.config.FlywheelConfig;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.embedded.KafkaBroker;
import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.DeadLetter;
import io.flywheel.schemas.EventProducer;
import io.flywheel.schemas.RenditionSpec;
import io.flywheel.schemas.Topic;
import io.flywheel.schemas.VideoRendered;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker is stopped (SIGTERM, controlled shutdown) exactly when a slot commits its first job,
 * and started again 90 s later on the same port and log directory. The commit times out; the slot
 * re-creates its clients, the job is delivered again, resumes from its checkpoints and is committed
 * once. Both slots are still alive afterwards and take a new job.
 */
class KafkaOutageTest {
    static final Duration OUTAGE = Duration.ofSeconds(90);

    @TempDir Path data;

    @Test
    void aBrokerAwayForNinetySecondsDuringACommitLosesNoSlotAndNoJob() throws Exception {
        KafkaBroker broker = Ephemeral.ownKafka(data.resolve("kafka"), "512m");
        broker.start(false, Duration.ofSeconds(90));
        AtomicBoolean stopped = new AtomicBoolean();
        CompletableFuture<Void> restarted = new CompletableFuture<>();
        try {
            String bootstrap = broker.spec().bootstrapServers();
            String prefix = RenderWorkerTest.topics(bootstrap);
            FlywheelConfig config =
                    RenderWorkerTest.config(
                            data.resolve("worker"),
                            bootstrap,
                            prefix,
                            Map.of("render.concurrency", "2"));
            RenderWorkerMain.Running worker =
                    RenderWorkerMain.start(
                            config,
                            "outage",
                            rec -> {
                                if (stopped.compareAndSet(false, true)) {
                                    broker.stop();
                                    CompletableFuture.runAsync(
                                            () -> {
                                                sleep(OUTAGE);
                                                broker.start(false, Duration.ofSeconds(120));
                                                restarted.complete(null);
                                            });
                                }
                            });
            try (EventProducer producer = EventProducer.create(bootstrap, prefix, "test");
                    TopicReader render =
                            new TopicReader(bootstrap, Topic.RENDER_EVENTS.name(prefix));
                    TopicReader dlq = new TopicReader(bootstrap, Topic.DLQ.name(prefix))) {
                List<RenditionSpec> small = List.of(new RenditionSpec("v", 360, 640));
                ContentRequested a = Requests.of("science", 6, "Outage A", small);
                ContentRequested b = Requests.of("cooking", 6, "Outage B", small);
                producer.send(a).get();
                producer.send(b).get();

                restarted.get(6, TimeUnit.MINUTES);
                render.until(
                        ev -> ev.stream().filter(VideoRendered.class::isInstance).count() >= 2,
                        Duration.ofMinutes(5));
                assertThat(worker.slotsAlive()).isEqualTo(2);
                // The fault was met: a slot lost its producer and made new clients.
                assertThat(worker.counters().clientRecoveries()).isGreaterThanOrEqualTo(1);

                ContentRequested c = Requests.of("travel", 6, "After the outage", small);
                producer.send(c).get();
                render.until(
                        ev -> ev.stream().filter(VideoRendered.class::isInstance).count() >= 3,
                        Duration.ofMinutes(3));
                render.drain(Duration.ofSeconds(8));
                dlq.drain(Duration.ofSeconds(2));

                Map<String, Long> outcomes =
                        render.of(VideoRendered.class).stream()
                                .collect(
                                        Collectors.groupingBy(
                                                VideoRendered::getJobId, Collectors.counting()));
                assertThat(outcomes)
                        .containsExactlyInAnyOrderEntriesOf(
                                List.of(a, b, c).stream()
                                        .collect(
                                                Collectors.toMap(
                                                        ContentRequested::getJobId, j -> 1L)));
                assertThat(dlq.of(DeadLetter.class)).isEmpty();
                assertThat(GroupOffsets.committed(bootstrap, prefix)).isEqualTo(3);
                assertThat(worker.slotsAlive()).isEqualTo(2);
                assertThat(worker.counters().slotRestarts()).isZero();
                assertThat(worker.slotLost()).isFalse();
            } finally {
                worker.stop();
            }
        } finally {
            if (stopped.get()) {
                restarted.get(6, TimeUnit.MINUTES);
            }
            broker.stop();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
