package io.flywheel.render.text;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.LineBreakMeasurer;
import java.awt.font.TextAttribute;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.text.AttributedCharacterIterator;
import java.text.AttributedString;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Draws any text, hostile or foreign, as pixels: control characters become spaces, every character
 * gets the first installed font that has a glyph for it (Latin, Cyrillic, Greek, Arabic, Hebrew,
 * CJK, emoji as symbols), lines are broken to a width, and each line is drawn as an outlined shape.
 * Text is only ever drawn here; it never reaches ffmpeg.
 */
public final class TextPainter {
    /**
     * Fonts drawn first for a script, before the primary font: their glyphs are shaped for it
     * (Arabic joining forms, Devanagari conjuncts, Japanese glyph shapes rather than Chinese).
     */
    private static final Map<Character.UnicodeScript, String> BY_SCRIPT =
            Map.of(
                    Character.UnicodeScript.ARABIC, "Noto Sans Arabic",
                    Character.UnicodeScript.DEVANAGARI, "Noto Sans Devanagari",
                    Character.UnicodeScript.HAN, "Noto Sans CJK JP",
                    Character.UnicodeScript.HIRAGANA, "Noto Sans CJK JP",
                    Character.UnicodeScript.KATAKANA, "Noto Sans CJK JP");

    private static final String[] FALLBACKS = {
        "DejaVu Sans",
        "Noto Sans Arabic",
        "Noto Sans Devanagari",
        "Noto Sans CJK JP",
        "Droid Sans Fallback",
        "Noto Sans CJK SC",
        "WenQuanYi Micro Hei",
        "Symbola",
        "Noto Sans Symbols",
        "Noto Sans Symbols2",
        "FreeSerif",
        "Dialog"
    };
    private static final List<Font> INSTALLED = installed();

    /** A line ready to draw: its layout and width. */
    public record Line(TextLayout layout, float width, String text) {}

    private TextPainter() {}

    private static List<Font> installed() {
        Set<String> names = new HashSet<>();
        for (String f :
                GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames()) {
            names.add(f);
        }
        List<Font> out = new ArrayList<>();
        for (String f : FALLBACKS) {
            if (names.contains(f) || f.equals("Dialog")) {
                out.add(new Font(f, Font.PLAIN, 12));
            }
        }
        return out;
    }

    /** The installed font shaped for the script of {@code cp}, if it has one that shows it. */
    private static Font scriptFont(int cp) {
        String family = BY_SCRIPT.get(Character.UnicodeScript.of(cp));
        if (family == null) {
            return null;
        }
        for (Font f : INSTALLED) {
            if (f.getFamily(java.util.Locale.ROOT).equals(family) && f.canDisplay(cp)) {
                return f;
            }
        }
        return null;
    }

    /** Whether a line of this text runs right to left (its first strong character is RTL). */
    public static boolean rightToLeft(String text) {
        return !new java.text.Bidi(clean(text), java.text.Bidi.DIRECTION_DEFAULT_LEFT_TO_RIGHT)
                .baseIsLeftToRight();
    }

    /** Printable text only: controls (newlines, tabs, bidi overrides) become single spaces. */
    public static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        text.codePoints()
                .forEach(
                        cp -> {
                            int type = Character.getType(cp);
                            boolean control =
                                    Character.isISOControl(cp)
                                            || type == Character.FORMAT && cp != 0x200D
                                            || type == Character.LINE_SEPARATOR
                                            || type == Character.PARAGRAPH_SEPARATOR
                                            || type == Character.UNASSIGNED
                                            || type == Character.PRIVATE_USE
                                            || type == Character.SURROGATE;
                            sb.appendCodePoint(control || Character.isWhitespace(cp) ? ' ' : cp);
                        });
        return sb.toString().replaceAll(" {2,}", " ").strip();
    }

    /** The text with each character in a font that can show it. */
    public static AttributedString styled(String text, Font primary) {
        AttributedString as = new AttributedString(text.isEmpty() ? " " : text);
        if (text.isEmpty()) {
            as.addAttribute(TextAttribute.FONT, primary);
            return as;
        }
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int n = Character.charCount(cp);
            Font f = primary;
            Font byScript = scriptFont(cp);
            if (byScript != null) {
                f = byScript.deriveFont(primary.getStyle(), primary.getSize2D());
            } else if (!primary.canDisplay(cp)) {
                for (Font fb : INSTALLED) {
                    if (fb.canDisplay(cp)) {
                        f = fb.deriveFont(primary.getStyle(), primary.getSize2D());
                        break;
                    }
                }
            }
            as.addAttribute(TextAttribute.FONT, f, i, i + n);
            i += n;
        }
        return as;
    }

    /** Breaks text into lines no wider than maxWidth, at most maxLines (the rest is cut with …). */
    public static List<Line> wrap(
            String rawText, Font font, FontRenderContext frc, float maxWidth, int maxLines) {
        String text = clean(rawText);
        // LineBreakMeasurer fails on widths below a glyph; never ask it for one.
        maxWidth = Math.max(maxWidth, font.getSize2D() * 2);
        List<Line> lines = new ArrayList<>();
        if (text.isEmpty()) {
            return lines;
        }
        AttributedCharacterIterator it = styled(text, font).getIterator();
        LineBreakMeasurer m = new LineBreakMeasurer(it, frc);
        while (m.getPosition() < it.getEndIndex()) {
            int start = m.getPosition();
            TextLayout l = m.nextLayout(maxWidth);
            if (l == null) {
                break;
            }
            if (lines.size() == maxLines) {
                // Too long to show: the last line ends with an ellipsis instead.
                Line last = lines.remove(lines.size() - 1);
                String cut = last.text();
                String shortened =
                        cut.length() > 2 ? cut.substring(0, cut.length() - 1) + "…" : cut;
                TextLayout tl = new TextLayout(styled(shortened, font).getIterator(), frc);
                lines.add(new Line(tl, tl.getAdvance(), shortened));
                break;
            }
            lines.add(new Line(l, l.getAdvance(), text.substring(start, m.getPosition()).strip()));
        }
        return lines;
    }

    /**
     * Draws lines centred on cx, the first baseline at y, outlined for contrast.
     *
     * @return the y below the last line
     */
    public static float drawCentered(
            Graphics2D g,
            List<Line> lines,
            float cx,
            float y,
            Color fill,
            Color outline,
            float outlineWidth) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        float cy = y;
        for (Line line : lines) {
            TextLayout l = line.layout();
            cy += l.getAscent();
            Shape s = l.getOutline(AffineTransform.getTranslateInstance(cx - line.width() / 2, cy));
            if (outline != null && outlineWidth > 0) {
                g.setColor(outline);
                g.setStroke(
                        new BasicStroke(
                                outlineWidth, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(s);
            }
            g.setColor(fill);
            g.fill(s);
            cy += l.getDescent() + l.getLeading();
        }
        return cy;
    }

    /** The width of the widest line. */
    public static float maxWidth(List<Line> lines) {
        float w = 0;
        for (Line l : lines) {
            w = Math.max(w, l.width());
        }
        return w;
    }

    public static float height(List<Line> lines) {
        float h = 0;
        for (Line l : lines) {
            h += l.layout().getAscent() + l.layout().getDescent() + l.layout().getLeading();
        }
        return h;
    }

    /**
     * The font families {@link #styled} draws {@code text} with in {@code primary}: the family of
     * each font that shows a character (as installed: a missing family is drawn by Java's logical
     * font, reported as its family name).
     */
    public static java.util.Set<String> families(String text, Font primary) {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        String t = clean(text);
        AttributedCharacterIterator it = styled(t, primary).getIterator();
        for (char c = it.first(); c != AttributedCharacterIterator.DONE; c = it.next()) {
            Object f = it.getAttribute(TextAttribute.FONT);
            if (f instanceof Font font) {
                out.add(font.getFamily(java.util.Locale.ROOT));
            }
        }
        return out;
    }

    /**
     * The font metrics context titles and captions are laid out with (antialiased, untransformed),
     * so a layout computed without drawing matches the drawing.
     */
    public static FontRenderContext frc() {
        return new FontRenderContext(null, true, false);
    }

    /** The bold sans-serif that captions and titles use. */
    public static Font captionFont(float size) {
        return new Font("DejaVu Sans", Font.BOLD, 12).deriveFont(size);
    }
}
