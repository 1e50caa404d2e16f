package io.flywheel.cli;

import io.flywheel.config.FlywheelConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where each process of {@code flywheel up} serves Prometheus metrics, for {@code status} and the
 * scrape config in {@code infra/prometheus/}. Kafka and PostgreSQL export none of their own.
 */
final class MetricsAddresses {
    private MetricsAddresses() {}

    static Map<String, String> of(FlywheelConfig c) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("streaming", url(c, c.metrics().streamingPort()));
        m.put("render-worker", url(c, c.metrics().renderPort()));
        for (int i = 1; i <= c.cluster().renderWorkers(); i++) {
            m.put("render-worker-" + i, url(c, renderWorkerPort(c, i)));
        }
        m.put("publisher", url(c, c.metrics().publisherPort()));
        m.put("audience", url(c, c.metrics().audiencePort()));
        m.put("api", url(c, c.api().port()));
        m.put("scheduler", url(c, c.scheduler().port()));
        m.put("supervisor", url(c, c.supervisor().port()));
        return m;
    }

    /**
     * The metrics port of render worker {@code i} of the cluster profile (several on one machine):
     * {@code metrics.render.port}, then 10 above it for each further worker.
     */
    static int renderWorkerPort(FlywheelConfig c, int i) {
        return c.metrics().renderPort() + 10 * (i - 1);
    }

    private static String url(FlywheelConfig c, int port) {
        String host = c.listenAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/metrics";
    }
}
