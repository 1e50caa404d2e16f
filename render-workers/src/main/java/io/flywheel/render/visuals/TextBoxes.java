package io.flywheel.render.visuals;

import io.flywheel.render.captions.CaptionOverlays;
import io.flywheel.render.narration.Narration;
import io.flywheel.render.qa.LayoutCheck;
import io.flywheel.render.script.Script;
import io.flywheel.schemas.CaptionStyle;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.VisualStyle;
import java.util.ArrayList;
import java.util.List;

/**
 * The boxes of one rendition's frames, computed from the very layout functions that draw them: the
 * hook title, each caption, and each procedural scene picture's word (text) and icon (kept clear of
 * text), each with the time it is on screen. A scene picture's boxes are mapped into the frame
 * through its {@link KenBurns} motion, as the union over the whole motion.
 */
public final class TextBoxes {
    /** A scene picture of the rendition: what made it and when it is on screen. */
    public record ScenePicture(Script.Scene scene, String provider, double fromS, double toS) {}

    private TextBoxes() {}

    /** How long a picture stays after the next one starts: the longest transition. */
    static final double TRANSITION_S = 0.7;

    public static List<LayoutCheck.Box> of(
            String title,
            double titleSeconds,
            Narration narration,
            CaptionStyle style,
            List<ScenePicture> pictures,
            VisualStyle visualStyle,
            Platform platform,
            int width,
            int height) {
        List<LayoutCheck.Box> boxes = new ArrayList<>();
        float[] t = CaptionOverlays.titleLayout(title, platform, width, height).textBox();
        if (t != null) {
            boxes.add(LayoutCheck.Box.text("title", t, 0, titleSeconds));
        }
        if (style != CaptionStyle.NONE) {
            for (Narration.TimedPhrase p : narration.phrases()) {
                float[] c = CaptionOverlays.captionBox(p.text(), platform, width, height);
                if (c != null) {
                    boxes.add(
                            LayoutCheck.Box.text(
                                    "caption \"" + shortText(p.text()) + "\"",
                                    c,
                                    p.startMs() / 1000.0,
                                    p.endMs() / 1000.0));
                }
            }
        }
        int pw = ((int) Math.round(width * KenBurns.MARGIN)) & ~1;
        int ph = ((int) Math.round(height * KenBurns.MARGIN)) & ~1;
        for (int i = 0; i < pictures.size(); i++) {
            ScenePicture sp = pictures.get(i);
            if (!"procedural".equals(sp.provider())) {
                continue; // Other pictures carry no text or icon of ours.
            }
            ProceduralSceneImages.SceneLayout l =
                    ProceduralSceneImages.layout(sp.scene(), visualStyle, pw, ph);
            KenBurns motion = KenBurns.forScene(i);
            double to = sp.toS() + TRANSITION_S;
            float[] label = l.labelBox();
            if (label != null) {
                boxes.add(
                        LayoutCheck.Box.text(
                                        "scene " + (i + 1) + " label",
                                        inFrame(label, motion, pw, ph, width, height),
                                        sp.fromS(),
                                        to)
                                .ofPicture(i));
            }
            boxes.add(
                    LayoutCheck.Box.keepClear(
                                    "scene " + (i + 1) + " icon",
                                    inFrame(l.iconBox(), motion, pw, ph, width, height),
                                    sp.fromS(),
                                    to)
                            .ofPicture(i));
        }
        return boxes;
    }

    /** A box of the picture as the frame shows it at some moment of the motion: the union. */
    static float[] inFrame(float[] b, KenBurns k, int pw, int ph, int width, int height) {
        double x0 = Double.MAX_VALUE;
        double y0 = Double.MAX_VALUE;
        double x1 = -Double.MAX_VALUE;
        double y1 = -Double.MAX_VALUE;
        for (int i = 0; i <= 20; i++) {
            double p = i / 20.0;
            x0 = Math.min(x0, k.frameX(b[0] / pw, p) * width);
            x1 = Math.max(x1, k.frameX((b[0] + b[2]) / pw, p) * width);
            y0 = Math.min(y0, k.frameY(b[1] / ph, p) * height);
            y1 = Math.max(y1, k.frameY((b[1] + b[3]) / ph, p) * height);
        }
        return new float[] {(float) x0, (float) y0, (float) (x1 - x0), (float) (y1 - y0)};
    }

    private static String shortText(String s) {
        return s.length() <= 24 ? s : s.substring(0, 23) + "…";
    }
}
