package io.flywheel.benchmarks.learning;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * bench/learning's plot of one world: per round, every policy's % of the oracle (top) and
 * cumulative regret (bottom), the mean over seeds as a line and the range over seeds (lowest to
 * highest) as a shaded band of the same colour. 1000 x 1100 PNG.
 */
final class LearningPlot {
    private static final int W = 1000;
    private static final int PANEL_H = 550;
    private static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Color[] COLOURS = {
        new Color(0xd6, 0x27, 0x28),
        new Color(0x1f, 0x77, 0xb4),
        new Color(0x2c, 0xa0, 0x2c),
        new Color(0xff, 0x7f, 0x0e),
        new Color(0x94, 0x67, 0xbd),
        new Color(0x8c, 0x56, 0x4b),
        new Color(0x17, 0xbe, 0xcf),
        new Color(0x7f, 0x7f, 0x7f)
    };

    private LearningPlot() {}

    /**
     * @param pct per policy, per seed, per round: % of the oracle (0-1)
     * @param regret per policy, per seed, per round: cumulative regret
     */
    static void write(
            String title, Map<String, double[][]> pct, Map<String, double[][]> regret, Path out)
            throws IOException {
        XYChart top = panel(title + ": % of the oracle (mean over seeds, band = range)", pct, 100);
        XYChart bottom = panel("cumulative regret (true expected engaged views)", regret, 1);
        BufferedImage img = new BufferedImage(W, 2 * PANEL_H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.drawImage(BitmapEncoder.getBufferedImage(top), 0, 0, null);
        g.drawImage(BitmapEncoder.getBufferedImage(bottom), 0, PANEL_H, null);
        g.dispose();
        ImageIO.write(img, "png", out.toFile());
    }

    private static XYChart panel(String label, Map<String, double[][]> series, double scale) {
        XYChart chart = new XYChart(W, PANEL_H);
        chart.setTitle(label);
        chart.setXAxisTitle("round");
        XYStyler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setChartTitleFont(TEXT);
        s.setLegendFont(TEXT);
        s.setAxisTitleFont(TEXT);
        s.setAxisTickLabelsFont(TEXT);
        s.setAntiAlias(true);
        s.setPlotGridLinesColor(new Color(0xdd, 0xdd, 0xdd));
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setXAxisDecimalPattern("0");
        s.setYAxisDecimalPattern("#,##0");
        s.setYAxisMin(0.0);
        int c = 0;
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            double[][] bySeed = e.getValue();
            int rounds = bySeed[0].length;
            double[] x = new double[rounds];
            double[] mean = new double[rounds];
            double[] bandX = new double[2 * rounds];
            double[] bandY = new double[2 * rounds];
            for (int r = 0; r < rounds; r++) {
                double lo = Double.MAX_VALUE;
                double hi = -Double.MAX_VALUE;
                double sum = 0;
                for (double[] seed : bySeed) {
                    lo = Math.min(lo, seed[r] * scale);
                    hi = Math.max(hi, seed[r] * scale);
                    sum += seed[r] * scale;
                }
                x[r] = r + 1;
                mean[r] = sum / bySeed.length;
                bandX[r] = r + 1;
                bandY[r] = hi;
                bandX[2 * rounds - 1 - r] = r + 1;
                bandY[2 * rounds - 1 - r] = lo;
            }
            Color colour = COLOURS[c++ % COLOURS.length];
            if (bySeed.length > 1) {
                XYSeries band = chart.addSeries(e.getKey() + " range", bandX, bandY);
                band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
                band.setMarker(SeriesMarkers.NONE);
                band.setFillColor(
                        new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 45));
                band.setLineColor(new Color(0, 0, 0, 0));
                band.setShowInLegend(false);
            }
            XYSeries line = chart.addSeries(e.getKey(), x, mean);
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(colour);
            line.setLineStyle(new BasicStroke(2.5f));
        }
        return chart;
    }
}
