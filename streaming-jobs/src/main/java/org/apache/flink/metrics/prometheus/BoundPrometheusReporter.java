package org.apache.flink.metrics.prometheus;

import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/**
 * Flink's {@link PrometheusReporter} with its HTTP server bound to one address: the stock reporter
 * listens on every interface ({@code new InetSocketAddress(port)}), which would put the jobs'
 * metrics on the network even where every other Flywheel port is on loopback. It lives in Flink's
 * package because the collector registry it serves is package-private in {@link
 * AbstractPrometheusReporter}.
 */
public final class BoundPrometheusReporter extends AbstractPrometheusReporter {
    private final HTTPServer server;

    public BoundPrometheusReporter(String host, int port) {
        try {
            this.server = new HTTPServer(new InetSocketAddress(host, port), registry, true);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot serve Flink's metrics on " + host + ":" + port, e);
        }
        log.info("Flink metrics on http://{}:{}/metrics", host, server.getPort());
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.stop();
        super.close();
    }
}
