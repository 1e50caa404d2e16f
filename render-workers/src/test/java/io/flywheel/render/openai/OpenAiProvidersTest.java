package io.flywheel.render.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flywheel.config.Secret;
import io.flywheel.render.narration.Narration;
import io.flywheel.render.narration.Phrases;
import io.flywheel.render.pipeline.RenderEvents;
import io.flywheel.render.pipeline.StageFailedException;
import io.flywheel.render.pipeline.StageFailure;
import io.flywheel.render.pipeline.StageRetries;
import io.flywheel.render.pipeline.StageRunner;
import io.flywheel.render.script.Script;
import io.flywheel.render.script.ScriptRequest;
import io.flywheel.schemas.HookStyle;
import io.flywheel.schemas.Pacing;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.Stage;
import io.flywheel.schemas.VisualStyle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAI-compatible clients against a local server speaking the protocol. */
class OpenAiProvidersTest {
    @TempDir Path dir;

    static final String CHAT_OK =
            "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":"
                    + "\"{\\\"title\\\":\\\"Save Smarter\\\",\\\"scenes\\\":[{\\\"text\\\":\\\"Why is saving so hard?\\\",\\\"keywords\\\":[\\\"money\\\"],\\\"mood\\\":\\\"calm\\\"},"
                    + "{\\\"text\\\":\\\"Automate it on payday.\\\",\\\"keywords\\\":[\\\"calendar\\\"],\\\"mood\\\":\\\"upbeat\\\"}]}\"}}],"
                    + "\"usage\":{\"total_tokens\":420}}";

    /** Events as lines, to assert the attempts a stage made. */
    static final class Lines implements RenderEvents {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void started(Stage s, String p, int a) {
            lines.add("started " + a);
        }

        @Override
        public void completed(Stage s, String p, int a, long l, long c) {
            lines.add("completed " + a + " cost=" + c);
        }

        @Override
        public void failed(Stage s, String p, int a, StageFailure f) {
            lines.add("failed " + a + " " + f.errorClass() + " retry=" + f.retryable());
        }
    }

    static final ScriptRequest REQ =
            new ScriptRequest(
                    "personal-finance", HookStyle.QUESTION, Pacing.MEDIUM, 20, Platform.TIKTOK, 7);

    static StageRunner runner(Lines events) {
        return new StageRunner(
                events, StageRetries.of(3, Duration.ofMillis(20), Duration.ofMillis(80)));
    }

    @Test
    void chatScriptIsParsedAndCostedAndTheKeyIsSentAsBearer() throws Exception {
        try (FakeOpenAi api =
                new FakeOpenAi().on("/chat/completions", FakeOpenAi.Reply.json(CHAT_OK))) {
            OpenAiScriptGenerator gen =
                    new OpenAiScriptGenerator(
                            new OpenAiClient(
                                    api.baseUrl(), Secret.of("sk-test"), Duration.ofSeconds(5)),
                            "m");
            Lines events = new Lines();
            Script s =
                    runner(events).run(Stage.SCRIPT, gen.provider(), null, a -> gen.generate(REQ));
            assertThat(s.title()).isEqualTo("Save Smarter");
            assertThat(s.scenes()).hasSize(2);
            assertThat(s.aiGenerated()).isTrue();
            assertThat(events.lines).containsExactly("started 1", "completed 1 cost=420");
            assertThat(api.authorizations).containsOnly("Bearer sk-test");
            assertThat(api.bodies.get(0)).contains("\"model\":\"m\"").contains("personal-finance");
        }
    }

    @Test
    void fiveHundredsAreRetriedThenSucceed() throws Exception {
        try (FakeOpenAi api =
                new FakeOpenAi()
                        .on(
                                "/chat/completions",
                                FakeOpenAi.Reply.status(500),
                                FakeOpenAi.Reply.status(503),
                                FakeOpenAi.Reply.json(CHAT_OK))) {
            OpenAiScriptGenerator gen =
                    new OpenAiScriptGenerator(
                            new OpenAiClient(api.baseUrl(), Secret.of(""), Duration.ofSeconds(5)),
                            "m");
            Lines events = new Lines();
            runner(events).run(Stage.SCRIPT, gen.provider(), null, a -> gen.generate(REQ));
            assertThat(events.lines)
                    .containsExactly(
                            "started 1",
                            "failed 1 http_500 retry=true",
                            "started 2",
                            "failed 2 http_503 retry=true",
                            "started 3",
                            "completed 3 cost=420");
            assertThat(api.authorizations).containsOnly("null");
        }
    }

    @Test
    void persistentFiveHundredsFailTheStageCleanlyAfterTheLastAttempt() {
        try (FakeOpenAi api =
                new FakeOpenAi().on("/chat/completions", FakeOpenAi.Reply.status(500))) {
            OpenAiScriptGenerator gen =
                    new OpenAiScriptGenerator(
                            new OpenAiClient(api.baseUrl(), Secret.of(""), Duration.ofSeconds(5)),
                            "m");
            Lines events = new Lines();
            assertThatThrownBy(
                            () ->
                                    runner(events)
                                            .run(
                                                    Stage.SCRIPT,
                                                    gen.provider(),
                                                    null,
                                                    a -> gen.generate(REQ)))
                    .isInstanceOf(StageFailedException.class)
                    .hasMessageContaining("http_500");
            assertThat(events.lines)
                    .containsExactly(
                            "started 1",
                            "failed 1 http_500 retry=true",
                            "started 2",
                            "failed 2 http_500 retry=true",
                            "started 3",
                            "failed 3 http_500 retry=false");
            assertThat(api.calls("/chat/completions")).isEqualTo(3);
        }
    }

    @Test
    void timeoutsAreRetriedThenFail() {
        try (FakeOpenAi api =
                new FakeOpenAi().on("/chat/completions", FakeOpenAi.Reply.slow(3000))) {
            OpenAiScriptGenerator gen =
                    new OpenAiScriptGenerator(
                            new OpenAiClient(api.baseUrl(), Secret.of(""), Duration.ofMillis(400)),
                            "m");
            Lines events = new Lines();
            long t0 = System.nanoTime();
            assertThatThrownBy(
                            () ->
                                    runner(events)
                                            .run(
                                                    Stage.SCRIPT,
                                                    gen.provider(),
                                                    null,
                                                    a -> gen.generate(REQ)))
                    .isInstanceOf(StageFailedException.class)
                    .satisfies(
                            e ->
                                    assertThat(((StageFailedException) e).errorClass())
                                            .isEqualTo("timeout"));
            assertThat(events.lines)
                    .containsExactly(
                            "started 1",
                            "failed 1 timeout retry=true",
                            "started 2",
                            "failed 2 timeout retry=true",
                            "started 3",
                            "failed 3 timeout retry=false");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void clientErrorsAreNotRetried() {
        try (FakeOpenAi api =
                new FakeOpenAi().on("/chat/completions", FakeOpenAi.Reply.status(401))) {
            OpenAiScriptGenerator gen =
                    new OpenAiScriptGenerator(
                            new OpenAiClient(
                                    api.baseUrl(), Secret.of("bad"), Duration.ofSeconds(5)),
                            "m");
            Lines events = new Lines();
            assertThatThrownBy(
                            () ->
                                    runner(events)
                                            .run(
                                                    Stage.SCRIPT,
                                                    gen.provider(),
                                                    null,
                                                    a -> gen.generate(REQ)))
                    .isInstanceOf(StageFailedException.class);
            assertThat(events.lines).containsExactly("started 1", "failed 1 http_401 retry=false");
        }
    }

    @Test
    void speechIsSynthesisedPhraseByPhraseWithExactTimings() throws Exception {
        byte[] wav = tone(0.8);
        try (FakeOpenAi api =
                new FakeOpenAi().on("/audio/speech", new FakeOpenAi.Reply(200, wav, 0))) {
            OpenAiNarrator n =
                    new OpenAiNarrator(
                            new OpenAiClient(api.baseUrl(), Secret.of(""), Duration.ofSeconds(5)),
                            "tts-1");
            List<Phrases.Phrase> phrases =
                    List.of(
                            new Phrases.Phrase(0, "Hello there,", false),
                            new Phrases.Phrase(1, "general public.", true));
            StageRunner.Costed<Narration> out = n.narrate(phrases, "nova", Pacing.FAST, dir);
            Narration nar = out.value();
            assertThat(nar.phrases()).hasSize(2);
            assertThat(nar.phrases().get(0).startMs()).isZero();
            // Each phrase: the 0.8 s tone (plus the trimming pad), then the pause.
            assertThat(nar.phrases().get(0).endMs()).isBetween(790L, 860L);
            assertThat(nar.phrases().get(1).startMs()).isGreaterThan(nar.phrases().get(0).endMs());
            assertThat(out.costMicroUsd())
                    .isEqualTo(
                            ("Hello there,".length() + "general public.".length())
                                    * OpenAiNarrator.MICRO_USD_PER_CHAR);
            assertThat(api.bodies.get(0)).contains("\"voice\":\"nova\"").contains("\"speed\":1.15");
            assertThat(dir.resolve("narration.wav")).exists();
        }
    }

    @Test
    void generatedImagesAreFittedToTheFrame() throws Exception {
        BufferedImage src = new BufferedImage(64, 112, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(src, "png", png);
        String body =
                "{\"data\":[{\"b64_json\":\""
                        + Base64.getEncoder().encodeToString(png.toByteArray())
                        + "\"}]}";
        try (FakeOpenAi api =
                new FakeOpenAi().on("/images/generations", FakeOpenAi.Reply.json(body))) {
            OpenAiImages images =
                    new OpenAiImages(
                            new OpenAiClient(api.baseUrl(), Secret.of(""), Duration.ofSeconds(5)),
                            "img");
            Path out = dir.resolve("scene.jpg");
            StageRunner.Costed<Path> r =
                    images.render(
                            new Script.Scene("x", List.of("coffee"), "calm"),
                            0,
                            VisualStyle.BOLD,
                            396,
                            704,
                            out);
            BufferedImage img = ImageIO.read(r.value().toFile());
            assertThat(img.getWidth()).isEqualTo(396);
            assertThat(img.getHeight()).isEqualTo(704);
            assertThat(r.costMicroUsd()).isEqualTo(OpenAiImages.MICRO_USD_PER_IMAGE);
            assertThat(api.bodies.get(0)).contains("1024x1792").contains("coffee");
        }
    }

    static byte[] tone(double seconds) throws Exception {
        int rate = 24000;
        int n = (int) (seconds * rate);
        byte[] pcm = new byte[n * 2];
        for (int i = 0; i < n; i++) {
            short v = (short) (Math.sin(2 * Math.PI * 440 * i / rate) * 12000);
            pcm[2 * i] = (byte) v;
            pcm[2 * i + 1] = (byte) (v >> 8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AudioSystem.write(
                new AudioInputStream(
                        new ByteArrayInputStream(pcm),
                        new AudioFormat(rate, 16, 1, true, false),
                        n),
                AudioFileFormat.Type.WAVE,
                out);
        return out.toByteArray();
    }
}
