package io.flywheel.render.captions;

import io.flywheel.render.narration.Narration;
import io.flywheel.render.text.TextPainter;
import io.flywheel.schemas.CaptionStyle;
import io.flywheel.schemas.Platform;
import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Burned-in captions as a track of transparent PNGs, one per caption change (per phrase, or per
 * word for the highlight style), listed with their durations in an ffconcat file. ffmpeg overlays
 * that one track, so no caption text ever enters a filter string and one overlay serves the whole
 * video. Also draws the hook title shown in the first seconds.
 */
public final class CaptionOverlays {
    /** The caption track of one rendition: the ffconcat file and where the band goes. */
    public record Track(Path concatFile, int x, int y, int width, int height, int frames) {}

    static final Color HIGHLIGHT = new Color(255, 214, 10);
    static final Color BOX = new Color(0, 0, 0, 150);

    private CaptionOverlays() {}

    /** The caption band's rectangle in a frame: inside the safe area, in its lower part. */
    public static int[] band(Platform platform, int width, int height) {
        SafeArea a = SafeArea.of(platform, width, height);
        // Even sizes and positions keep yuv420p subsampling exact; rounded inwards.
        int x = even(a.x0(width));
        int bw = (a.x1(width) - x) & ~1;
        int bh = (int) (height * (height > width ? 0.20 : 0.24)) & ~1;
        int y = (a.y1(height) - bh) & ~1;
        return new int[] {x, y, bw, bh};
    }

    /** The even number at or above n. */
    private static int even(int n) {
        return (n + 1) & ~1;
    }

    public static Track write(
            Narration n,
            CaptionStyle style,
            Platform platform,
            int width,
            int height,
            double videoSeconds,
            Path dir)
            throws IOException {
        Files.createDirectories(dir);
        int[] b = band(platform, width, height);
        int bw = b[2];
        int bh = b[3];
        Font font = captionFont(width, height);
        List<String> entries = new ArrayList<>();
        Path blank = dir.resolve("blank.png");
        ImageIO.write(
                new BufferedImage(bw, bh, BufferedImage.TYPE_INT_ARGB), "png", blank.toFile());
        long cursor = 0;
        int count = 0;
        // The images are drawn and encoded afterwards, in parallel: a minute of word-by-word
        // captions is a few hundred PNGs.
        List<ImageTask> images = new ArrayList<>();
        for (Narration.TimedPhrase p : n.phrases()) {
            if (style == CaptionStyle.NONE) {
                break;
            }
            if (style == CaptionStyle.WORD_HIGHLIGHT) {
                List<Narration.TimedWord> ws = p.words();
                for (int i = 0; i < ws.size(); i++) {
                    Narration.TimedWord w = ws.get(i);
                    long end = i == ws.size() - 1 ? p.endMs() : ws.get(i + 1).startMs();
                    cursor = gap(entries, cursor, w.startMs());
                    Path f = dir.resolve(String.format("cap-%05d.png", ++count));
                    final int word = i;
                    images.add(() -> FastPng.write(draw(p, word, font, bw, bh), f));
                    entries.add(entry(f, end - w.startMs()));
                    cursor = end;
                }
            } else {
                cursor = gap(entries, cursor, p.startMs());
                Path f = dir.resolve(String.format("cap-%05d.png", ++count));
                images.add(() -> FastPng.write(draw(p, -1, font, bw, bh), f));
                entries.add(entry(f, p.endMs() - p.startMs()));
                cursor = p.endMs();
            }
        }
        try {
            images.parallelStream()
                    .forEach(
                            t -> {
                                try {
                                    t.write();
                                } catch (IOException e) {
                                    throw new java.io.UncheckedIOException(e);
                                }
                            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        long endMs = Math.round(videoSeconds * 1000);
        if (endMs > cursor) {
            entries.add(entry(blank, endMs - cursor));
        }
        // The concat demuxer ignores the last entry's duration unless the file is listed again.
        String last = entries.isEmpty() ? entry(blank, endMs) : entries.get(entries.size() - 1);
        if (entries.isEmpty()) {
            entries.add(last);
        }
        StringBuilder sb = new StringBuilder("ffconcat version 1.0\n");
        entries.forEach(sb::append);
        sb.append(last, 0, last.indexOf('\n') + 1);
        Path concat = dir.resolve("captions.ffconcat");
        Files.writeString(concat, sb.toString(), StandardCharsets.UTF_8);
        return new Track(concat, b[0], b[1], bw, bh, count);
    }

    @FunctionalInterface
    private interface ImageTask {
        void write() throws IOException;
    }

    private static long gap(List<String> entries, long cursor, long start) {
        if (start > cursor) {
            entries.add(entry(null, start - cursor));
        }
        return Math.max(cursor, start);
    }

    /** One ffconcat entry; file names are generated here, never taken from input. */
    private static String entry(Path file, long ms) {
        String name = file == null ? "blank.png" : file.getFileName().toString();
        return "file '"
                + name
                + "'\nduration "
                + String.format("%.3f", Math.max(1, ms) / 1000.0)
                + "\n";
    }

    /** One caption image: the phrase in a rounded box, the word at {@code highlight} in yellow. */
    static BufferedImage draw(Narration.TimedPhrase p, int highlight, Font font, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setComposite(AlphaComposite.SrcOver);
            float pad = font.getSize2D() * 0.5f;
            List<TextPainter.Line> lines =
                    TextPainter.wrap(p.text(), font, TextPainter.frc(), w - 2 * pad, 3);
            if (lines.isEmpty()) {
                return img;
            }
            float[] box = box(lines, font, w, h);
            g.setColor(BOX);
            g.fill(
                    new RoundRectangle2D.Float(
                            box[0], box[1], box[2], box[3], pad * 1.5f, pad * 1.5f));
            if (highlight < 0 || !wordByWord(p, font, g.getFontRenderContext(), w - 2 * pad)) {
                TextPainter.drawCentered(
                        g,
                        lines,
                        w / 2f,
                        box[1] + pad * 0.8f,
                        Color.WHITE,
                        Color.BLACK,
                        font.getSize2D() / 8);
            } else {
                drawHighlighted(g, p, highlight, font, w, box[1] + pad * 0.8f, w - 2 * pad);
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    /**
     * Whether the phrase can be laid out word by word: not when a word is wider than a line, as a
     * Japanese clause (written without spaces) is; that phrase is drawn whole, broken between
     * characters, without a highlighted word.
     */
    private static boolean wordByWord(
            Narration.TimedPhrase p, Font font, java.awt.font.FontRenderContext frc, float maxW) {
        for (Narration.TimedWord word : p.words()) {
            List<TextPainter.Line> l = TextPainter.wrap(word.text(), font, frc, maxW, 2);
            if (l.size() > 1) {
                return false;
            }
        }
        return true;
    }

    /** The rounded box behind a caption's lines, {x, y, w, h} in the band: at its bottom. */
    private static float[] box(List<TextPainter.Line> lines, Font font, int w, int h) {
        float pad = font.getSize2D() * 0.5f;
        float maxW = TextPainter.maxWidth(lines);
        float boxW = Math.min(w, maxW + 2 * pad);
        float boxH = Math.min(h, TextPainter.height(lines) + 2 * pad * 0.8f);
        return new float[] {(w - boxW) / 2, h - boxH, boxW, boxH};
    }

    /** The caption font of a frame of this size. */
    public static Font captionFont(int width, int height) {
        return TextPainter.captionFont(Math.max(14f, Math.min(width, height) * 0.062f));
    }

    /**
     * Where the caption of {@code text} is drawn in the frame, {x, y, w, h}, or null when the text
     * draws nothing: the layout {@link #write} draws, for the layout check.
     */
    public static float[] captionBox(String text, Platform platform, int width, int height) {
        int[] b = band(platform, width, height);
        Font font = captionFont(width, height);
        float pad = font.getSize2D() * 0.5f;
        List<TextPainter.Line> lines =
                TextPainter.wrap(text, font, TextPainter.frc(), b[2] - 2 * pad, 3);
        if (lines.isEmpty()) {
            return null;
        }
        float[] box = box(lines, font, b[2], b[3]);
        return new float[] {b[0] + box[0], b[1] + box[1], box[2], box[3]};
    }

    /**
     * Draws the phrase word by word so the current word can take another colour; a right-to-left
     * phrase (Arabic) places its first word at the right.
     */
    private static void drawHighlighted(
            Graphics2D g,
            Narration.TimedPhrase p,
            int highlight,
            Font font,
            int w,
            float y,
            float maxW) {
        // Lay the words out in lines ourselves: each word is drawn on its own.
        List<Narration.TimedWord> ws = p.words();
        var frc = g.getFontRenderContext();
        float space = (float) font.getStringBounds(" ", frc).getWidth();
        List<List<Integer>> rows = new ArrayList<>();
        List<Float> rowWidths = new ArrayList<>();
        List<Integer> row = new ArrayList<>();
        float rw = 0;
        float[] widths = new float[ws.size()];
        List<List<TextPainter.Line>> laid = new ArrayList<>();
        for (int i = 0; i < ws.size(); i++) {
            List<TextPainter.Line> l = TextPainter.wrap(ws.get(i).text(), font, frc, maxW, 1);
            laid.add(l);
            widths[i] = l.isEmpty() ? 0 : l.get(0).width();
            if (!row.isEmpty() && rw + space + widths[i] > maxW) {
                rows.add(row);
                rowWidths.add(rw);
                row = new ArrayList<>();
                rw = 0;
            }
            rw += (row.isEmpty() ? 0 : space) + widths[i];
            row.add(i);
        }
        rows.add(row);
        rowWidths.add(rw);
        float lineH = font.getSize2D() * 1.25f;
        float cy = y;
        boolean rtl = TextPainter.rightToLeft(p.text());
        for (int r = 0; r < rows.size() && r < 3; r++) {
            float x = w / 2f - rowWidths.get(r) / 2;
            List<Integer> order = new ArrayList<>(rows.get(r));
            if (rtl) {
                java.util.Collections.reverse(order);
            }
            for (int i : order) {
                if (!laid.get(i).isEmpty()) {
                    TextPainter.Line line = laid.get(i).get(0);
                    TextPainter.drawCentered(
                            g,
                            List.of(line),
                            x + widths[i] / 2,
                            cy,
                            i == highlight ? HIGHLIGHT : Color.WHITE,
                            Color.BLACK,
                            font.getSize2D() / 8);
                }
                x += widths[i] + space;
            }
            cy += lineH;
        }
    }

    /**
     * The hook title's place: its image's rectangle {x, y, w, h} at the top of the safe area, the
     * font (smaller for a title that would not fit in three lines of the zone) and its lines.
     */
    public record TitleLayout(int[] rect, Font font, List<TextPainter.Line> lines) {
        float outline() {
            return font.getSize2D() / 6;
        }

        /** The drawn text's bounds in the frame, {x, y, w, h}; null for an empty title. */
        public float[] textBox() {
            if (lines.isEmpty()) {
                return null;
            }
            float maxW = TextPainter.maxWidth(lines);
            float o = outline();
            return new float[] {
                rect[0] + (rect[2] - maxW) / 2 - o,
                rect[1],
                maxW + 2 * o,
                TextPainter.height(lines) + 2 * o
            };
        }
    }

    /** The share of the frame's height the title may take below the top of the safe area. */
    public static double titleZone(int width, int height) {
        return height > width ? 0.20 : 0.28;
    }

    public static TitleLayout titleLayout(String title, Platform platform, int width, int height) {
        SafeArea a = SafeArea.of(platform, width, height);
        int x = even(a.x0(width));
        int y = even(a.y0(height));
        int tw = (a.x1(width) - x) & ~1;
        int th = ((int) (height * titleZone(width, height))) & ~1;
        float size = Math.min(width, height) * 0.085f;
        Font font = TextPainter.captionFont(size);
        List<TextPainter.Line> lines =
                TextPainter.wrap(title, font, TextPainter.frc(), tw * 0.94f, 3);
        // A long title gets a smaller font rather than spilling over the picture below it or out
        // of the safe area (a line cut with an ellipsis, or drawn by a fallback font, can be wider
        // than the width it was wrapped to).
        for (int i = 0;
                i < 10
                        && (TextPainter.height(lines) + size / 3 > th
                                || TextPainter.maxWidth(lines) + size / 3 > tw);
                i++) {
            size *= 0.9f;
            font = TextPainter.captionFont(size);
            lines = TextPainter.wrap(title, font, TextPainter.frc(), tw * 0.94f, 3);
        }
        return new TitleLayout(new int[] {x, y, tw, th}, font, lines);
    }

    /** The hook title as a transparent PNG at the top of the frame's safe area. */
    public static int[] writeTitle(
            String title, Platform platform, int width, int height, Path file) throws IOException {
        TitleLayout t = titleLayout(title, platform, width, height);
        BufferedImage img =
                new BufferedImage(t.rect()[2], t.rect()[3], BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        try {
            // Top-aligned: the picture's subject sits below the title zone.
            TextPainter.drawCentered(
                    g,
                    t.lines(),
                    t.rect()[2] / 2f,
                    t.outline(),
                    Color.WHITE,
                    new Color(0, 0, 0, 200),
                    t.outline());
        } finally {
            g.dispose();
        }
        ImageIO.write(img, "png", file.toFile());
        return t.rect();
    }
}
