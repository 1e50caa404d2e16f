package io.flywheel.notebooks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** A small result set in memory (from PostgreSQL or a collected Dataset), for tables and charts. */
public record Rows(List<String> columns, List<List<Object>> rows) {

    public static Rows of(Dataset<Row> data, int limit) {
        List<String> cols = Arrays.asList(data.columns());
        List<List<Object>> out = new ArrayList<>();
        for (Row r : data.limit(limit).collectAsList()) {
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < cols.size(); i++) {
                values.add(r.get(i));
            }
            out.add(values);
        }
        return new Rows(cols, out);
    }

    /** Runs a parameterised query; parameters are bound, never spliced into the SQL. */
    static Rows query(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                List<String> cols = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    cols.add(md.getColumnLabel(i));
                }
                List<List<Object>> out = new ArrayList<>();
                while (rs.next()) {
                    List<Object> values = new ArrayList<>();
                    for (int i = 1; i <= cols.size(); i++) {
                        values.add(rs.getObject(i));
                    }
                    out.add(values);
                }
                return new Rows(cols, out);
            }
        }
    }

    public int size() {
        return rows.size();
    }

    public List<Object> column(String name) {
        int i = columns.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no column " + name + " in " + columns);
        }
        return rows.stream().map(r -> r.get(i)).toList();
    }

    public List<String> strings(String name) {
        return column(name).stream().map(v -> v == null ? "" : v.toString()).toList();
    }

    /** A numeric column; nulls become NaN. */
    public double[] doubles(String name) {
        return column(name).stream()
                .mapToDouble(v -> v == null ? Double.NaN : ((Number) v).doubleValue())
                .toArray();
    }

    public List<Double> doubleList(String name) {
        return Arrays.stream(doubles(name)).boxed().toList();
    }

    /** An HTML table, values escaped. */
    public String html() {
        StringBuilder b = new StringBuilder("<table><thead><tr>");
        columns.forEach(c -> b.append("<th>").append(escape(c)).append("</th>"));
        b.append("</tr></thead><tbody>");
        for (List<Object> r : rows) {
            b.append("<tr>");
            r.forEach(v -> b.append("<td>").append(escape(format(v))).append("</td>"));
            b.append("</tr>");
        }
        return b.append("</tbody></table>").toString();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(String.join("\t", columns)).append('\n');
        rows.forEach(
                r ->
                        b.append(String.join("\t", r.stream().map(Rows::format).toList()))
                                .append('\n'));
        return b.toString();
    }

    static String format(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return Math.abs(d) >= 1e6 || (Math.abs(d) < 1e-3 && d != 0)
                    ? String.format("%.3g", d)
                    : String.format("%.3f", d);
        }
        return v.toString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
