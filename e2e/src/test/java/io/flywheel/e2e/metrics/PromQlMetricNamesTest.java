package io.flywheel.e2e.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The tokenizer the dashboard-metrics test relies on, on expressions of known answer. */
class PromQlMetricNamesTest {
    @Test
    void findsTheMetricsAndNotTheFunctionsLabelsDurationsOrVariables() {
        assertThat(
                        PromQlMetricNames.of(
                                "histogram_quantile(0.95, sum by (le, stage)"
                                        + " (rate(flywheel_render_stage_seconds_bucket{outcome=\"completed\"}[$__rate_interval])))"))
                .containsExactly("flywheel_render_stage_seconds_bucket");
        assertThat(
                        PromQlMetricNames.of(
                                "sum(rate(a_total{status=~\"5..\"}[10m])) / ignoring(x)"
                                        + " sum(rate(b_total[10m] offset 1h)) > 0.9 * max(c) and"
                                        + " on(job) up == 0 unless vector(1e6)"))
                .containsExactly("a_total", "b_total", "c", "up");
        assertThat(PromQlMetricNames.of("1 - max(x_rmse) / max(y_rmse)"))
                .containsExactly("x_rmse", "y_rmse");
        assertThat(PromQlMetricNames.of("sum(rate(z[5m])) by (job) * 600 > 10"))
                .containsExactly("z");
    }

    @Test
    void histogramAndSummarySuffixesBelongToTheirFamily() {
        Exposition e = new Exposition();
        e.add(
                "# HELP h_seconds latency\n"
                        + "# TYPE h_seconds histogram\n"
                        + "h_seconds_bucket{le=\"0.1\"} 1.0\n"
                        + "# TYPE s summary\n"
                        + "s{quantile=\"0.5\"} 3\n"
                        + "plain_total{a=\"b c\"} 2.0\n"
                        + "flink_gauge 7\n");
        assertThat(e.exports("h_seconds_bucket")).isTrue();
        assertThat(e.exports("h_seconds_count")).isTrue();
        assertThat(e.exports("s_sum")).isTrue();
        assertThat(e.exports("s_bucket")).isFalse();
        assertThat(e.exports("plain_total")).isTrue();
        assertThat(e.exports("flink_gauge")).isTrue();
        assertThat(e.exports("plain")).isFalse();
        assertThat(e.exports("made_up_metric")).isFalse();
    }
}
