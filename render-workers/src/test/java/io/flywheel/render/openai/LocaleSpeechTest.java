package io.flywheel.render.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flywheel.config.ConfigLoader;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.config.Secret;
import io.flywheel.render.Providers;
import io.flywheel.render.RenderJob;
import io.flywheel.render.RenderPipeline;
import io.flywheel.render.RenderResult;
import io.flywheel.render.RenderSetup;
import io.flywheel.render.locale.ContentLocale;
import io.flywheel.render.media.MediaProbe;
import io.flywheel.render.pipeline.StageFailedException;
import io.flywheel.render.script.Script;
import io.flywheel.render.script.ScriptRequest;
import io.flywheel.render.text.TextPainter;
import io.flywheel.schemas.CaptionStyle;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.HookStyle;
import io.flywheel.schemas.MusicMood;
import io.flywheel.schemas.Pacing;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.RenditionSpec;
import io.flywheel.schemas.VisualStyle;
import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Japanese: espeak-ng 1.51 cannot read kanji, so its videos are spoken by the OpenAI-compatible TTS
 * (here a local server speaking its protocol); its captions are broken between characters. Also:
 * the chat model is asked to write in the job's language.
 */
class LocaleSpeechTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path data;

    private FlywheelConfig config(Map<String, String> extra) {
        Map<String, String> o = new HashMap<>();
        o.put("data.dir", data.toString());
        o.put("render.preset", "ultrafast");
        o.put("render.fps", "24");
        o.putAll(extra);
        return ConfigLoader.load(Optional.empty(), Map.of(), o, data);
    }

    private static RenderJob job(Optional<String> locale) {
        ContentParameters p =
                ContentParameters.newBuilder()
                        .setPlatform(Platform.TIKTOK)
                        .setNiche("travel")
                        .setHookStyle(HookStyle.QUESTION)
                        .setPacing(Pacing.FAST)
                        .setTargetDurationS(12)
                        .setVoice("en-us")
                        .setMusicMood(MusicMood.NONE)
                        .setCaptionStyle(CaptionStyle.WORD_HIGHLIGHT)
                        .setVisualStyle(VisualStyle.GRADIENT)
                        .setPostingHour(18)
                        .build();
        return new RenderJob(
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                p,
                Optional.empty(),
                Optional.empty(),
                List.of(new RenditionSpec("v", 360, 640)),
                false,
                locale);
    }

    /** The offline providers with the OpenAI-compatible voice added (scripts stay offline). */
    private static Providers withSpeech(Providers base, FakeOpenAi api) {
        OpenAiClient client = new OpenAiClient(api.baseUrl(), Secret.of(""), Duration.ofSeconds(5));
        return new Providers(
                base.offlineScript(),
                Optional.empty(),
                base.moderator(),
                base.offlineNarrator(),
                Optional.of(new OpenAiNarrator(client, "tts-1")),
                base.offlineImages(),
                base.library(),
                base.stock(),
                Optional.empty(),
                base.musicDir(),
                base.ffmpeg(),
                base.fps(),
                base.preset(),
                base.retry(),
                base.maxRegenerations(),
                base.budget(),
                base.breakers());
    }

    @Test
    void aJapaneseBriefIsSpokenByTheOpenAiVoiceAndCaptionedWithoutSpaces() throws Exception {
        FlywheelConfig config = config(Map.of());
        try (FakeOpenAi api =
                new FakeOpenAi()
                        .on(
                                "/audio/speech",
                                new FakeOpenAi.Reply(200, OpenAiProvidersTest.tone(0.9), 0))) {
            Providers providers =
                    withSpeech(RenderSetup.providers(config, RenderSetup.budget()), api);
            Path media = RenderSetup.mediaRoot(config);

            RenderResult r =
                    new RenderPipeline(providers, media)
                            .run(job(Optional.of("ja-JP")), new OpenAiProvidersTest.Lines());

            MediaProbe.Info info =
                    new MediaProbe(providers.ffmpeg())
                            .probe(media.resolve(r.renditions().get(0).uri()));
            assertThat(info.hasVideo()).isTrue();
            assertThat(info.hasAudio()).isTrue();
            String srt = Files.readString(media.resolve(r.captionsSrtUri()));
            assertThat(r.captionsSrtUri()).endsWith("captions.ja-JP.srt");
            List<String> cues =
                    Arrays.stream(srt.split("\n"))
                            .filter(l -> !l.isBlank() && !l.matches("\\d+") && !l.contains("-->"))
                            .toList();
            assertThat(cues).isNotEmpty().allSatisfy(c -> assertThat(c).doesNotContain(" "));
            String all = String.join("", cues);
            assertThat(japaneseShare(all)).isGreaterThan(0.9);
            assertThat(japaneseShare(r.title())).isGreaterThan(0.9);
            // Every phrase went to the voice as Japanese text, one request each.
            List<String> inputs =
                    api.bodies.stream()
                            .map(LocaleSpeechTest::input)
                            .filter(s -> !s.isEmpty())
                            .toList();
            assertThat(inputs).hasSize(cues.size());
            assertThat(inputs).allSatisfy(s -> assertThat(japaneseShare(s)).isGreaterThan(0.8));
            // Each phrase got its 0.9 s of speech: the video is as long as they are.
            assertThat(r.durationMs()).isGreaterThanOrEqualTo(Math.round(cues.size() * 900L));
            JsonNode post =
                    JSON.readTree(
                            media.resolve("jobs")
                                    .resolve(r.jobId())
                                    .resolve("post.ja-JP.json")
                                    .toFile());
            assertThat(post.path("hashtags").toString()).contains("#旅行");
        }
    }

    @Test
    void aJapaneseBriefWithoutAVoiceForItFailsWithTheReason() {
        FlywheelConfig config = config(Map.of());
        Providers providers = RenderSetup.providers(config, RenderSetup.budget());
        RenderPipeline pipeline = new RenderPipeline(providers, RenderSetup.mediaRoot(config));

        assertThatThrownBy(
                        () ->
                                pipeline.run(
                                        job(Optional.of("ja-JP")), new OpenAiProvidersTest.Lines()))
                .isInstanceOf(StageFailedException.class)
                .hasMessageContaining("ja-JP needs the OpenAI-compatible TTS");
    }

    @Test
    void japaneseCaptionLinesBreakBetweenCharactersNeverBeforeClosingPunctuation() {
        String phrase = "着陸する前に、オフラインの地図をダウンロードしましょう。ローミングは、道に迷ったときに限ってつながりません。";
        Font font = TextPainter.captionFont(22);
        List<TextPainter.Line> lines =
                TextPainter.wrap(phrase, font, new FontRenderContext(null, true, true), 200, 10);

        assertThat(lines).hasSizeGreaterThan(2);
        assertThat(lines.stream().map(TextPainter.Line::text).reduce("", String::concat))
                .isEqualTo(phrase);
        assertThat(lines).allSatisfy(l -> assertThat(l.width()).isLessThanOrEqualTo(200f));
        assertThat(lines)
                .allSatisfy(l -> assertThat(l.text()).doesNotStartWith("、").doesNotStartWith("。"));
        assertThat(TextPainter.families(phrase, font)).contains("Noto Sans CJK JP");
    }

    @Test
    void arabicIsShapedAndLaidOutRightToLeft() {
        String phrase = "اترك المقلاة تسخن قبل أن تضع الطعام فيها.";
        Font font = TextPainter.captionFont(22);
        FontRenderContext frc = new FontRenderContext(null, true, true);
        List<TextPainter.Line> lines = TextPainter.wrap(phrase, font, frc, 1000, 1);

        assertThat(lines).hasSize(1);
        java.awt.font.TextLayout layout = lines.get(0).layout();
        assertThat(layout.isLeftToRight()).isFalse();
        // Visual order: the first letter read is drawn at the right end of the line.
        double firstX = layout.getLogicalHighlightShape(0, 1).getBounds2D().getCenterX();
        assertThat(firstX).isGreaterThan(layout.getAdvance() * 0.8);
        // Shaped: joined letters take their contextual forms, so the run is narrower than the same
        // letters drawn one by one in their isolated forms.
        double isolated = 0;
        for (char c : phrase.toCharArray()) {
            isolated +=
                    TextPainter.wrap(String.valueOf(c), font, frc, 1000, 1).stream()
                            .mapToDouble(TextPainter.Line::width)
                            .sum();
        }
        assertThat((double) layout.getAdvance()).isLessThan(isolated * 0.95);
        assertThat(TextPainter.families(phrase, font)).contains("Noto Sans Arabic");
    }

    @Test
    void theChatModelIsAskedToWriteInTheJobsLanguage() throws Exception {
        String answer =
                "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":"
                        + JSON.writeValueAsString(
                                "{\"title\":\"Consejos de viaje\",\"scenes\":[{\"text\":\"Reserva el primer vuelo.\",\"keywords\":[\"plane\"],\"label\":\"avión\",\"mood\":\"calm\"}],\"hashtags\":[\"#viajes\",\"consejos\"]}")
                        + "}}],\"usage\":{\"total_tokens\":100}}";
        try (FakeOpenAi api =
                new FakeOpenAi().on("/chat/completions", FakeOpenAi.Reply.json(answer))) {
            OpenAiScriptGenerator gen =
                    new OpenAiScriptGenerator(
                            new OpenAiClient(api.baseUrl(), Secret.of(""), Duration.ofSeconds(5)),
                            "m");
            Script s =
                    gen.generate(
                                    new ScriptRequest(
                                            "travel",
                                            HookStyle.QUESTION,
                                            Pacing.FAST,
                                            20,
                                            Platform.TIKTOK,
                                            1,
                                            "es-ES"))
                            .value();

            JsonNode body = JSON.readTree(api.bodies.get(0));
            String system = body.path("messages").path(0).path("content").asText();
            String user = body.path("messages").path(1).path("content").asText();
            assertThat(system).contains("Spanish (Spain)").contains("es-ES");
            assertThat(user).startsWith("Language: Spanish (Spain).");
            assertThat(s.title()).isEqualTo("Consejos de viaje");
            assertThat(s.hashtags()).containsExactly("viajes", "consejos");
            assertThat(s.scenes().get(0).shownWord()).isEqualTo("avión");
        }
        // English requests are unchanged: no language instruction.
        assertThat(OpenAiScriptGenerator.system(ContentLocale.EN_US))
                .doesNotContain("Write the title");
    }

    private static String input(String body) {
        try {
            return JSON.readTree(body).path("input").asText("");
        } catch (Exception e) {
            return "";
        }
    }

    private static double japaneseShare(String text) {
        long letters = text.codePoints().filter(Character::isLetter).count();
        long ja =
                text.codePoints().filter(Character::isLetter).filter(ContentLocale::isCjk).count();
        return letters == 0 ? 0 : (double) ja / letters;
    }
}
