package io.flywheel.batch.model;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** The two plots stored with every model, drawn with Java2D (headless) as PNG. */
public final class Plots {
    private static final int W = 900;
    private static final int H = 600;
    private static final Color INK = new Color(0x22, 0x22, 0x22);
    private static final Color BAR = new Color(0x3b, 0x6e, 0xa8);

    static {
        // Jobs run without a display; Java2D draws to images all the same.
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() {}

    /** Horizontal bars, largest first: the total gain each feature brought to the splits. */
    public static void featureImportance(Map<String, Double> gain, String title, Path out) {
        BufferedImage img = canvas();
        Graphics2D g = graphics(img);
        g.drawString(title, 20, 30);
        List<Map.Entry<String, Double>> entries = new ArrayList<>(gain.entrySet());
        entries.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        double max = entries.stream().mapToDouble(Map.Entry::getValue).max().orElse(1);
        int top = 60;
        int rowH = Math.max(18, Math.min(40, (H - top - 20) / Math.max(1, entries.size())));
        int left = 200;
        for (int i = 0; i < entries.size(); i++) {
            var e = entries.get(i);
            int y = top + i * rowH;
            int w = (int) ((W - left - 120) * (e.getValue() / max));
            g.setColor(BAR);
            g.fillRect(left, y, Math.max(w, 1), rowH - 6);
            g.setColor(INK);
            g.drawString(e.getKey(), 20, y + rowH - 10);
            g.drawString(String.format("%.3g", e.getValue()), left + w + 8, y + rowH - 10);
        }
        write(img, out);
    }

    /** Each validation video as a dot: predicted (y) against actual (x), with the y = x line. */
    public static void predictedVsActual(
            double[] actual, double[] predicted, String title, Path out) {
        BufferedImage img = canvas();
        Graphics2D g = graphics(img);
        g.drawString(title, 20, 30);
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (int i = 0; i < actual.length; i++) {
            lo = Math.min(lo, Math.min(actual[i], predicted[i]));
            hi = Math.max(hi, Math.max(actual[i], predicted[i]));
        }
        if (actual.length == 0 || hi <= lo) {
            lo = 0;
            hi = 1;
        }
        int x0 = 80;
        int y0 = H - 60;
        int size = Math.min(W - x0 - 40, y0 - 60);
        g.setColor(INK);
        g.drawRect(x0, y0 - size, size, size);
        g.drawString("actual", x0 + size / 2 - 20, y0 + 35);
        g.drawString("predicted", 10, y0 - size / 2);
        g.drawString(String.format("%.0f", lo), x0, y0 + 15);
        g.drawString(String.format("%.0f", hi), x0 + size - 30, y0 + 15);
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawLine(x0, y0, x0 + size, y0 - size);
        g.setColor(new Color(0x3b, 0x6e, 0xa8, 90));
        double span = hi - lo;
        for (int i = 0; i < actual.length; i++) {
            int x = x0 + (int) ((actual[i] - lo) / span * size);
            int y = y0 - (int) ((predicted[i] - lo) / span * size);
            g.fillOval(x - 2, y - 2, 5, 5);
        }
        write(img, out);
    }

    /**
     * Learning curves: per round, each policy's mean true outcome as a share of the oracle's (top
     * panel) and its cumulative regret (bottom panel), one coloured line per policy.
     */
    public static void learningCurves(
            String title,
            Map<String, double[]> pctOracle,
            Map<String, double[]> cumulativeRegret,
            Path out) {
        BufferedImage img = new BufferedImage(W, 2 * H - 100, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        g.setColor(INK);
        g.drawString(title, 20, 30);
        panel(g, 60, "mean true outcome, % of the oracle's", pctOracle, 100);
        panel(g, 60 + H - 80, "cumulative regret (true expected outcome)", cumulativeRegret, 1);
        write(img, out);
    }

    private static final Color[] LINES = {
        new Color(0xd6, 0x27, 0x28),
        new Color(0x1f, 0x77, 0xb4),
        new Color(0x2c, 0xa0, 0x2c),
        new Color(0xff, 0x7f, 0x0e),
        new Color(0x94, 0x67, 0xbd),
        new Color(0x8c, 0x56, 0x4b),
        new Color(0xe3, 0x77, 0xc2),
        new Color(0x7f, 0x7f, 0x7f)
    };

    private static void panel(
            Graphics2D g, int top, String label, Map<String, double[]> series, double scale) {
        int x0 = 90;
        int w = W - x0 - 200;
        int h = H - 180;
        int y0 = top + 30 + h;
        double hi = 0;
        int n = 0;
        for (double[] v : series.values()) {
            for (double d : v) {
                hi = Math.max(hi, d * scale);
            }
            n = Math.max(n, v.length);
        }
        hi = hi <= 0 ? 1 : hi * 1.05;
        g.setColor(INK);
        g.drawString(label, x0, top + 20);
        g.drawRect(x0, y0 - h, w, h);
        for (int k = 0; k <= 4; k++) {
            double v = hi * k / 4;
            int y = y0 - (int) (h * k / 4.0);
            g.setColor(new Color(0xdd, 0xdd, 0xdd));
            g.drawLine(x0 + 1, y, x0 + w - 1, y);
            g.setColor(INK);
            g.drawString(String.format("%,.0f", v), 10, y + 5);
        }
        g.drawString("round", x0 + w / 2 - 20, y0 + 35);
        for (int r = 1; r <= n; r++) {
            if (n <= 20 || r % 5 == 0) {
                g.drawString(Integer.toString(r), x0 + (int) ((r - 0.5) * w / n) - 5, y0 + 17);
            }
        }
        int c = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            Color col = LINES[c % LINES.length];
            g.setColor(col);
            g.setStroke(new BasicStroke(2.5f));
            double[] v = e.getValue();
            for (int i = 1; i < v.length; i++) {
                g.drawLine(
                        x0 + (int) ((i - 0.5) * w / n),
                        y0 - (int) (v[i - 1] * scale / hi * h),
                        x0 + (int) ((i + 0.5) * w / n),
                        y0 - (int) (v[i] * scale / hi * h));
            }
            g.fillRect(x0 + w + 20, top + 40 + c * 24, 18, 4);
            g.setColor(INK);
            g.drawString(e.getKey(), x0 + w + 45, top + 47 + c * 24);
            c++;
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static BufferedImage canvas() {
        return new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    }

    private static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setColor(INK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        return g;
    }

    private static void write(BufferedImage img, Path out) {
        try {
            ImageIO.write(img, "png", out.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plot " + out, e);
        }
    }
}
