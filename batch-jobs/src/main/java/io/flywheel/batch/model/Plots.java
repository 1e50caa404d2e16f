package io.flywheel.batch.model;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The plots stored with every model and written by the learning benchmark, as PNG (XChart). */
public final class Plots {
    private static final int W = 900;
    private static final int H = 600;
    private static final Color INK = new Color(0x22, 0x22, 0x22);
    private static final Color BAR = new Color(0x3b, 0x6e, 0xa8);
    private static final Color GRID = new Color(0xdd, 0xdd, 0xdd);
    private static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);

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

    static {
        // Jobs run without a display; Java2D draws to images all the same.
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() {}

    /** Bars, largest first: the total gain each feature brought to the splits (900x600). */
    public static void featureImportance(Map<String, Double> gain, String title, Path out) {
        List<Map.Entry<String, Double>> entries = new ArrayList<>(gain.entrySet());
        entries.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        CategoryChart chart = new CategoryChart(W, H);
        chart.setTitle(title);
        chart.setYAxisTitle("total gain");
        CategoryStyler s = chart.getStyler();
        style(s);
        s.setLegendVisible(false);
        s.setSeriesColors(new Color[] {BAR});
        s.setXAxisLabelRotation(30);
        s.setYAxisDecimalPattern("#,##0.###");
        s.setLabelsVisible(true);
        s.setLabelsFont(TEXT);
        if (entries.isEmpty()) {
            chart.addSeries("gain", List.of("no split"), List.of(0.0));
        } else {
            chart.addSeries(
                    "gain",
                    entries.stream().map(Map.Entry::getKey).toList(),
                    entries.stream().map(Map.Entry::getValue).toList());
        }
        write(BitmapEncoder.getBufferedImage(chart), out);
    }

    /**
     * Each validation video as a dot: predicted (y) against actual (x), with the y = x line, both
     * axes over the same range (900x600).
     */
    public static void predictedVsActual(
            double[] actual, double[] predicted, String title, Path out) {
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
        XYChart chart = new XYChart(W, H);
        chart.setTitle(title);
        chart.setXAxisTitle("actual");
        chart.setYAxisTitle("predicted");
        XYStyler s = chart.getStyler();
        style(s);
        s.setLegendVisible(false);
        s.setXAxisMin(lo);
        s.setXAxisMax(hi);
        s.setYAxisMin(lo);
        s.setYAxisMax(hi);
        XYSeries diagonal = chart.addSeries("y = x", new double[] {lo, hi}, new double[] {lo, hi});
        diagonal.setMarker(SeriesMarkers.NONE);
        diagonal.setLineColor(Color.GRAY);
        diagonal.setLineWidth(1f);
        if (actual.length > 0) {
            XYSeries dots = chart.addSeries("videos", actual, predicted);
            dots.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            dots.setMarker(SeriesMarkers.CIRCLE);
            dots.setMarkerColor(new Color(0x3b, 0x6e, 0xa8, 90));
            s.setMarkerSize(5);
        }
        write(BitmapEncoder.getBufferedImage(chart), out);
    }

    /**
     * Learning curves: per round, each policy's mean true outcome as a share of the oracle's (top
     * panel) and its cumulative regret (bottom panel), one coloured line per policy (900x1100).
     */
    public static void learningCurves(
            String title,
            Map<String, double[]> pctOracle,
            Map<String, double[]> cumulativeRegret,
            Path out) {
        int panelH = H - 50;
        XYChart top =
                panel(title + ": mean true outcome, % of the oracle's", pctOracle, 100, panelH);
        XYChart bottom =
                panel("cumulative regret (true expected outcome)", cumulativeRegret, 1, panelH);
        BufferedImage img = new BufferedImage(W, 2 * panelH, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.drawImage(BitmapEncoder.getBufferedImage(top), 0, 0, null);
        g.drawImage(BitmapEncoder.getBufferedImage(bottom), 0, panelH, null);
        g.dispose();
        write(img, out);
    }

    private static XYChart panel(
            String label, Map<String, double[]> series, double scale, int height) {
        XYChart chart = new XYChart(W, height);
        chart.setTitle(label);
        chart.setXAxisTitle("round");
        XYStyler s = chart.getStyler();
        style(s);
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setSeriesColors(LINES);
        s.setXAxisDecimalPattern("0");
        s.setYAxisDecimalPattern("#,##0");
        s.setYAxisMin(0.0);
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            double[] v = e.getValue();
            double[] rounds = new double[v.length];
            double[] y = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                rounds[i] = i + 1;
                y[i] = v[i] * scale;
            }
            if (v.length == 0) {
                continue;
            }
            XYSeries line = chart.addSeries(e.getKey(), rounds, y);
            line.setMarker(SeriesMarkers.NONE);
            line.setLineStyle(new BasicStroke(2.5f));
        }
        return chart;
    }

    private static void style(AxesChartStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setChartFontColor(INK);
        s.setChartTitleFont(TEXT);
        s.setLegendFont(TEXT);
        s.setAntiAlias(true);
        s.setPlotGridLinesColor(GRID);
        s.setAxisTitleFont(TEXT);
        s.setAxisTickLabelsFont(TEXT);
    }

    private static void write(BufferedImage img, Path out) {
        try {
            ImageIO.write(img, "png", out.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plot " + out, e);
        }
    }
}
