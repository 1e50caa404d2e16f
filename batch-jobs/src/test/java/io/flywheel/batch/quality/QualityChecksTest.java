package io.flywheel.batch.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flywheel.batch.TestSpark;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class QualityChecksTest {
    private static final StructType SCHEMA =
            new StructType()
                    .add("id", DataTypes.StringType)
                    .add("p", DataTypes.DoubleType)
                    .add("at", DataTypes.LongType);

    private static Dataset<Row> rows(Row... rows) {
        return TestSpark.session().createDataFrame(List.of(rows), SCHEMA);
    }

    @Test
    void everyCheckIsReportedWithWhatWasMeasured() {
        Instant now = Instant.ofEpochMilli(10_000_000L);
        QualityReport report =
                QualityChecks.on("t")
                        .notNull("id")
                        .unique("id")
                        .inRange("p", 0, 1)
                        .freshness("at", now, Duration.ofHours(1))
                        .rowCountChange(10, 1.0, 2.0, 0)
                        .minRows(2)
                        .evaluate(
                                rows(
                                        RowFactory.create("a", 0.5, 9_000_000L),
                                        RowFactory.create("a", 1.5, 1_000L),
                                        RowFactory.create(null, 0.1, 2_000L)));

        assertThat(report.rows()).isEqualTo(3);
        assertThat(report.results())
                .extracting(QualityReport.Result::check, QualityReport.Result::passed)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("not null: id", false),
                        org.assertj.core.groups.Tuple.tuple("unique: id", false),
                        org.assertj.core.groups.Tuple.tuple("range: p in [0, 1]", false),
                        org.assertj.core.groups.Tuple.tuple(
                                "freshness: newest at within PT1H", true),
                        org.assertj.core.groups.Tuple.tuple(
                                "row count change vs previous 10", false),
                        org.assertj.core.groups.Tuple.tuple("rows >= 2", true));
        assertThat(report.render())
                .contains("4 of 6 checks FAILED")
                .contains("1 null values")
                .contains("1 duplicated values")
                .contains("1 values out of range")
                .contains("3 rows, allowed [10, 20]");
        assertThatThrownBy(report::orThrow)
                .isInstanceOf(DataQualityException.class)
                .hasMessageContaining("FAIL  not null: id");
    }

    @Test
    void cleanDataPasses() {
        QualityReport report =
                QualityChecks.on("t")
                        .notNull("id", "p")
                        .unique("id")
                        .inRange("p", 0, 1)
                        .evaluate(
                                rows(
                                        RowFactory.create("a", 0.0, 1L),
                                        RowFactory.create("b", 1.0, 2L)));

        assertThat(report.passed()).isTrue();
        assertThat(report.orThrow().render()).contains("all 4 checks passed");
    }
}
