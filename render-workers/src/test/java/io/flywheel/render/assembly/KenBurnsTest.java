package io.flywheel.render.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.render.FfmpegSelection;
import io.flywheel.render.media.FfmpegBinaries;
import io.flywheel.render.media.VideoFrames;
import io.flywheel.render.visuals.KenBurns;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scene pictures move (a zoom, then a pan) in a video made by the assembler itself, with real
 * ffmpeg: frames read back from the MP4 change over a scene, show the picture's edge only while
 * zoomed out, and never show a black border.
 */
class KenBurnsTest {
    static final int W = 180;
    static final int H = 320;

    @TempDir Path dir;

    @Test
    void stillsZoomAndPanWithoutBorders() throws Exception {
        FfmpegBinaries bin = FfmpegSelection.locate(Optional.empty(), dir.resolve("cache"));
        Path video =
                PicturesOnlyVideo.assemble(
                        bin,
                        dir,
                        W,
                        H,
                        24,
                        List.of(picture("a.jpg"), picture("b.jpg")),
                        List.of(0L, 2000L),
                        4.0,
                        0.1,
                        dir.resolve("kb.mp4"));

        BufferedImage zoomStart = frame(bin, video, 0.0);
        BufferedImage zoomLate = frame(bin, video, 1.9);
        BufferedImage panStart = frame(bin, video, 2.5);
        BufferedImage panEnd = frame(bin, video, 3.9);

        // Scene 1 zooms in: at first the whole picture shows, red edge band included; later the
        // window is inside the band.
        assertThat(redShare(zoomStart)).isGreaterThan(0.5);
        assertThat(redShare(zoomLate)).isZero();
        assertThat(meanDifference(zoomStart, zoomLate)).isGreaterThan(8);
        // Scene 2 pans: the view moves.
        assertThat(meanDifference(panStart, panEnd)).isGreaterThan(8);
        for (BufferedImage f : List.of(zoomStart, zoomLate, panStart, panEnd)) {
            assertThat(f.getWidth()).isEqualTo(W);
            assertThat(f.getHeight()).isEqualTo(H);
            assertThat(darkestBorderLuma(f)).isGreaterThan(60);
        }
    }

    /** A bright picture, MARGIN times the frame, with stripes and a 2 % red band at its edges. */
    private Path picture(String name) throws Exception {
        int w = ((int) Math.round(W * KenBurns.MARGIN)) & ~1;
        int h = ((int) Math.round(H * KenBurns.MARGIN)) & ~1;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(
                new GradientPaint(0, 0, new Color(255, 220, 120), w, h, new Color(120, 230, 255)));
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(200, 120, 220));
        for (int x = -h; x < w; x += 24) {
            g.fillPolygon(new int[] {x, x + 10, x + 10 + h, x + h}, new int[] {0, 0, h, h}, 4);
        }
        g.setColor(new Color(230, 30, 30));
        int band = Math.max(2, (int) (w * 0.02));
        g.fillRect(0, 0, band, h);
        g.fillRect(w - band, 0, band, h);
        g.dispose();
        Path f = dir.resolve(name);
        ImageIO.write(img, "png", f.toFile());
        return f;
    }

    private BufferedImage frame(FfmpegBinaries bin, Path video, double t) throws Exception {
        return VideoFrames.at(bin, video, t, dir);
    }

    /** The share of the leftmost column's pixels that are red. */
    static double redShare(BufferedImage f) {
        int red = 0;
        for (int y = 0; y < f.getHeight(); y++) {
            Color c = new Color(f.getRGB(0, y));
            if (c.getRed() > 150 && c.getGreen() < 110 && c.getBlue() < 110) {
                red++;
            }
        }
        return (double) red / f.getHeight();
    }

    static double meanDifference(BufferedImage a, BufferedImage b) {
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                Color p = new Color(a.getRGB(x, y));
                Color q = new Color(b.getRGB(x, y));
                sum +=
                        Math.abs(p.getRed() - q.getRed())
                                + Math.abs(p.getGreen() - q.getGreen())
                                + Math.abs(p.getBlue() - q.getBlue());
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }

    /** The darkest pixel of the frame's outer two rows and columns. */
    static double darkestBorderLuma(BufferedImage f) {
        double min = 255;
        for (int y = 0; y < f.getHeight(); y++) {
            for (int x = 0; x < f.getWidth(); x++) {
                boolean border = x < 2 || y < 2 || x >= f.getWidth() - 2 || y >= f.getHeight() - 2;
                if (border) {
                    Color c = new Color(f.getRGB(x, y));
                    min =
                            Math.min(
                                    min,
                                    0.299 * c.getRed()
                                            + 0.587 * c.getGreen()
                                            + 0.114 * c.getBlue());
                }
            }
        }
        return min;
    }
}
