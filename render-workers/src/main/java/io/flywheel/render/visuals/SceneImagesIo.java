package io.flywheel.render.visuals;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/** Scales a picture to cover a frame exactly, cropping the overflow evenly. */
public final class SceneImagesIo {
    private SceneImagesIo() {}

    public static void cover(BufferedImage src, int w, int h, Path out) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(
                RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        double k = Math.max((double) w / src.getWidth(), (double) h / src.getHeight());
        int sw = (int) Math.ceil(src.getWidth() * k);
        int sh = (int) Math.ceil(src.getHeight() * k);
        g.drawImage(src, (w - sw) / 2, (h - sh) / 2, sw, sh, null);
        g.dispose();
        ProceduralSceneImages.writeJpeg(img, out);
    }
}
