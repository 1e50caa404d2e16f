package io.flywheel.render.music;

import io.flywheel.schemas.MusicMood;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * Offline music: a chord progression voiced as soft pads, a bass note and, for the livelier moods,
 * a plucked arpeggio and a kick and hat pattern, at a tempo and key that fit the mood. Fades in and
 * out. Deterministic for a seed.
 */
public final class MusicSynth {
    static final int RATE = 22050;

    private record Style(
            double bpm,
            int root,
            int[][] chords,
            boolean minor,
            boolean drums,
            boolean arp,
            double crackle) {}

    private MusicSynth() {}

    private static Style style(MusicMood mood) {
        int[][] major = {{0, 4, 7}, {7, 11, 14}, {9, 12, 16}, {5, 9, 12}}; // I V vi IV
        int[][] minor = {{0, 3, 7}, {8, 12, 15}, {3, 7, 10}, {10, 14, 17}}; // i VI III VII
        int[][] jazzy = {
            {2, 5, 9, 12}, {7, 11, 14, 17}, {0, 4, 7, 11}, {9, 12, 16, 19}
        }; // ii V I vi (7ths)
        return switch (mood) {
            case UPBEAT -> new Style(118, 60, major, false, true, true, 0);
            case DRAMATIC -> new Style(84, 50, minor, true, true, false, 0);
            case LOFI -> new Style(78, 57, jazzy, false, true, false, 0.004);
            default -> new Style(70, 55, major, false, false, true, 0);
        };
    }

    public static void write(MusicMood mood, double seconds, long seed, Path out)
            throws IOException {
        float[] s = render(mood, seconds, seed);
        byte[] pcm = new byte[s.length * 2];
        for (int i = 0; i < s.length; i++) {
            int v = (int) Math.max(-32767, Math.min(32767, s[i] * 32767));
            pcm[2 * i] = (byte) v;
            pcm[2 * i + 1] = (byte) (v >> 8);
        }
        AudioFormat f = new AudioFormat(RATE, 16, 1, true, false);
        try (AudioInputStream in =
                new AudioInputStream(new ByteArrayInputStream(pcm), f, s.length)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, out.toFile());
        }
    }

    static float[] render(MusicMood mood, double seconds, long seed) {
        Style st = style(mood);
        Random rnd = new Random(seed);
        int n = (int) (seconds * RATE);
        float[] out = new float[n];
        double beat = 60.0 / st.bpm();
        double bar = beat * 4;
        int transpose = rnd.nextInt(5) - 2;
        for (int barIdx = 0; barIdx * bar < seconds; barIdx++) {
            int[] chord = st.chords()[barIdx % st.chords().length];
            double t0 = barIdx * bar;
            for (int note : chord) {
                double f = freq(st.root() + transpose + note);
                addPad(out, t0, bar, f, 0.06);
            }
            addBass(
                    out,
                    t0,
                    bar,
                    freq(st.root() + transpose + chord[0] - 12),
                    st.minor() ? 0.16 : 0.12);
            for (int b = 0; b < 4; b++) {
                double tb = t0 + b * beat;
                if (st.drums()) {
                    if (b % 2 == 0 || mood == MusicMood.UPBEAT) {
                        addKick(out, tb, 0.35);
                    }
                    addHat(out, tb + beat / 2, 0.05, rnd);
                }
                if (st.arp()) {
                    int note = chord[(b + barIdx) % chord.length] + 12;
                    addPluck(out, tb, beat * 0.9, freq(st.root() + transpose + note), 0.08);
                    addPluck(
                            out,
                            tb + beat / 2,
                            beat * 0.45,
                            freq(st.root() + transpose + chord[(b + 1) % chord.length] + 12),
                            0.05);
                }
            }
        }
        if (st.crackle() > 0) {
            for (int i = 0; i < n; i++) {
                if (rnd.nextDouble() < st.crackle()) {
                    out[i] += (float) ((rnd.nextDouble() - 0.5) * 0.15);
                }
            }
        }
        // Fade in 1 s and out 1.5 s; normalise to leave headroom for the mix.
        float peak = 1e-6f;
        for (float v : out) {
            peak = Math.max(peak, Math.abs(v));
        }
        for (int i = 0; i < n; i++) {
            double t = (double) i / RATE;
            double fade = Math.min(1, Math.min(t / 1.0, (seconds - t) / 1.5));
            out[i] = (float) (out[i] / peak * 0.7 * Math.max(0, fade));
        }
        return out;
    }

    private static double freq(int midi) {
        return 440.0 * Math.pow(2, (midi - 69) / 12.0);
    }

    private static void addPad(float[] out, double t0, double len, double f, double amp) {
        int a = (int) (t0 * RATE);
        int b = Math.min(out.length, (int) ((t0 + len) * RATE));
        for (int i = a; i < b; i++) {
            double t = (double) (i - a) / RATE;
            double env = Math.min(1, t / 0.4) * Math.min(1, (len - t) / 0.3);
            double x =
                    Math.sin(2 * Math.PI * f * t)
                            + 0.5 * Math.sin(2 * Math.PI * f * 1.003 * t)
                            + 0.2 * Math.sin(4 * Math.PI * f * t);
            out[i] += (float) (amp * env * x);
        }
    }

    private static void addBass(float[] out, double t0, double len, double f, double amp) {
        int a = (int) (t0 * RATE);
        int b = Math.min(out.length, (int) ((t0 + len) * RATE));
        for (int i = a; i < b; i++) {
            double t = (double) (i - a) / RATE;
            double env = Math.min(1, t / 0.02) * Math.exp(-t * 0.8);
            out[i] += (float) (amp * env * Math.sin(2 * Math.PI * f * t));
        }
    }

    private static void addPluck(float[] out, double t0, double len, double f, double amp) {
        int a = (int) (t0 * RATE);
        int b = Math.min(out.length, (int) ((t0 + len) * RATE));
        for (int i = a; i < b; i++) {
            double t = (double) (i - a) / RATE;
            double env = Math.exp(-t * 6);
            double tri = 2 / Math.PI * Math.asin(Math.sin(2 * Math.PI * f * t));
            out[i] += (float) (amp * env * tri);
        }
    }

    private static void addKick(float[] out, double t0, double amp) {
        int a = (int) (t0 * RATE);
        int b = Math.min(out.length, a + RATE / 4);
        double phase = 0;
        for (int i = Math.max(0, a); i < b; i++) {
            double t = (double) (i - a) / RATE;
            double f = 45 + 90 * Math.exp(-t * 30);
            phase += 2 * Math.PI * f / RATE;
            out[i] += (float) (amp * Math.exp(-t * 12) * Math.sin(phase));
        }
    }

    private static void addHat(float[] out, double t0, double amp, Random rnd) {
        int a = (int) (t0 * RATE);
        int b = Math.min(out.length, a + RATE / 20);
        for (int i = Math.max(0, a); i < b; i++) {
            double t = (double) (i - a) / RATE;
            out[i] += (float) (amp * Math.exp(-t * 80) * (rnd.nextDouble() * 2 - 1));
        }
    }
}
