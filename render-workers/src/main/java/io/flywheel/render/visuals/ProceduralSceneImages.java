package io.flywheel.render.visuals;

import io.flywheel.render.pipeline.StageRunner;
import io.flywheel.render.script.Script;
import io.flywheel.render.text.TextPainter;
import io.flywheel.schemas.VisualStyle;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.GeneralPath;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * The offline picture maker. A scene's mood picks the palette, its visual style the composition
 * (minimal, bold blocks, gradients, illustrated landscape, soft photographic bokeh), its first
 * keyword an icon drawn from vector shapes and a large word. Seeded by the scene text, so the same
 * scene always looks the same and different scenes look different.
 */
public final class ProceduralSceneImages implements SceneImages {
    @Override
    public String provider() {
        return "procedural";
    }

    @Override
    public io.flywheel.render.evidence.Provenance provenance(Script.Scene scene) {
        return new io.flywheel.render.evidence.Provenance(
                provider(),
                "flywheel procedural scenes",
                io.flywheel.render.evidence.Provenance.FLYWHEEL_GENERATED);
    }

    @Override
    public StageRunner.Costed<Path> render(
            Script.Scene scene, int index, VisualStyle style, int w, int h, Path out)
            throws IOException {
        BufferedImage img = draw(scene, index, style, w, h);
        writeJpeg(img, out);
        return StageRunner.Costed.free(out);
    }

    public static BufferedImage draw(
            Script.Scene scene, int index, VisualStyle style, int w, int h) {
        Random rnd = new Random(scene.text().hashCode() * 31L + index);
        Palette p = Palette.of(scene.mood(), rnd);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        int m = Math.min(w, h);
        VisualStyle s =
                style == null || style == VisualStyle.UNKNOWN ? VisualStyle.GRADIENT : style;
        switch (s) {
            case MINIMAL -> {
                g.setColor(p.light());
                g.fillRect(0, 0, w, h);
                g.setColor(p.background());
                g.fill(
                        new Ellipse2D.Float(
                                w * 0.5f - m * 0.38f, h * 0.42f - m * 0.38f, m * 0.76f, m * 0.76f));
            }
            case BOLD -> {
                g.setColor(p.background());
                g.fillRect(0, 0, w, h);
                g.setColor(p.deep());
                GeneralPath diag = new GeneralPath();
                diag.moveTo(0, h * (0.55 + rnd.nextDouble() * 0.2));
                diag.lineTo(w, h * (0.25 + rnd.nextDouble() * 0.2));
                diag.lineTo(w, h);
                diag.lineTo(0, h);
                diag.closePath();
                g.fill(diag);
                g.setColor(p.accent());
                g.fillRect(0, (int) (h * 0.08), (int) (w * 0.12), (int) (h * 0.04));
            }
            case ILLUSTRATED -> illustrated(g, p, rnd, w, h);
            case PHOTOGRAPHIC -> photographic(g, p, rnd, w, h);
            default -> {
                g.setPaint(new GradientPaint(0, 0, p.background(), w, h, p.deep()));
                g.fillRect(0, 0, w, h);
                for (int i = 0; i < 5; i++) {
                    float r = m * (0.2f + rnd.nextFloat() * 0.35f);
                    float x = rnd.nextFloat() * w;
                    float y = rnd.nextFloat() * h;
                    g.setPaint(
                            new RadialGradientPaint(
                                    x,
                                    y,
                                    r,
                                    new float[] {0f, 1f},
                                    new Color[] {
                                        withAlpha(p.accent(), 90), withAlpha(p.accent(), 0)
                                    }));
                    g.fill(new Ellipse2D.Float(x - r, y - r, 2 * r, 2 * r));
                }
            }
        }
        SceneLayout l = layout(scene, s, w, h);
        Color iconColor = s == VisualStyle.MINIMAL ? p.light() : Color.WHITE;
        Icons.draw(g, l.keyword(), l.cx(), l.cy(), l.r(), iconColor, withAlpha(p.deep(), 220));
        TextPainter.drawCentered(
                g,
                l.lines(),
                l.cx(),
                l.labelTop(),
                s == VisualStyle.MINIMAL ? p.deep() : withAlpha(Color.WHITE, 235),
                s == VisualStyle.MINIMAL ? null : withAlpha(p.deep(), 160),
                l.outline());
        g.dispose();
        return img;
    }

    /**
     * Where a picture's icon and word go: both inside the {@link PictureZone}, the icon above the
     * word, centred in it, so neither the title nor the captions cover them while the picture
     * moves.
     *
     * @param cx the icon's and the word's centre; cy the icon's centre; r the icon's size (its disc
     *     has radius 1.25 r)
     */
    public record SceneLayout(
            String keyword,
            float cx,
            float cy,
            float r,
            List<TextPainter.Line> lines,
            float labelTop,
            float outline) {
        /** The icon's disc, {x, y, w, h} in the picture. */
        public float[] iconBox() {
            return new float[] {cx - 1.25f * r, cy - 1.25f * r, 2.5f * r, 2.5f * r};
        }

        /** The word's drawn bounds, {x, y, w, h} in the picture; null when there is no word. */
        public float[] labelBox() {
            if (lines.isEmpty()) {
                return null;
            }
            float maxW = TextPainter.maxWidth(lines);
            return new float[] {
                cx - maxW / 2 - outline,
                labelTop - outline,
                maxW + 2 * outline,
                TextPainter.height(lines) + 2 * outline
            };
        }
    }

    public static SceneLayout layout(Script.Scene scene, VisualStyle style, int w, int h) {
        double[] zone = PictureZone.inPicture(w, h);
        float zx0 = (float) (zone[0] * w);
        float zx1 = (float) (zone[2] * w);
        float zy0 = (float) (zone[1] * h);
        float zy1 = (float) (zone[3] * h);
        float zw = zx1 - zx0;
        float zh = zy1 - zy0;
        int m = Math.min(w, h);
        String keyword = scene.keywords().isEmpty() ? "" : scene.keywords().get(0);
        float size = Math.min(m * (style == VisualStyle.BOLD ? 0.13f : 0.09f), zh * 0.22f);
        Font font = new Font("DejaVu Sans", Font.BOLD, 12).deriveFont(size);
        String word = scene.shownWord().toUpperCase(Locale.ROOT);
        List<TextPainter.Line> lines = TextPainter.wrap(word, font, TextPainter.frc(), zw, 1);
        // A long word gets a smaller font rather than leaving the zone.
        for (int i = 0; i < 8 && !lines.isEmpty() && lines.get(0).width() + size / 4 > zw; i++) {
            size *= 0.88f;
            font = font.deriveFont(size);
            lines = TextPainter.wrap(word, font, TextPainter.frc(), zw, 1);
        }
        if (!lines.isEmpty() && lines.get(0).width() + size / 4 > zw) {
            lines = List.of(); // Too long to show even small: the icon alone says it.
        }
        float outline = m * 0.01f;
        float labelH = lines.isEmpty() ? 0 : TextPainter.height(lines) + 2 * outline;
        float gap = zh * 0.04f;
        float r = Math.min(Math.min(m * 0.26f, zw / 2.5f), (zh - labelH - gap) / 2.5f);
        float top = zy0 + (zh - (2.5f * r + gap + labelH)) / 2;
        float cx = (zx0 + zx1) / 2;
        return new SceneLayout(
                keyword, cx, top + 1.25f * r, r, lines, top + 2.5f * r + gap + outline, outline);
    }

    private static void illustrated(Graphics2D g, Palette p, Random rnd, int w, int h) {
        g.setPaint(new GradientPaint(0, 0, p.light(), 0, h * 0.7f, p.background()));
        g.fillRect(0, 0, w, h);
        float sunR = Math.min(w, h) * 0.12f;
        g.setColor(withAlpha(p.accent(), 230));
        g.fill(
                new Ellipse2D.Float(
                        w * (0.15f + rnd.nextFloat() * 0.6f), h * 0.12f, sunR * 2, sunR * 2));
        for (int layer = 0; layer < 3; layer++) {
            Path2D hills = new Path2D.Float();
            float base = h * (0.62f + layer * 0.1f);
            hills.moveTo(0, h);
            hills.lineTo(0, base);
            int peaks = 3 + rnd.nextInt(3);
            for (int i = 1; i <= peaks; i++) {
                float x = w * i / (float) peaks;
                hills.quadTo(
                        x - w / (2f * peaks),
                        base - h * (0.05f + rnd.nextFloat() * 0.12f),
                        x,
                        base);
            }
            hills.lineTo(w, h);
            hills.closePath();
            g.setColor(blend(p.background(), p.deep(), 0.4f + layer * 0.3f));
            g.fill(hills);
        }
    }

    private static void photographic(Graphics2D g, Palette p, Random rnd, int w, int h) {
        g.setPaint(
                new GradientPaint(
                        0, 0, p.deep(), w * 0.3f, h, blend(p.deep(), p.background(), 0.5f)));
        g.fillRect(0, 0, w, h);
        for (int i = 0; i < 28; i++) {
            float r = Math.min(w, h) * (0.03f + rnd.nextFloat() * 0.12f);
            float x = rnd.nextFloat() * w;
            float y = rnd.nextFloat() * h;
            Color c = rnd.nextBoolean() ? p.accent() : p.light();
            g.setPaint(
                    new RadialGradientPaint(
                            x,
                            y,
                            r,
                            new float[] {0f, 0.7f, 1f},
                            new Color[] {withAlpha(c, 70), withAlpha(c, 40), withAlpha(c, 0)}));
            g.fill(new Ellipse2D.Float(x - r, y - r, 2 * r, 2 * r));
        }
        // Vignette, as a lens would.
        float R = (float) Math.hypot(w, h) / 2;
        g.setPaint(
                new RadialGradientPaint(
                        w / 2f,
                        h / 2f,
                        R,
                        new float[] {0.5f, 1f},
                        new Color[] {new Color(0, 0, 0, 0), new Color(0, 0, 0, 170)}));
        g.fillRect(0, 0, w, h);
    }

    static Color withAlpha(Color c, int a) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), a);
    }

    static Color blend(Color a, Color b, float t) {
        return new Color(
                (int) (a.getRed() * (1 - t) + b.getRed() * t),
                (int) (a.getGreen() * (1 - t) + b.getGreen() * t),
                (int) (a.getBlue() * (1 - t) + b.getBlue() * t));
    }

    static void writeJpeg(BufferedImage img, Path out) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.92f);
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out.toFile())) {
            writer.setOutput(ios);
            writer.write(null, new IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
    }

    /** Used by the icon drawer for rounded panels. */
    static RoundRectangle2D.Float panel(float cx, float cy, float size) {
        return new RoundRectangle2D.Float(
                cx - size, cy - size, 2 * size, 2 * size, size * 0.5f, size * 0.5f);
    }

    static BasicStroke stroke(float size) {
        return new BasicStroke(size * 0.08f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }
}
