package io.flywheel.notebooks;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BoxChart;
import org.knowm.xchart.BoxChartBuilder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.Histogram;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The few chart shapes the notebooks draw, built with XChart at one size and style; {@link
 * Show#chart} renders them inline as PNG.
 */
public final class Charts {
    static final int WIDTH = 800;
    static final int HEIGHT = 420;

    private Charts() {}

    /** Bars per category; one series per map entry (in the map's order). */
    public static CategoryChart bars(
            String title,
            String xTitle,
            String yTitle,
            List<String> categories,
            Map<String, ? extends List<? extends Number>> series) {
        CategoryChart c =
                new CategoryChartBuilder()
                        .width(WIDTH)
                        .height(HEIGHT)
                        .title(title)
                        .xAxisTitle(xTitle)
                        .yAxisTitle(yTitle)
                        .build();
        style(c.getStyler());
        c.getStyler().setXAxisLabelRotation(categories.size() > 6 ? 45 : 0);
        series.forEach((name, values) -> c.addSeries(name, categories, List.copyOf(values)));
        c.getStyler().setLegendVisible(series.size() > 1);
        return c;
    }

    /** Overlaid histograms of samples on shared bins. */
    public static CategoryChart histogram(
            String title, String xTitle, Map<String, double[]> samples, int bins) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] s : samples.values()) {
            for (double v : s) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        CategoryChart c =
                new CategoryChartBuilder()
                        .width(WIDTH)
                        .height(HEIGHT)
                        .title(title)
                        .xAxisTitle(xTitle)
                        .yAxisTitle("count")
                        .build();
        style(c.getStyler());
        c.getStyler().setOverlapped(true);
        c.getStyler().setXAxisDecimalPattern("#,##0");
        c.getStyler().setXAxisLabelRotation(45);
        for (var e : samples.entrySet()) {
            List<Double> values = Arrays.stream(e.getValue()).boxed().toList();
            Histogram h = new Histogram(values, bins, min, max == min ? min + 1 : max);
            c.addSeries(e.getKey(), h.getxAxisData(), h.getyAxisData());
        }
        return c;
    }

    /** Box plots (quartiles, whiskers) of each sample. */
    public static BoxChart boxes(String title, String yTitle, Map<String, double[]> samples) {
        BoxChart c = new BoxChartBuilder().width(WIDTH).height(HEIGHT).title(title).build();
        c.setYAxisTitle(yTitle);
        style(c.getStyler());
        samples.forEach(c::addSeries);
        return c;
    }

    /** Lines through (x, y) points, one series per entry: x values then y values. */
    public static XYChart lines(
            String title, String xTitle, String yTitle, Map<String, double[][]> series) {
        XYChart c = xy(title, xTitle, yTitle);
        series.forEach((name, xy) -> c.addSeries(name, xy[0], xy[1]));
        return c;
    }

    /** Points, one series per entry: x values then y values. */
    public static XYChart scatter(
            String title, String xTitle, String yTitle, Map<String, double[][]> series) {
        XYChart c = xy(title, xTitle, yTitle);
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        series.forEach((name, xy) -> c.addSeries(name, xy[0], xy[1]));
        return c;
    }

    /**
     * An estimate with its interval per label (a vertical segment from low to high through the
     * estimate), and optionally a reference value per label (e.g. the truth), drawn as a cross.
     */
    public static XYChart intervals(
            String title,
            String yTitle,
            List<String> labels,
            double[] estimate,
            double[] low,
            double[] high,
            String referenceName,
            double[] reference) {
        XYChart c = xy(title, "", yTitle);
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        double[] x = new double[labels.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
            XYSeries s =
                    c.addSeries(
                            "interval " + i, new double[] {i, i}, new double[] {low[i], high[i]});
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(new Color(70, 110, 180));
            s.setShowInLegend(i == 0);
            if (i == 0) {
                s.setLabel("95% interval");
            }
        }
        XYSeries est = c.addSeries("estimate", x, estimate);
        est.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        est.setMarkerColor(new Color(70, 110, 180));
        if (reference != null) {
            XYSeries ref = c.addSeries(referenceName, x, reference);
            ref.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            ref.setMarker(SeriesMarkers.CROSS);
            ref.setMarkerColor(new Color(200, 60, 40));
        }
        List<String> names = new ArrayList<>(labels);
        c.setCustomXAxisTickLabelsFormatter(
                v -> {
                    long i = Math.round(v);
                    return Math.abs(v - i) < 1e-9 && i >= 0 && i < names.size()
                            ? names.get((int) i)
                            : "";
                });
        c.getStyler().setXAxisLabelRotation(labels.size() > 5 ? 45 : 0);
        c.getStyler().setXAxisMin(-0.5);
        c.getStyler().setXAxisMax(labels.size() - 0.5);
        return c;
    }

    private static XYChart xy(String title, String xTitle, String yTitle) {
        XYChart c =
                new XYChartBuilder()
                        .width(WIDTH)
                        .height(HEIGHT)
                        .title(title)
                        .xAxisTitle(xTitle)
                        .yAxisTitle(yTitle)
                        .build();
        style(c.getStyler());
        return c;
    }

    private static void style(Styler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setChartTitleBoxVisible(false);
    }
}
