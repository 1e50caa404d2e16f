package io.flywheel.render.narration;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Joins phrase recordings into one narration: trims each phrase's leading and trailing silence,
 * puts a pause after it (longer at a sentence end), and records where each phrase and word starts
 * and ends by counting samples, so caption timings are exact at phrase level. Words inside a phrase
 * are placed in proportion to their length.
 */
public final class PhraseAssembler {
    static final int SENTENCE_PAUSE_MS = 280;
    static final int PHRASE_PAUSE_MS = 90;
    static final int MIN_PHRASE_MS = 350;
    private static final int SILENCE = 300;
    private static final int PAD_MS = 25;

    private final List<Phrases.Phrase> phrases = new ArrayList<>();
    private final List<short[]> audio = new ArrayList<>();
    private float sampleRate = -1;

    /** Adds the recording of the next phrase (a WAV file's bytes, 16-bit mono PCM). */
    public void add(Phrases.Phrase phrase, byte[] wav) throws IOException {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
            add(phrase, in);
        } catch (UnsupportedAudioFileException e) {
            throw new IOException("not a WAV file: " + e.getMessage(), e);
        }
    }

    public void add(Phrases.Phrase phrase, AudioInputStream source) throws IOException {
        AudioFormat f = source.getFormat();
        AudioFormat target = new AudioFormat(f.getSampleRate(), 16, 1, true, false);
        AudioInputStream pcm = AudioSystem.getAudioInputStream(target, source);
        if (sampleRate < 0) {
            sampleRate = f.getSampleRate();
        } else if (sampleRate != f.getSampleRate()) {
            // Phrases from one engine share a rate; resample to the first one's.
            pcm =
                    AudioSystem.getAudioInputStream(
                            new AudioFormat(sampleRate, 16, 1, true, false), pcm);
        }
        byte[] b = pcm.readAllBytes();
        short[] s = new short[b.length / 2];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) ((b[2 * i] & 0xff) | (b[2 * i + 1] << 8));
        }
        phrases.add(phrase);
        audio.add(trim(s));
    }

    private short[] trim(short[] s) {
        int first = 0;
        while (first < s.length && Math.abs(s[first]) < SILENCE) {
            first++;
        }
        int last = s.length - 1;
        while (last > first && Math.abs(s[last]) < SILENCE) {
            last--;
        }
        int pad = (int) (sampleRate * PAD_MS / 1000);
        int from = Math.max(0, first - pad);
        int to = Math.min(s.length, last + 1 + pad);
        if (first >= s.length) {
            from = 0;
            to = 0;
        }
        short[] out = new short[to - from];
        System.arraycopy(s, from, out, 0, out.length);
        return out;
    }

    /** Writes the narration WAV into dir and returns the timings. */
    public Narration write(Path dir, String fileName) throws IOException {
        if (phrases.isEmpty()) {
            throw new IllegalArgumentException("nothing to narrate");
        }
        ByteArrayOutputStream pcm = new ByteArrayOutputStream();
        List<Narration.TimedPhrase> timed = new ArrayList<>();
        long samples = 0;
        for (int i = 0; i < phrases.size(); i++) {
            Phrases.Phrase p = phrases.get(i);
            short[] s = audio.get(i);
            int minSamples = (int) (sampleRate * MIN_PHRASE_MS / 1000);
            int len = Math.max(s.length, minSamples);
            long start = samples;
            writeSamples(pcm, s);
            writeSilence(pcm, len - s.length);
            samples += len;
            long end = samples;
            timed.add(
                    new Narration.TimedPhrase(
                            p.scene(),
                            p.text(),
                            ms(start),
                            ms(end),
                            words(p.text(), ms(start), ms(end))));
            int pause =
                    (int)
                            (sampleRate
                                    * (p.sentenceEnd() ? SENTENCE_PAUSE_MS : PHRASE_PAUSE_MS)
                                    / 1000);
            if (i == phrases.size() - 1) {
                pause = (int) (sampleRate * 0.6);
            }
            writeSilence(pcm, pause);
            samples += pause;
        }
        byte[] bytes = pcm.toByteArray();
        AudioFormat format = new AudioFormat(sampleRate, 16, 1, true, false);
        Path out = dir.resolve(fileName);
        Path tmp = dir.resolve(fileName + ".tmp");
        try (AudioInputStream ais =
                new AudioInputStream(new ByteArrayInputStream(bytes), format, bytes.length / 2)) {
            AudioSystem.write(ais, AudioFileFormat.Type.WAVE, tmp.toFile());
        }
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return new Narration(fileName, ms(samples), List.copyOf(timed));
    }

    private long ms(long samples) {
        return Math.round(samples * 1000.0 / sampleRate);
    }

    static List<Narration.TimedWord> words(String text, long start, long end) {
        String[] ws = text.split(" ");
        long total = 0;
        for (String w : ws) {
            total += w.codePointCount(0, w.length()) + 1;
        }
        List<Narration.TimedWord> out = new ArrayList<>();
        long acc = 0;
        for (String w : ws) {
            long s = start + (end - start) * acc / total;
            acc += w.codePointCount(0, w.length()) + 1;
            long e = start + (end - start) * acc / total;
            out.add(new Narration.TimedWord(w, s, e));
        }
        return out;
    }

    private static void writeSamples(ByteArrayOutputStream out, short[] s) {
        for (short v : s) {
            out.write(v & 0xff);
            out.write((v >> 8) & 0xff);
        }
    }

    private static void writeSilence(ByteArrayOutputStream out, int n) {
        for (int i = 0; i < n * 2; i++) {
            out.write(0);
        }
    }
}
