package io.flywheel.render.captions;

import io.flywheel.render.narration.Narration;
import io.flywheel.render.text.TextPainter;
import java.util.List;

/**
 * SRT and WebVTT sidecars from the narration's phrase timings. Text is cleaned of control
 * characters (a newline in the input cannot end a cue early), and in WebVTT the characters with
 * markup meaning are escaped and an arrow cannot fake a timing line.
 */
public final class SubtitleFiles {
    private SubtitleFiles() {}

    /** U+200F RIGHT-TO-LEFT MARK: starts a cue in a right-to-left language. */
    static final String RLM = "\u200F";

    public static String srt(Narration n) {
        return srt(n, false);
    }

    public static String vtt(Narration n) {
        return vtt(n, false);
    }

    /**
     * @param rightToLeft the captions' language runs right to left: each cue starts with a
     *     right-to-left mark, so a player lays it out so even when it begins with digits or Latin
     */
    public static String srt(Narration n, boolean rightToLeft) {
        StringBuilder sb = new StringBuilder();
        List<Narration.TimedPhrase> ps = n.phrases();
        for (int i = 0; i < ps.size(); i++) {
            Narration.TimedPhrase p = ps.get(i);
            sb.append(i + 1).append('\n');
            sb.append(time(p.startMs(), ',')).append(" --> ").append(time(p.endMs(), ','));
            sb.append('\n')
                    .append(rightToLeft ? RLM : "")
                    .append(cueText(p.text()).replace("-->", "→"))
                    .append("\n\n");
        }
        return sb.toString();
    }

    /** The WebVTT sidecar; see {@link #srt(Narration, boolean)} for {@code rightToLeft}. */
    public static String vtt(Narration n, boolean rightToLeft) {
        StringBuilder sb = new StringBuilder("WEBVTT\n\n");
        for (Narration.TimedPhrase p : n.phrases()) {
            sb.append(time(p.startMs(), '.')).append(" --> ").append(time(p.endMs(), '.'));
            String t =
                    cueText(p.text())
                            .replace("&", "&amp;")
                            .replace("<", "&lt;")
                            .replace(">", "&gt;");
            sb.append('\n').append(rightToLeft ? RLM : "").append(t).append("\n\n");
        }
        return sb.toString();
    }

    private static String cueText(String text) {
        String t = TextPainter.clean(text);
        return t.isEmpty() ? "…" : t;
    }

    static String time(long ms, char sep) {
        long h = ms / 3_600_000;
        long m = (ms / 60_000) % 60;
        long s = (ms / 1000) % 60;
        long f = ms % 1000;
        return String.format("%02d:%02d:%02d%c%03d", h, m, s, sep, f);
    }
}
