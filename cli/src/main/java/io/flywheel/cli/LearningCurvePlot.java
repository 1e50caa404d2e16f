package io.flywheel.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The demo's learning curve as a PNG (Java2D, headless): per cycle, the true expected outcome of
 * the arms chosen as a percentage of the best arm's, against what uniform random choice earns.
 */
final class LearningCurvePlot {
    private static final int W = 900;
    private static final int H = 540;
    private static final int LEFT = 80;
    private static final int RIGHT = 40;
    private static final int TOP = 70;
    private static final int BOTTOM = 70;
    private static final Color INK = new Color(0x22, 0x22, 0x22);
    private static final Color GRID = new Color(0xdd, 0xdd, 0xdd);
    private static final Color LINE = new Color(0x3b, 0x6e, 0xa8);
    private static final Color RANDOM = new Color(0xc0, 0x50, 0x40);

    private LearningCurvePlot() {}

    /**
     * @param pctOfOracle per cycle, the choices' mean true outcome in % of the best arm's
     * @param randomPct what uniform random choice earns, in % of the best arm's
     */
    static void write(List<Double> pctOfOracle, double randomPct, String title, Path out)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.setColor(INK);
        g.drawString(title, LEFT, 32);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(
                "mean true expected outcome of the arms chosen, % of the best arm (world oracle)",
                LEFT, 52);

        int n = Math.max(1, pctOfOracle.size());
        for (int pct = 0; pct <= 100; pct += 20) {
            int y = y(pct);
            g.setColor(GRID);
            g.drawLine(LEFT, y, W - RIGHT, y);
            g.setColor(INK);
            g.drawString(pct + "%", LEFT - 45, y + 5);
        }
        for (int i = 0; i < n; i++) {
            g.drawString("cycle " + (i + 1), x(i, n) - 20, H - BOTTOM + 22);
        }

        g.setColor(RANDOM);
        g.setStroke(
                new BasicStroke(
                        2,
                        BasicStroke.CAP_BUTT,
                        BasicStroke.JOIN_MITER,
                        10,
                        new float[] {8, 6},
                        0));
        g.drawLine(LEFT, y(randomPct), W - RIGHT, y(randomPct));
        g.drawString(
                String.format(Locale.ROOT, "uniform random %.0f%%", randomPct),
                LEFT + 8,
                y(randomPct) + 18);

        g.setColor(LINE);
        g.setStroke(new BasicStroke(3));
        for (int i = 1; i < pctOfOracle.size(); i++) {
            g.drawLine(x(i - 1, n), y(pctOfOracle.get(i - 1)), x(i, n), y(pctOfOracle.get(i)));
        }
        for (int i = 0; i < pctOfOracle.size(); i++) {
            int px = x(i, n);
            int py = y(pctOfOracle.get(i));
            g.fillOval(px - 6, py - 6, 12, 12);
            g.drawString(
                    String.format(Locale.ROOT, "%.0f%%", pctOfOracle.get(i)), px - 14, py - 12);
        }
        g.dispose();
        Files.createDirectories(out.toAbsolutePath().getParent());
        ImageIO.write(img, "png", out.toFile());
    }

    private static int x(int i, int n) {
        return n == 1 ? (LEFT + W - RIGHT) / 2 : LEFT + 40 + i * (W - RIGHT - LEFT - 80) / (n - 1);
    }

    private static int y(double pct) {
        double clamped = Math.max(0, Math.min(100, pct));
        return TOP + (int) Math.round((100 - clamped) * (H - TOP - BOTTOM) / 100.0);
    }
}
