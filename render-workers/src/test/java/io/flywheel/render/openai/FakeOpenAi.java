package io.flywheel.render.openai;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server speaking the OpenAI protocol's shape: each path answers with a scripted
 * sequence of responses (status, body, delay), the last one repeating.
 */
public final class FakeOpenAi implements AutoCloseable {
    public record Reply(int status, byte[] body, long delayMs) {
        public static Reply json(String s) {
            return new Reply(200, s.getBytes(), 0);
        }

        public static Reply status(int code) {
            return new Reply(
                    code, ("{\"error\":{\"message\":\"upstream " + code + "\"}}").getBytes(), 0);
        }

        public static Reply slow(long ms) {
            return new Reply(200, "{}".getBytes(), ms);
        }
    }

    private final HttpServer server;
    private final Map<String, List<Reply>> script = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final List<String> bodies = new CopyOnWriteArrayList<>();

    public FakeOpenAi() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public FakeOpenAi on(String path, Reply... replies) {
        script.put("/v1" + path, List.of(replies));
        calls.put("/v1" + path, new AtomicInteger());
        return this;
    }

    public int calls(String path) {
        return calls.getOrDefault("/v1" + path, new AtomicInteger()).get();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
        bodies.add(new String(ex.getRequestBody().readAllBytes()));
        List<Reply> replies = script.get(path);
        if (replies == null) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
        }
        int n = calls.get(path).getAndIncrement();
        Reply r = replies.get(Math.min(n, replies.size() - 1));
        if (r.delayMs() > 0) {
            try {
                Thread.sleep(r.delayMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(r.status(), r.body().length);
            ex.getResponseBody().write(r.body());
        } catch (IOException e) {
            // The client gave up (timeout); nothing to answer.
        } finally {
            ex.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
