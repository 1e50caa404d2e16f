package io.flywheel.render.narration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.flywheel.render.pipeline.StageRunner;
import io.flywheel.render.script.Script;
import io.flywheel.schemas.Pacing;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NarrationTest {
    @TempDir Path dir;

    @Test
    void phrasesBreakAtPunctuationAndLengthAndKeepScenes() {
        Script s =
                new Script(
                        "t",
                        List.of(
                                new Script.Scene(
                                        "One two three four five six seven eight. Nine, ten!",
                                        List.of(),
                                        "calm"),
                                new Script.Scene("Line\nbreak\tand 你好。", List.of(), "calm")),
                        false);
        List<Phrases.Phrase> p = Phrases.of(s);
        assertThat(p)
                .extracting(Phrases.Phrase::text)
                .containsExactly(
                        "One two three four",
                        "five six seven eight.",
                        "Nine, ten!",
                        "Line break and 你好。");
        assertThat(p).extracting(Phrases.Phrase::scene).containsExactly(0, 0, 0, 1);
        assertThat(p.get(1).sentenceEnd()).isTrue();
        assertThat(p.get(0).sentenceEnd()).isFalse();
    }

    @Test
    void timingsAreSampleExact() throws Exception {
        PhraseAssembler a = new PhraseAssembler();
        // 0.5 s and 1.0 s of tone with 0.2 s of silence around each.
        a.add(new Phrases.Phrase(0, "first", true), wav(0.2, 0.5, 0.2));
        a.add(new Phrases.Phrase(1, "second one", true), wav(0.2, 1.0, 0.2));
        Narration n = a.write(dir, "n.wav");
        Narration.TimedPhrase p0 = n.phrases().get(0);
        Narration.TimedPhrase p1 = n.phrases().get(1);
        // Silence trimmed to a 25 ms pad on each side.
        assertThat(p0.startMs()).isZero();
        assertThat(p0.endMs()).isBetween(545L, 555L);
        assertThat(p1.startMs()).isEqualTo(p0.endMs() + PhraseAssembler.SENTENCE_PAUSE_MS);
        assertThat(p1.endMs() - p1.startMs()).isBetween(1045L, 1055L);
        assertThat(n.durationMs()).isEqualTo(p1.endMs() + 600);
        assertThat(p1.words()).hasSize(2);
        assertThat(p1.words().get(0).startMs()).isEqualTo(p1.startMs());
        assertThat(p1.words().get(1).endMs()).isEqualTo(p1.endMs());
        assertThat(n.sceneStartMs(1)).isEqualTo(p1.startMs());
        AudioInputStream in = AudioSystem.getAudioInputStream(dir.resolve("n.wav").toFile());
        assertThat(Math.round(in.getFrameLength() * 1000.0 / in.getFormat().getFrameRate()))
                .isEqualTo(n.durationMs());
    }

    @Test
    void espeakSpeaksHostileTextFromAFileAndRejectsOptionLikeVoices() throws Exception {
        assumeThat(EspeakNarrator.find()).as("espeak-ng installed").isPresent();
        assertThat(EspeakNarrator.voiceOrDefault("--help")).isEqualTo("en-us");
        assertThat(EspeakNarrator.voiceOrDefault("en-us; rm -rf /")).isEqualTo("en-us");
        assertThat(EspeakNarrator.voiceOrDefault("en-gb+f3")).isEqualTo("en-gb+f3");
        EspeakNarrator e = new EspeakNarrator(EspeakNarrator.find().get());
        StageRunner.Costed<Narration> out =
                e.narrate(
                        List.of(
                                new Phrases.Phrase(
                                        0, "-v xx $(touch pwned) \"quoted\"; [x]", false),
                                new Phrases.Phrase(0, "Привет 你好 🔥 %{n}", true)),
                        "en-us",
                        Pacing.FAST,
                        dir);
        assertThat(out.value().phrases()).hasSize(2);
        assertThat(out.value().phrases().get(0).endMs()).isGreaterThan(300);
        assertThat(out.value().phrases().get(1).startMs())
                .isGreaterThan(out.value().phrases().get(0).endMs());
        assertThat(dir.resolve("pwned")).doesNotExist();
        assertThat(Files.size(dir.resolve("narration.wav"))).isGreaterThan(10_000);
    }

    @Test
    void freeTtsNeedsNothingInstalled() throws Exception {
        StageRunner.Costed<Narration> out =
                new FreeTtsNarrator()
                        .narrate(
                                List.of(
                                        new Phrases.Phrase(0, "Hello from Java.", true),
                                        new Phrases.Phrase(
                                                0, "Привет 你好 🔥 %{n} \"q\" [x] \\ $(id)", true)),
                                "kevin16",
                                Pacing.MEDIUM,
                                dir);
        assertThat(out.value().phrases()).hasSize(2);
        assertThat(out.value().phrases().get(0).endMs()).isGreaterThan(400);
        assertThat(dir.resolve("narration.wav")).exists();
    }

    static byte[] wav(double silenceBefore, double tone, double silenceAfter) throws Exception {
        int rate = 22050;
        int a = (int) (silenceBefore * rate);
        int t = (int) (tone * rate);
        int b = (int) (silenceAfter * rate);
        byte[] pcm = new byte[(a + t + b) * 2];
        for (int i = 0; i < t; i++) {
            short v = (short) (Math.sin(2 * Math.PI * 220 * i / rate) > 0 ? 8000 : -8000);
            pcm[2 * (a + i)] = (byte) v;
            pcm[2 * (a + i) + 1] = (byte) (v >> 8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AudioSystem.write(
                new AudioInputStream(
                        new ByteArrayInputStream(pcm),
                        new AudioFormat(rate, 16, 1, true, false),
                        a + t + b),
                AudioFileFormat.Type.WAVE,
                out);
        return out.toByteArray();
    }

    @Test
    void phrasesEndAtEachScriptsOwnPunctuationAndJapaneseKeepsNoSpaces() {
        List<Phrases.Phrase> ja = new java.util.ArrayList<>();
        Phrases.split(0, "まず、パスタのゆで汁は塩気にしましょう。このときだけです。", ja);
        assertThat(ja)
                .extracting(Phrases.Phrase::text)
                .containsExactly("まず、パスタのゆで汁は塩気にしましょう。", "このときだけです。");
        assertThat(ja).allMatch(Phrases.Phrase::sentenceEnd);

        List<Phrases.Phrase> ar = new java.util.ArrayList<>();
        Phrases.split(0, "هل تريد نصائح؟ اترك المقلاة تسخن، ثم ضع الطعام.", ar);
        assertThat(ar)
                .extracting(Phrases.Phrase::text)
                .containsExactly("هل تريد نصائح؟", "اترك المقلاة تسخن،", "ثم ضع الطعام.");
        assertThat(ar).extracting(Phrases.Phrase::sentenceEnd).containsExactly(true, false, true);

        List<Phrases.Phrase> hi = new java.util.ArrayList<>();
        Phrases.split(0, "कम से कम सात घंटे सोइए। रिकवरी बिस्तर पर होती है।", hi);
        assertThat(hi)
                .extracting(Phrases.Phrase::text)
                .containsExactly("कम से कम सात घंटे सोइए।", "रिकवरी बिस्तर पर होती है।");
    }
}
