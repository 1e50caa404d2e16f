package io.flywheel.render.visuals;

import io.flywheel.render.captions.CaptionOverlays;
import io.flywheel.render.captions.SafeArea;
import io.flywheel.schemas.Platform;

/**
 * The part of a frame left to a scene picture's subject (its icon and its word): inside every
 * platform's safe area, below the hook title's zone and above the caption band, so a picture made
 * once serves every platform. {@link #inPicture} turns it into the part of the picture that stays
 * there through every {@link KenBurns} motion.
 */
public final class PictureZone {
    /** Space kept between the zone and the title or the captions, as a share of the height. */
    static final double GAP = 0.01;

    private PictureZone() {}

    /** The zone in a {@code width x height} frame, as fractions {x0, y0, x1, y1}. */
    public static double[] inFrame(int width, int height) {
        double x0 = 0;
        double x1 = 1;
        double y0 = 0;
        double y1 = 1;
        for (Platform p : Platform.values()) {
            SafeArea a = SafeArea.of(p, width, height);
            x0 = Math.max(x0, a.left());
            x1 = Math.min(x1, 1 - a.right());
            y0 = Math.max(y0, a.top() + CaptionOverlays.titleZone(width, height) + GAP);
            y1 = Math.min(y1, CaptionOverlays.band(p, width, height)[1] / (double) height - GAP);
        }
        return new double[] {x0, y0, x1, y1};
    }

    /**
     * The zone as fractions of a {@code pictureWidth x pictureHeight} picture: what is drawn there
     * is inside {@link #inFrame} at every moment of every motion.
     */
    public static double[] inPicture(int pictureWidth, int pictureHeight) {
        double[] f = inFrame(pictureWidth, pictureHeight);
        double x0 = 0;
        double x1 = 1;
        double y0 = 0;
        double y1 = 1;
        for (int m = 0; m < 4; m++) {
            KenBurns k = KenBurns.forScene(m);
            for (int i = 0; i <= 20; i++) {
                double p = i / 20.0;
                double z = k.zoom(p);
                x0 = Math.max(x0, k.cx(p) + (f[0] - 0.5) / z);
                x1 = Math.min(x1, k.cx(p) + (f[2] - 0.5) / z);
                y0 = Math.max(y0, k.cy(p) + (f[1] - 0.5) / z);
                y1 = Math.min(y1, k.cy(p) + (f[3] - 0.5) / z);
            }
        }
        return new double[] {x0, y0, x1, y1};
    }
}
