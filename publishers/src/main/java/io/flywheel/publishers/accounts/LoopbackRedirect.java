package io.flywheel.publishers.accounts;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The loopback redirect of a native app (RFC 8252, section 7.3): a one-shot HTTP listener on
 * 127.0.0.1 with a port the system picks, at {@code /callback/}. The first request there ends it:
 * with the authorization code when its {@code state} is the one this run sent (compared in constant
 * time), or with an error otherwise; the browser is told which in a short page.
 */
public final class LoopbackRedirect implements AutoCloseable {
    static final String PATH = "/callback/";

    private final HttpServer server;
    private final String state;
    private final CompletableFuture<String> code = new CompletableFuture<>();

    public LoopbackRedirect(String state) throws IOException {
        this.state = state;
        this.server =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(PATH, this::handle);
        server.start();
    }

    /**
     * The redirect URI to register with the platform: {@code http://127.0.0.1:<port>/callback/}.
     */
    public String redirectUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /**
     * Waits for the browser's redirect.
     *
     * @return the authorization code
     * @throws AuthorizationException when the redirect carries an error, a wrong state or no code,
     *     or none comes within {@code timeout}
     */
    public String await(Duration timeout) throws InterruptedException {
        try {
            return code.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AuthorizationException(
                    "no redirect came back within "
                            + timeout.toSeconds()
                            + " s; nothing was stored. Open the URL again with `accounts"
                            + " connect`");
        } catch (ExecutionException e) {
            throw (AuthorizationException) e.getCause();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (code.isDone() || !ex.getRequestURI().getPath().equals(PATH)) {
                respond(ex, 404, "Nothing here.");
                return;
            }
            Map<String, String> q = query(ex.getRequestURI());
            String returned = q.getOrDefault("state", "");
            if (!MessageDigest.isEqual(
                    returned.getBytes(StandardCharsets.UTF_8),
                    state.getBytes(StandardCharsets.UTF_8))) {
                respond(ex, 400, "Refused: the state does not match this authorisation.");
                code.completeExceptionally(
                        new AuthorizationException(
                                "the redirect's state does not match the one this run sent"
                                        + " (a forged or stale redirect); nothing was stored"));
                return;
            }
            if (q.containsKey("error")) {
                respond(ex, 400, "The authorisation was refused: " + q.get("error") + ".");
                code.completeExceptionally(
                        new AuthorizationException(
                                "the platform answered error="
                                        + q.get("error")
                                        + (q.containsKey("error_description")
                                                ? " (" + q.get("error_description") + ")"
                                                : "")
                                        + "; nothing was stored"));
                return;
            }
            String c = q.getOrDefault("code", "");
            if (c.isEmpty()) {
                respond(ex, 400, "Refused: the redirect carries no code.");
                code.completeExceptionally(
                        new AuthorizationException(
                                "the redirect carries no authorization code; nothing was stored"));
                return;
            }
            respond(ex, 200, "Flywheel got the authorisation. You can close this tab.");
            code.complete(c);
        }
    }

    private static void respond(HttpExchange ex, int status, String text) throws IOException {
        byte[] body =
                ("<!doctype html><title>Flywheel</title><p>" + text + "</p>")
                        .getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> out = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.putIfAbsent(
                    URLDecoder.decode(k, StandardCharsets.UTF_8),
                    URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
