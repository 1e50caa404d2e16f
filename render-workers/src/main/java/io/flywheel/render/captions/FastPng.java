package io.flywheel.render.captions;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes PNGs with light deflate compression: caption images are mostly transparent, so they stay
 * small, and a video has hundreds of them (one per word), so encoding speed matters more.
 */
final class FastPng {
    private FastPng() {}

    static void write(BufferedImage img, Path out) throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("png").next();
        ImageWriteParam p = w.getDefaultWriteParam();
        if (p.canWriteCompressed()) {
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(0.85f); // deflate level ~1
        }
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out.toFile())) {
            w.setOutput(ios);
            w.write(null, new IIOImage(img, null, null), p);
        } finally {
            w.dispose();
        }
    }
}
