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
