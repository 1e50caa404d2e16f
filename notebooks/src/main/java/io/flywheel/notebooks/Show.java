package io.flywheel.notebooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** Rich outputs of a notebook cell: charts as inline PNGs, tables as HTML. */
public final class Show {
    private Show() {}

    /** Renders the chart to PNG and shows it below the cell. */
    public static void chart(Chart<?, ?> chart) {
        byte[] png = png(chart);
        DisplayData d = new DisplayData(chart.getTitle() + " (chart, " + png.length + " bytes)");
        d.putData(MIMEType.IMAGE_PNG, Base64.getEncoder().encodeToString(png));
        kernel().display(d);
    }

    public static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render " + chart.getTitle(), e);
        }
    }

    public static void table(Rows rows) {
        DisplayData d = new DisplayData(rows.toString());
        d.putHTML(rows.html());
        kernel().display(d);
    }

    public static void table(Dataset<Row> data, int limit) {
        table(Rows.of(data, limit));
    }

    public static void markdown(String text) {
        DisplayData d = new DisplayData(text);
        d.putMarkdown(text);
        kernel().display(d);
    }

    private static BaseKernel kernel() {
        return BaseKernel.notebookKernel();
    }
}
