package io.flywheel.batch.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The checks a job runs on a table it is about to write: keys not null, values in range, freshness,
 * row-count change within bounds. All are evaluated in one aggregation pass; {@link
 * QualityReport#orThrow()} fails the job with the readable report.
 */
public final class QualityChecks {
    private interface Check {
        List<Column> aggregates();

        /** Reads this check's aggregates from the row, starting at {@code offset}. */
        QualityReport.Result judge(Row row, int offset, long rows);
    }

    private final String table;
    private final List<Check> checks = new ArrayList<>();

    private QualityChecks(String table) {
        this.table = table;
    }

    public static QualityChecks on(String table) {
        return new QualityChecks(table);
    }

    public QualityChecks notNull(String... columns) {
        for (String c : columns) {
            checks.add(
                    single(
                            sum(when(col(c).isNull(), 1).otherwise(0)),
                            (v, rows) -> result("not null: " + c, zero(v), n(v) + " null values"),
                            "not null: " + c));
        }
        return this;
    }

    /** Every non-null value lies in [min, max]. */
    public QualityChecks inRange(String column, double min, double max) {
        Column bad = col(column).lt(min).or(col(column).gt(max));
        String name = "range: " + column + " in [" + fmt(min) + ", " + fmt(max) + "]";
        checks.add(
                single(
                        sum(when(bad, 1).otherwise(0)),
                        (v, rows) -> result(name, zero(v), n(v) + " values out of range"),
                        name));
        return this;
    }

    /** Values that must be unique (a key), e.g. video_id in video_outcomes. */
    public QualityChecks unique(String column) {
        String name = "unique: " + column;
        checks.add(
                new Check() {
                    @Override
                    public List<Column> aggregates() {
                        return List.of(
                                org.apache.spark.sql.functions.count_distinct(col(column)),
                                count(col(column)));
                    }

                    @Override
                    public QualityReport.Result judge(Row row, int offset, long rows) {
                        long distinct = row.getLong(offset);
                        long nonNull = row.getLong(offset + 1);
                        return result(
                                name,
                                distinct == nonNull,
                                (nonNull - distinct) + " duplicated values");
                    }
                });
        return this;
    }

    /** The newest value of an epoch-millisecond column is at most {@code maxAge} before now. */
    public QualityChecks freshness(String epochMillisColumn, Instant now, Duration maxAge) {
        String name = "freshness: newest " + epochMillisColumn + " within " + maxAge;
        checks.add(
                single(
                        max(col(epochMillisColumn)),
                        (v, rows) -> {
                            if (v == null) {
                                return result(name, rows == 0, "no values");
                            }
                            Instant newest = Instant.ofEpochMilli(((Number) v).longValue());
                            Duration age = Duration.between(newest, now);
                            return result(
                                    name,
                                    age.compareTo(maxAge) <= 0,
                                    "newest " + newest + " is " + age + " before " + now);
                        },
                        name));
        return this;
    }

    /**
     * The row count is within [previous × minRatio, previous × maxRatio + slack]; skipped when
     * there was no previous table.
     */
    public QualityChecks rowCountChange(
            long previous, double minRatio, double maxRatio, long slack) {
        String name = "row count change vs previous " + previous;
        checks.add(
                new Check() {
                    @Override
                    public List<Column> aggregates() {
                        return List.of();
                    }

                    @Override
                    public QualityReport.Result judge(Row row, int offset, long rows) {
                        long low = (long) Math.floor(previous * minRatio);
                        long high = (long) Math.ceil(previous * maxRatio) + slack;
                        if (previous <= 0) {
                            return result(name, true, rows + " rows (first write)");
                        }
                        return result(
                                name,
                                rows >= low && rows <= high,
                                rows + " rows, allowed [" + low + ", " + high + "]");
                    }
                });
        return this;
    }

    /** At least {@code min} rows (e.g. enough to train on). */
    public QualityChecks minRows(long min) {
        String name = "rows >= " + min;
        checks.add(
                new Check() {
                    @Override
                    public List<Column> aggregates() {
                        return List.of();
                    }

                    @Override
                    public QualityReport.Result judge(Row row, int offset, long rows) {
                        return result(name, rows >= min, rows + " rows");
                    }
                });
        return this;
    }

    public QualityReport evaluate(Dataset<Row> data) {
        List<Column> aggs = new ArrayList<>();
        aggs.add(count(lit(1)));
        for (Check c : checks) {
            aggs.addAll(c.aggregates());
        }
        Row row =
                data.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0])).first();
        long rows = row.getLong(0);
        List<QualityReport.Result> results = new ArrayList<>();
        int offset = 1;
        for (Check c : checks) {
            results.add(c.judge(row, offset, rows));
            offset += c.aggregates().size();
        }
        return new QualityReport(table, rows, results);
    }

    private static Check single(
            Column aggregate,
            java.util.function.BiFunction<Object, Long, QualityReport.Result> judge,
            String name) {
        return new Check() {
            @Override
            public List<Column> aggregates() {
                return List.of(aggregate.as("dq_" + Math.abs(name.hashCode())));
            }

            @Override
            public QualityReport.Result judge(Row row, int offset, long rows) {
                return judge.apply(row.isNullAt(offset) ? null : row.get(offset), rows);
            }
        };
    }

    private static QualityReport.Result result(String name, boolean passed, String detail) {
        return new QualityReport.Result(name, passed, detail);
    }

    private static boolean zero(Object v) {
        return v == null || ((Number) v).longValue() == 0;
    }

    private static long n(Object v) {
        return v == null ? 0 : ((Number) v).longValue();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
