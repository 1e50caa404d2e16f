package io.flywheel.render.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.metrics.ProcessMetrics;
import io.flywheel.render.pipeline.StageFailure;
import io.flywheel.schemas.Stage;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

/** What a worker's stage events and jobs become in Prometheus, on known inputs. */
class RenderMetricsTest {
    @Test
    void stageEventsBecomeLatencyBucketsFailuresByReasonCostAndJobOutcomes() {
        PrometheusMeterRegistry r = ProcessMetrics.registry();
        RenderMetrics m = new RenderMetrics(r, 50_000_000);
        m.completed(Stage.SCRIPT, "offline", 1, 120, 2_500);
        m.completed(Stage.SCRIPT, "offline", 1, 4_000, 2_500);
        m.failed(Stage.NARRATION, "tts", 1, new StageFailure(30, 0, "timeout", "slow", true));
        m.failed(Stage.NARRATION, "tts", 2, new StageFailure(30, 1_000, "new_reason", "x", false));
        m.jobStarted();
        m.jobStarted();
        m.jobEnded("rendered");

        String text = r.scrape();
        assertThat(text)
                .contains(
                        "flywheel_render_stage_seconds_bucket{outcome=\"completed\",stage=\"SCRIPT\",le=\"0.25\"} 1")
                .contains(
                        "flywheel_render_stage_seconds_bucket{outcome=\"completed\",stage=\"SCRIPT\",le=\"5.0\"} 2")
                .contains(
                        "flywheel_render_stage_seconds_count{outcome=\"completed\",stage=\"SCRIPT\"} 2")
                .contains("flywheel_render_stage_failures_total{stage=\"NARRATION\"} 2.0")
                .contains("flywheel_render_failures_total{reason=\"timeout\"} 1.0")
                .contains("flywheel_render_failures_total{reason=\"new_reason\"} 1.0")
                // Known reasons exist before they happen.
                .contains("flywheel_render_failures_total{reason=\"job_timeout\"} 0.0")
                .contains("flywheel_render_cost_usd_total{stage=\"SCRIPT\"} 0.005")
                .contains("flywheel_render_cost_usd_total{stage=\"NARRATION\"} 0.001")
                .contains("flywheel_render_jobs_total{outcome=\"rendered\"} 1.0")
                .contains("flywheel_render_jobs_total{outcome=\"failed\"} 0.0")
                .contains("flywheel_render_jobs_in_flight 1.0")
                .contains("flywheel_render_budget_daily_usd 50.0");
    }

    @Test
    void consumerLagIsTheSumOverAssignedPartitionsAndIgnoresUnknownValues() {
        PrometheusMeterRegistry r = ProcessMetrics.registry();
        RenderMetrics m = new RenderMetrics(r, 1);
        Map<MetricName, Metric> metrics =
                Map.of(
                        name("records-lag", Map.of("topic", "t", "partition", "0")), value(7),
                        name("records-lag", Map.of("topic", "t", "partition", "1")), value(5),
                        name("records-lag", Map.of("topic", "t", "partition", "2")),
                                value(Double.NaN),
                        name("records-lag-max", Map.of()), value(99));
        assertThat(RenderMetrics.lag(metrics)).isEqualTo(12);
        m.consumerOf(0, () -> RenderMetrics.lag(metrics));
        m.consumerOf(1, () -> 3);
        assertThat(r.scrape())
                .contains("flywheel_render_consumer_lag{slot=\"0\"} 12.0")
                .contains("flywheel_render_consumer_lag{slot=\"1\"} 3.0");
    }

    private static MetricName name(String n, Map<String, String> tags) {
        return new MetricName(n, "consumer-fetch-manager-metrics", "", tags);
    }

    private static Metric value(double v) {
        return new Metric() {
            @Override
            public MetricName metricName() {
                return null;
            }

            @Override
            public Object metricValue() {
                return v;
            }
        };
    }
}
