package io.flywheel.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The demo's learning curve as a 900x540 PNG (XChart, headless): per cycle, the true expected
 * outcome of the arms chosen as a percentage of the best arm's, against what uniform random choice
 * earns; the simulated channel history, when there is one, is the point at cycle 0.
 */
final class LearningCurvePlot {
    private static final int W = 900;
    private static final int H = 540;
    private static final Color INK = new Color(0x22, 0x22, 0x22);
    private static final Color GRID = new Color(0xdd, 0xdd, 0xdd);
    private static final Color LINE = new Color(0x3b, 0x6e, 0xa8);
    private static final Color RANDOM = new Color(0xc0, 0x50, 0x40);
    private static final Color HISTORY = new Color(0x8a, 0x8a, 0x3a);

    private LearningCurvePlot() {}

    /**
     * @param historyPct the simulated history's uniform choices, in % of the best arm's, if any
     * @param pctOfOracle per cycle, the choices' mean true outcome in % of the best arm's
     * @param randomPct what uniform random choice earns, in % of the best arm's
     */
    static void write(
            Optional<Double> historyPct,
            List<Double> pctOfOracle,
            double randomPct,
            String title,
            Path out)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        int n = Math.max(1, pctOfOracle.size());
        double[] cycles = new double[pctOfOracle.size()];
        double[] pct = new double[pctOfOracle.size()];
        for (int i = 0; i < pct.length; i++) {
            cycles[i] = i + 1;
            pct[i] = Math.max(0, Math.min(100, pctOfOracle.get(i)));
        }
        XYChart chart = new XYChart(W, H);
        chart.setTitle(title);
        chart.setXAxisTitle(historyPct.isPresent() ? "cycle (0: simulated history)" : "cycle");
        chart.setYAxisTitle("mean true expected outcome, % of the best arm's");
        Font text = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        XYStyler style = chart.getStyler();
        style.setChartBackgroundColor(Color.WHITE);
        style.setPlotBackgroundColor(Color.WHITE);
        style.setChartFontColor(INK);
        style.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        style.setLegendPosition(Styler.LegendPosition.InsideSE);
        style.setAntiAlias(true);
        style.setPlotGridLinesColor(GRID);
        style.setAxisTitleFont(text);
        style.setAxisTickLabelsFont(text);
        style.setYAxisMin(0.0);
        style.setYAxisMax(100.0);
        double xMin = historyPct.isPresent() ? 0 : n == 1 ? 0.5 : 1.0;
        double xMax = n == 1 ? 1.5 : (double) n;
        style.setXAxisMin(xMin);
        style.setXAxisMax(xMax);
        style.setXAxisDecimalPattern("0");
        style.setYAxisDecimalPattern("0'%'");
        style.setAnnotationTextFont(text);
        style.setAnnotationTextFontColor(LINE);

        double clampedRandom = Math.max(0, Math.min(100, randomPct));
        XYSeries random =
                chart.addSeries(
                        String.format(Locale.ROOT, "uniform random %.0f%%", randomPct),
                        new double[] {xMin, xMax},
                        new double[] {clampedRandom, clampedRandom});
        random.setMarker(SeriesMarkers.NONE);
        random.setLineColor(RANDOM);
        random.setLineStyle(
                new BasicStroke(
                        2,
                        BasicStroke.CAP_BUTT,
                        BasicStroke.JOIN_MITER,
                        10,
                        new float[] {8, 6},
                        0));

        if (historyPct.isPresent()) {
            double h = historyPct.get();
            XYSeries past =
                    chart.addSeries(
                            "simulated history (uniform arms, not rendered)",
                            new double[] {0},
                            new double[] {Math.max(0, Math.min(100, h))});
            past.setMarker(SeriesMarkers.DIAMOND);
            past.setMarkerColor(HISTORY);
            past.setLineColor(HISTORY);
            chart.addAnnotation(
                    new AnnotationText(
                            String.format(Locale.ROOT, "%.0f%%", h),
                            0.15,
                            Math.min(96, Math.max(0, h) + 5),
                            false));
        }
        if (pct.length > 0) {
            XYSeries chosen =
                    chart.addSeries(
                            "arms chosen (true outcome from the world oracle)", cycles, pct);
            chosen.setMarker(SeriesMarkers.CIRCLE);
            chosen.setMarkerColor(LINE);
            chosen.setLineColor(LINE);
            chosen.setLineStyle(new BasicStroke(3));
            for (int i = 0; i < pct.length; i++) {
                chart.addAnnotation(
                        new AnnotationText(
                                String.format(Locale.ROOT, "%.0f%%", pctOfOracle.get(i)),
                                cycles[i],
                                Math.min(96, pct[i] + 5),
                                false));
            }
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", out.toFile());
    }
}
