package io.flywheel.render.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.config.FlywheelConfig;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.render.openai.FakeOpenAi;
import io.flywheel.schemas.BudgetBreached;
import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.DeadLetter;
import io.flywheel.schemas.Envelopes;
import io.flywheel.schemas.EventProducer;
import io.flywheel.schemas.RenditionSpec;
import io.flywheel.schemas.Stage;
import io.flywheel.schemas.StageCompleted;
import io.flywheel.schemas.StageFailed;
import io.flywheel.schemas.Topic;
import io.flywheel.schemas.VideoRendered;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A paid provider that keeps answering 500 fails the job cleanly (StageFailed per attempt, then the
 * request on the DLQ with the reason, no video); after a BudgetBreached the worker stops calling it
 * and renders with the offline providers.
 */
class PaidProviderTest {
    @TempDir Path data;

    @Test
    void failingProviderFailsTheJobCleanlyAndABudgetBreachSwitchesToOffline() throws Exception {
        String bootstrap = Ephemeral.kafka().spec().bootstrapServers();
        String prefix = RenderWorkerTest.topics(bootstrap);
        try (FakeOpenAi api =
                new FakeOpenAi().on("/chat/completions", FakeOpenAi.Reply.status(500))) {
            FlywheelConfig config =
                    RenderWorkerTest.config(
                            data,
                            bootstrap,
                            prefix,
                            Map.of(
                                    "render.openai.base.url", api.baseUrl(),
                                    "render.openai.api.key", "sk-secret",
                                    "render.max.attempts", "2",
                                    "render.tts.engine", "espeak-ng"));
            RenderWorkerMain.Running worker = RenderWorkerMain.start(config, "paid");
            try (EventProducer producer = EventProducer.create(bootstrap, prefix, "test");
                    TopicReader render =
                            new TopicReader(bootstrap, Topic.RENDER_EVENTS.name(prefix));
                    TopicReader dlq = new TopicReader(bootstrap, Topic.DLQ.name(prefix))) {
                ContentRequested first =
                        Requests.of("tech", 6, null, List.of(new RenditionSpec("v", 240, 426)));
                producer.send(first).get();
                dlq.until(ev -> !ev.isEmpty(), Duration.ofMinutes(1));
                assertThat(dlq.of(DeadLetter.class))
                        .singleElement()
                        .satisfies(
                                d -> {
                                    assertThat(d.getFailureKind()).isEqualTo("JOB_FAILED");
                                    assertThat(d.getReason())
                                            .contains("SCRIPT")
                                            .contains("http_500");
                                    assertThat(d.getReason()).doesNotContain("sk-secret");
                                });
                render.drain(Duration.ofSeconds(2));
                List<StageFailed> failed = render.of(StageFailed.class);
                assertThat(failed)
                        .extracting(
                                f ->
                                        f.getStage()
                                                + " "
                                                + f.getProvider()
                                                + " "
                                                + f.getAttempt()
                                                + " "
                                                + f.getErrorClass()
                                                + " "
                                                + f.getRetryable())
                        .containsExactly(
                                "SCRIPT openai-chat 1 http_500 true",
                                "SCRIPT openai-chat 2 http_500 false");
                assertThat(api.calls("/chat/completions")).isEqualTo(2);

                String today = LocalDate.now(ZoneOffset.UTC).toString();
                producer.send(
                                BudgetBreached.newBuilder()
                                        .setEnvelope(
                                                Envelopes.create(
                                                        BudgetBreached.class,
                                                        "test",
                                                        UUID.randomUUID().toString(),
                                                        System.currentTimeMillis()))
                                        .setBudgetPeriod(today)
                                        .setBudgetMicroUsd(1_000_000)
                                        .setSpentMicroUsd(1_200_000)
                                        .build())
                        .get();
                Thread.sleep(3000);
                ContentRequested second =
                        Requests.of("tech", 6, null, List.of(new RenditionSpec("v", 240, 426)));
                producer.send(second).get();
                render.until(
                        ev ->
                                ev.stream().anyMatch(VideoRendered.class::isInstance)
                                        || ev.stream()
                                                .anyMatch(
                                                        e ->
                                                                e instanceof StageFailed f
                                                                        && f.getJobId()
                                                                                .equals(
                                                                                        second
                                                                                                .getJobId())
                                                                        && !f.getRetryable()),
                        Duration.ofMinutes(2));
                assertThat(render.of(VideoRendered.class))
                        .extracting(VideoRendered::getJobId)
                        .containsExactly(second.getJobId());
                assertThat(
                                render.of(StageCompleted.class).stream()
                                        .filter(
                                                c ->
                                                        c.getJobId().equals(second.getJobId())
                                                                && c.getStage() == Stage.SCRIPT))
                        .extracting(StageCompleted::getProvider)
                        .containsExactly("template");
                assertThat(api.calls("/chat/completions")).isEqualTo(2);
            } finally {
                worker.stop();
            }
        }
    }
}
