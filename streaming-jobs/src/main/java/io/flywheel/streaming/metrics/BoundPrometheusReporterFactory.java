package io.flywheel.streaming.metrics;

import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.prometheus.BoundPrometheusReporter;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Creates {@link BoundPrometheusReporter}: Flink's Prometheus reporter ({@code
 * flink-metrics-prometheus}) on {@code host}:{@code port}. {@link #configure} sets it up in a Flink
 * configuration under the reporter name {@value #NAME}.
 */
public final class BoundPrometheusReporterFactory implements MetricReporterFactory {
    public static final String NAME = "prom";

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        MetricConfig c = (MetricConfig) properties;
        return new BoundPrometheusReporter(
                c.getString("host", "127.0.0.1"), c.getInteger("port", 0));
    }

    /**
     * Every metric of the MiniCluster (job manager, task manager, jobs, operators) on host:port.
     */
    public static void configure(Configuration conf, String host, int port) {
        String prefix = "metrics.reporter." + NAME + ".";
        conf.setString(prefix + "factory.class", BoundPrometheusReporterFactory.class.getName());
        conf.setString(prefix + "host", host);
        conf.setString(prefix + "port", Integer.toString(port));
    }
}
