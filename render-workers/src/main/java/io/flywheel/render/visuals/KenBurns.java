package io.flywheel.render.visuals;

import java.util.Locale;

/**
 * The slow zoom and pan of each scene picture (Ken Burns), as one definition used twice: the
 * assembler turns it into a {@code zoompan} filter (numbers only), and the layout check maps the
 * picture's boxes into the frame with it. A picture is {@link #MARGIN} times the frame; the window
 * that is shown is the whole picture at zoom 1 and exactly the frame's size at zoom {@code MARGIN},
 * so no frame ever shows a border and no pixel is enlarged beyond its source.
 *
 * <p>Coordinates are fractions of the picture; the window centre moves from {@code (cx0, cy0)} to
 * {@code (cx1, cy1)} while the zoom moves from {@code z0} to {@code z1}, linearly over the clip.
 */
public record KenBurns(double z0, double z1, double cx0, double cy0, double cx1, double cy1) {
    /** How much larger than the frame scene pictures are drawn. */
    public static final double MARGIN = 1.10;

    /** Scene {@code i}'s motion: zoom in, pan right, zoom out, pan left, and so on. */
    public static KenBurns forScene(int i) {
        double edge = 0.5 / MARGIN;
        return switch (i % 4) {
            case 0 -> new KenBurns(1.0, MARGIN, 0.5, 0.5, 0.5, 0.5);
            case 1 -> new KenBurns(MARGIN, MARGIN, edge, 0.5, 1 - edge, 0.5);
            case 2 -> new KenBurns(MARGIN, 1.0, 0.5, 0.5, 0.5, 0.5);
            default -> new KenBurns(MARGIN, MARGIN, 1 - edge, 0.5, edge, 0.5);
        };
    }

    public double zoom(double p) {
        return z0 + (z1 - z0) * p;
    }

    /** The window's centre at progress p, kept where the window stays inside the picture. */
    public double cx(double p) {
        return clampCentre(cx0 + (cx1 - cx0) * p, zoom(p));
    }

    public double cy(double p) {
        return clampCentre(cy0 + (cy1 - cy0) * p, zoom(p));
    }

    private static double clampCentre(double c, double z) {
        double half = 0.5 / z;
        return Math.max(half, Math.min(1 - half, c));
    }

    /**
     * Where a point of the picture (fractions) appears in the frame (fractions) at progress p: the
     * window spans {@code 1/zoom} of the picture around its centre and fills the frame.
     */
    public double frameX(double fx, double p) {
        return 0.5 + (fx - cx(p)) * zoom(p);
    }

    public double frameY(double fy, double p) {
        return 0.5 + (fy - cy(p)) * zoom(p);
    }

    /**
     * The filter for a clip of {@code frames} frames of a looped still, output at {@code width x
     * height}: only numbers and the filter's own variables. A pan at zoom {@link #MARGIN} shows a
     * window of exactly the frame's size, so it is a {@code crop} that moves (no resampling);
     * anything that zooms is a {@code zoompan}, which resamples every frame (about 3 ms of CPU per
     * 1080x1920 frame, measured by bench/render).
     */
    public String filter(int frames, int width, int height, int fps) {
        if (z0 == MARGIN && z1 == MARGIN) {
            return crop(frames, width, height, fps);
        }
        String p = String.format(Locale.ROOT, "min(1,on/%d)", Math.max(1, frames - 1));
        String z = String.format(Locale.ROOT, "%.5f+%.5f*%s", z0, z1 - z0, p);
        // zoompan's x and y are the window's top-left corner in input pixels.
        String x = String.format(Locale.ROOT, "iw*(%.5f+%.5f*%s)-iw/zoom/2", cx0, cx1 - cx0, p);
        String y = String.format(Locale.ROOT, "ih*(%.5f+%.5f*%s)-ih/zoom/2", cy0, cy1 - cy0, p);
        return String.format(
                Locale.ROOT,
                "zoompan=z='%s':x='%s':y='%s':d=1:s=%dx%d:fps=%d",
                z,
                x,
                y,
                width,
                height,
                fps);
    }

    /**
     * The moving window of a pan as a {@code crop} (which keeps it inside the picture), then {@code
     * fps} to give the clip the frame rate {@code xfade} checks (its frames already have it).
     */
    private String crop(int frames, int width, int height, int fps) {
        String p = String.format(Locale.ROOT, "min(1,n/%d)", Math.max(1, frames - 1));
        return String.format(
                Locale.ROOT,
                "crop=w=%d:h=%d:x='iw*(%.5f+%.5f*%s)-%d':y='ih*(%.5f+%.5f*%s)-%d',fps=%d",
                width,
                height,
                cx0,
                cx1 - cx0,
                p,
                width / 2,
                cy0,
                cy1 - cy0,
                p,
                height / 2,
                fps);
    }
}
