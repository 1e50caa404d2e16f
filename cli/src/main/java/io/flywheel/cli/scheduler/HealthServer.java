package io.flywheel.cli.scheduler;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * A local process's {@code /health} (for {@code flywheel status}) and {@code /metrics}: the
 * scheduler's and the supervisor's.
 */
public final class HealthServer implements AutoCloseable {
    private final HttpServer server;

    private HealthServer(HttpServer server) {
        this.server = server;
    }

    public static HealthServer start(
            String host, int port, PrometheusMeterRegistry metrics, Supplier<Scheduler.State> state)
            throws IOException {
        return startJson(
                host,
                port,
                metrics,
                () -> {
                    Scheduler.State st = state.get();
                    return "{\"status\":\"UP\",\"leader\":"
                            + st.leader()
                            + ",\"running\":"
                            + st.running().map(r -> "\"" + r + "\"").orElse("null")
                            + "}";
                });
    }

    /** {@code /health} answers the JSON {@code health} gives; {@code /metrics} scrapes. */
    public static HealthServer startJson(
            String host, int port, PrometheusMeterRegistry metrics, Supplier<String> health)
            throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(host, port), 16);
        s.createContext("/health", ex -> respond(ex, "application/json", health.get()));
        s.createContext(
                "/metrics",
                ex -> respond(ex, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
        s.start();
        return new HealthServer(s);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange ex, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(200, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
