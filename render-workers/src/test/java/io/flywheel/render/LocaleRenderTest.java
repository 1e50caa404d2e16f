package io.flywheel.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.render.media.MediaProbe;
import io.flywheel.render.worker.Requests;
import io.flywheel.schemas.CaptionStyle;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.EventCodec;
import io.flywheel.schemas.MusicMood;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.RenditionSpec;
import io.flywheel.schemas.VideoLocale;
import io.flywheel.schemas.VideoRendered;
import io.flywheel.store.AssetEvidence;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A brief in each locale espeak-ng speaks renders a real video whose narration, captions, title and
 * hashtags are in that language, checked from the files the job leaves (Japanese, which needs the
 * OpenAI-compatible voice, is in {@code openai.LocaleSpeechTest}).
 */
class LocaleRenderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Words every script of a Latin-script language uses, and English's, which it must not. */
    private static final Map<String, Set<String>> FUNCTION_WORDS =
            Map.of(
                    "es-ES", Set.of("de", "que", "el", "la", "y", "en", "tu", "los", "las", "una"),
                    "pt-BR",
                            Set.of("de", "que", "o", "a", "você", "em", "não", "para", "uma", "do"),
                    "de-DE",
                            Set.of(
                                    "die", "der", "und", "du", "das", "nicht", "zum", "in", "dir",
                                    "zu", "dein", "ist"));

    private static final Set<String> ENGLISH = Set.of("the", "and", "you", "your", "with", "this");

    @TempDir Path data;

    @ParameterizedTest
    @ValueSource(strings = {"es-ES", "pt-BR", "de-DE", "hi-IN", "ar-SA"})
    void aBriefInTheLocaleRendersAVideoSpokenCaptionedAndTitledInIt(String tag) throws Exception {
        FlywheelConfig config = TestJobs.config(data, Map.of());
        Providers providers = RenderSetup.providers(config, RenderSetup.budget());
        assertThat(providers.narrator().provider())
                .as("these locales are spoken by espeak-ng (apt-get install espeak-ng)")
                .isEqualTo("espeak-ng");
        RenderResult r = render(config, providers, job(Optional.of(tag), Platform.TIKTOK));

        checkRendered(tag, config, providers, r);
    }

    /**
     * A content request whose arm names a language (the model's parameter, as a brief or a
     * recommendation sets it) renders in it, through the event's bytes as a worker reads them; and
     * the rendered event carries the title and hashtags the post goes out with.
     */
    @Test
    void aContentRequestWhoseArmIsSpanishRendersASpanishVideo() throws Exception {
        FlywheelConfig config = TestJobs.config(data, Map.of());
        Providers providers = RenderSetup.providers(config, RenderSetup.budget());
        ContentParameters p =
                TestJobs.params(Platform.TIKTOK, 12, CaptionStyle.WORD_HIGHLIGHT, MusicMood.NONE);
        p.setNiche("cooking");
        p.setVideoLocale(VideoLocale.ES_ES);
        ContentRequested sent =
                Requests.of("cooking", 12, null, List.of(new RenditionSpec("v", 360, 640)));
        sent.setParameters(p);
        EventCodec codec = EventCodec.standard();
        ContentRequested received =
                codec.decode(codec.encode(sent)).eventAs(ContentRequested.class);

        RenderResult r = render(config, providers, RenderJob.of(received));

        checkRendered("es-ES", config, providers, r);
        VideoRendered event =
                r.toEvent(
                        "test", java.util.UUID.randomUUID().toString(), System.currentTimeMillis());
        JsonNode post =
                JSON.readTree(
                        RenderSetup.mediaRoot(config)
                                .resolve("jobs")
                                .resolve(r.jobId())
                                .resolve("post.es-ES.json")
                                .toFile());
        assertThat(event.getTitle()).isEqualTo(post.path("title").asText());
        List<String> tags = new java.util.ArrayList<>();
        post.path("hashtags").forEach(h -> tags.add(h.asText()));
        assertThat(event.getHashtags()).isNotEmpty().isEqualTo(tags);
        VideoRendered back = codec.decode(codec.encode(event)).eventAs(VideoRendered.class);
        assertThat(back.getHashtags()).isEqualTo(tags);
    }

    private static RenderJob job(Optional<String> locale, Platform platform) {
        ContentParameters p =
                TestJobs.params(platform, 12, CaptionStyle.WORD_HIGHLIGHT, MusicMood.NONE);
        p.setNiche("cooking");
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

    private static RenderResult render(FlywheelConfig config, Providers providers, RenderJob job)
            throws Exception {
        return new RenderPipeline(providers, RenderSetup.mediaRoot(config))
                .run(job, new RecordedEvents());
    }

    private void checkRendered(
            String tag, FlywheelConfig config, Providers providers, RenderResult r)
            throws Exception {
        Path media = RenderSetup.mediaRoot(config);
        Path jobDir = media.resolve("jobs").resolve(r.jobId());

        // A real video with sound, as long as its narration.
        MediaProbe.Info info =
                new MediaProbe(providers.ffmpeg())
                        .probe(media.resolve(r.renditions().get(0).uri()));
        assertThat(info.hasVideo()).isTrue();
        assertThat(info.hasAudio()).isTrue();
        assertThat(info.durationS())
                .isCloseTo(r.durationMs() / 1000.0, org.assertj.core.data.Offset.offset(0.5));

        // Caption files named by the locale; their text is in the language's script.
        assertThat(r.captionsSrtUri()).endsWith("captions." + tag + ".srt");
        assertThat(r.captionsVttUri()).endsWith("captions." + tag + ".vtt");
        String srt = Files.readString(media.resolve(r.captionsSrtUri()));
        String vtt = Files.readString(media.resolve(r.captionsVttUri()));
        assertThat(vtt).startsWith("WEBVTT");
        String spoken = cueText(srt);
        Character.UnicodeScript script = io.flywheel.render.locale.ContentLocale.of(tag).script();
        assertThat(share(spoken, script))
                .as("letters of %s in %s", script, spoken)
                .isGreaterThan(0.9);
        assertInLanguage(tag, spoken);
        assertInLanguage(tag, r.title());
        assertThat(share(r.title(), script)).isGreaterThan(0.9);

        // The narration is speech of about the length of its words, in the language's voice.
        double seconds = r.durationMs() / 1000.0;
        int words = io.flywheel.render.locale.ContentLocale.spokenWords(spoken);
        assertThat(seconds).isBetween(words * 0.15, words * 1.0 + 2);
        assertThat(speechShare(jobDir.resolve("narration.wav"))).isGreaterThan(0.3);
        AssetEvidence voice =
                r.evidence().stream().filter(e -> e.kind().equals("voice")).findFirst().get();
        String espeakVoice = io.flywheel.render.locale.ContentLocale.of(tag).espeakVoice();
        assertThat(voice.source()).startsWith("voice " + espeakVoice + ", locale " + tag);

        // The title and hashtags a post goes out with, in the language.
        JsonNode post = JSON.readTree(jobDir.resolve("post." + tag + ".json").toFile());
        assertThat(post.path("title").asText()).isEqualTo(r.title());
        assertThat(post.path("hashtags").size()).isGreaterThanOrEqualTo(3);
        post.path("hashtags")
                .forEach(
                        h -> {
                            assertThat(h.asText()).startsWith("#").doesNotContain(" ");
                            assertThat(share(h.asText(), script)).isGreaterThan(0.9);
                        });

        // Caption pictures are drawn (not blank), with the fonts' licences recorded.
        BufferedImage cap = ImageIO.read(firstCaption(jobDir).toFile());
        assertThat(opaquePixels(cap)).isGreaterThan(500);
        assertThat(r.evidence().stream().filter(e -> e.kind().equals("font")))
                .allSatisfy(e -> assertThat(e.licence()).isNotNull());
        if (tag.equals("ar-SA")) {
            // Each cue starts with a right-to-left mark and its logical text runs right to left.
            List<String> cues = cueLines(srt);
            assertThat(cues).allSatisfy(c -> assertThat(c).startsWith("\u200F"));
            assertThat(cues)
                    .allSatisfy(
                            c ->
                                    assertThat(
                                                    new java.text.Bidi(
                                                                    c,
                                                                    java.text.Bidi
                                                                            .DIRECTION_DEFAULT_LEFT_TO_RIGHT)
                                                            .baseIsLeftToRight())
                                            .isFalse());
            assertThat(r.evidence().stream().map(AssetEvidence::assetKey))
                    .contains("font:Noto Sans Arabic");
        }
        if (tag.equals("hi-IN")) {
            assertThat(r.evidence().stream().map(AssetEvidence::assetKey))
                    .contains("font:Noto Sans Devanagari");
        }
    }

    /** The cues' text lines (neither numbers nor timings nor blank). */
    static List<String> cueLines(String srt) {
        return Arrays.stream(srt.split("\n"))
                .filter(l -> !l.isBlank() && !l.matches("\\d+") && !l.contains(" --> "))
                .toList();
    }

    static String cueText(String srt) {
        return String.join(" ", cueLines(srt));
    }

    /** The share of the letters in {@code text} that belong to {@code script}. */
    static double share(String text, Character.UnicodeScript script) {
        long letters = text.codePoints().filter(Character::isLetter).count();
        long in =
                text.codePoints()
                        .filter(Character::isLetter)
                        .filter(cp -> Character.UnicodeScript.of(cp) == script)
                        .count();
        return letters == 0 ? 0 : (double) in / letters;
    }

    private static void assertInLanguage(String tag, String text) {
        Set<String> words = FUNCTION_WORDS.get(tag);
        if (words == null) {
            return; // Checked by its script.
        }
        Set<String> used =
                Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}]+"))
                        .collect(Collectors.toSet());
        assertThat(used).as("%s words in: %s", tag, text).containsAnyElementsOf(words);
        assertThat(used).as("English words in: %s", text).doesNotContainAnyElementsOf(ENGLISH);
    }

    /** The share of 20 ms windows of a 16-bit mono WAV louder than near-silence. */
    static double speechShare(Path wav) throws Exception {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            byte[] b = in.readAllBytes();
            int window = (int) (in.getFormat().getSampleRate() * 0.02);
            int windows = 0;
            int loud = 0;
            for (int start = 0; start + window * 2 <= b.length; start += window * 2) {
                double sum = 0;
                for (int i = start; i < start + window * 2; i += 2) {
                    short s = (short) ((b[i] & 0xff) | (b[i + 1] << 8));
                    sum += (double) s * s;
                }
                windows++;
                if (Math.sqrt(sum / window) > 500) {
                    loud++;
                }
            }
            return windows == 0 ? 0 : (double) loud / windows;
        }
    }

    static Path firstCaption(Path jobDir) throws Exception {
        try (var files = Files.walk(jobDir.resolve("captions"))) {
            List<Path> caps =
                    new ArrayList<>(
                            files.filter(p -> p.getFileName().toString().startsWith("cap-"))
                                    .sorted()
                                    .toList());
            assertThat(caps).isNotEmpty();
            return caps.get(0);
        }
    }

    static int opaquePixels(BufferedImage img) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int argb = img.getRGB(x, y);
                // White or yellow text over the translucent box.
                if ((argb >>> 24) > 200 && (argb & 0xff0000) > 0xc00000) {
                    n++;
                }
            }
        }
        return n;
    }
}
