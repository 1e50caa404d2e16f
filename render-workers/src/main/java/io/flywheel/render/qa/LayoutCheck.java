package io.flywheel.render.qa;

import io.flywheel.render.captions.SafeArea;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks the boxes of a rendition's frames: every text box (title, captions, scene words) inside
 * the platform's safe area, no two text boxes on screen at the same time overlapping, and no text
 * over a box kept clear (a scene's icon). Each violation is one reason, naming both boxes, where
 * and when.
 */
public final class LayoutCheck {
    /**
     * A box in the frame, pixels {x, y, w, h}, shown from {@code fromS} to {@code toS}.
     *
     * @param text true for text; false for something text must not cover
     * @param picture the scene picture the box is part of (its position in the video), or -1 for an
     *     overlay (title, captions). Boxes of two different pictures are not compared: they share
     *     the screen only while one picture fades into the next.
     */
    public record Box(
            String name, float[] rect, double fromS, double toS, boolean text, int picture) {
        public static Box text(String name, float[] rect, double fromS, double toS) {
            return new Box(name, rect, fromS, toS, true, -1);
        }

        public static Box keepClear(String name, float[] rect, double fromS, double toS) {
            return new Box(name, rect, fromS, toS, false, -1);
        }

        /** The same box as part of scene picture {@code i}. */
        public Box ofPicture(int i) {
            return new Box(name, rect, fromS, toS, text, i);
        }

        boolean comparableWith(Box o) {
            return picture < 0 || o.picture < 0 || picture == o.picture;
        }

        boolean onScreenWith(Box o) {
            return fromS < o.toS && o.fromS < toS;
        }

        boolean overlaps(Box o) {
            return rect[0] < o.rect[0] + o.rect[2]
                    && o.rect[0] < rect[0] + rect[2]
                    && rect[1] < o.rect[1] + o.rect[3]
                    && o.rect[1] < rect[1] + rect[3];
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%s [x %.0f-%.0f, y %.0f-%.0f]",
                    name,
                    rect[0],
                    rect[0] + rect[2],
                    rect[1],
                    rect[1] + rect[3]);
        }
    }

    private LayoutCheck() {}

    /** Every violation in a {@code width x height} frame with this safe area; empty: passed. */
    public static List<String> problems(List<Box> boxes, SafeArea safe, int width, int height) {
        List<String> out = new ArrayList<>();
        // Rounding to whole pixels happens when boxes are drawn; half a pixel is not a violation.
        float x0 = safe.x0(width) - 0.5f;
        float x1 = safe.x1(width) + 0.5f;
        float y0 = safe.y0(height) - 0.5f;
        float y1 = safe.y1(height) + 0.5f;
        for (Box b : boxes) {
            if (b.text()
                    && (b.rect()[0] < x0
                            || b.rect()[1] < y0
                            || b.rect()[0] + b.rect()[2] > x1
                            || b.rect()[1] + b.rect()[3] > y1)) {
                out.add(
                        String.format(
                                Locale.ROOT,
                                "%s leaves the safe area [x %d-%d, y %d-%d]",
                                b,
                                safe.x0(width),
                                safe.x1(width),
                                safe.y0(height),
                                safe.y1(height)));
            }
        }
        for (int i = 0; i < boxes.size(); i++) {
            for (int j = i + 1; j < boxes.size(); j++) {
                Box a = boxes.get(i);
                Box b = boxes.get(j);
                if ((a.text() || b.text())
                        && a.comparableWith(b)
                        && a.onScreenWith(b)
                        && a.overlaps(b)) {
                    out.add(
                            String.format(
                                    Locale.ROOT,
                                    "%s overlaps %s between %.2f s and %.2f s",
                                    a,
                                    b,
                                    Math.max(a.fromS(), b.fromS()),
                                    Math.min(a.toS(), b.toS())));
                }
            }
        }
        return out;
    }
}
