package io.flywheel.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process's Prometheus endpoint: {@code GET /metrics} and nothing else, bound to the configured
 * listen address (loopback by default), like the scheduler's and the supervisor's. The meters carry
 * counts, durations and bounded labels (stage, reason, platform), never user text or secrets, so
 * the endpoint needs no key; reaching it is limited by the address it binds to.
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;

    private MetricsServer(HttpServer server) {
        this.server = server;
    }

    /**
     * @param portKey the config key that set {@code port}, named in the error when it is taken
     */
    public static MetricsServer start(
            String host, int port, String portKey, PrometheusMeterRegistry registry) {
        HttpServer s;
        try {
            s = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (BindException e) {
            throw new IllegalStateException(
                    "cannot serve metrics on "
                            + host
                            + ":"
                            + port
                            + " ("
                            + e.getMessage()
                            + "): the port is taken; set "
                            + portKey
                            + " to a free one",
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        s.createContext("/metrics", ex -> serve(ex, registry));
        s.createContext("/", MetricsServer::notFound);
        s.start();
        LOG.info("metrics on http://{}:{}/metrics", host, s.getAddress().getPort());
        return new MetricsServer(s);
    }

    private static void serve(HttpExchange ex, PrometheusMeterRegistry registry)
            throws IOException {
        if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
            ex.getResponseHeaders().set("Allow", "GET, HEAD");
            respond(ex, 405, "text/plain; charset=utf-8", "only GET\n");
            return;
        }
        if (!ex.getRequestURI().getPath().equals("/metrics")) {
            notFound(ex);
            return;
        }
        respond(ex, 200, CONTENT_TYPE, registry.scrape());
    }

    private static void notFound(HttpExchange ex) throws IOException {
        respond(ex, 404, "text/plain; charset=utf-8", "only /metrics here\n");
    }

    private static void respond(HttpExchange ex, int status, String type, String body)
            throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : b.length);
        try (OutputStream out = ex.getResponseBody()) {
            if (!head) {
                out.write(b);
            }
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
