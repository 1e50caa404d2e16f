package io.flywheel.api;

import io.flywheel.api.http.ApiProblem;
import io.flywheel.api.http.DatabaseFailures;
import io.flywheel.api.http.Json;
import io.flywheel.api.http.Problems;
import io.flywheel.api.keys.Scope;
import io.flywheel.api.routes.RouteGroup;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: the route groups of {@link Routes} under {@code /v1}, the dashboard at {@code
 * /}, {@code /health}, {@code /metrics} and {@code /openapi.json}. Every error is an RFC 9457
 * problem. CORS headers are sent only for configured origins (none by default).
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final String START = "flywheel.start";
    private static final java.time.Duration[] LATENCY_BUCKETS = {
        java.time.Duration.ofMillis(5),
        java.time.Duration.ofMillis(10),
        java.time.Duration.ofMillis(25),
        java.time.Duration.ofMillis(50),
        java.time.Duration.ofMillis(100),
        java.time.Duration.ofMillis(250),
        java.time.Duration.ofMillis(500),
        java.time.Duration.ofSeconds(1),
        java.time.Duration.ofMillis(2500),
        java.time.Duration.ofSeconds(5)
    };

    /** A registered route: method, path (Javalin syntax) and the scope it needs (null = open). */
    public record Route(HandlerType method, String path, Scope scope) {}

    private final Javalin app;
    private final List<Route> routes = new ArrayList<>();
    private final Dependencies deps;

    private record TimerKey(String method, String route, int status) {}

    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    public ApiServer(Dependencies deps) {
        this.deps = deps;
        // Javalin 7 takes everything up front: settings, handlers and routes in one config.
        this.app =
                Javalin.create(
                        cfg -> {
                            cfg.startup.showJavalinBanner = false;
                            cfg.startup.startupWatcherEnabled = false;
                            cfg.http.maxRequestSize = deps.maxBodyBytes();
                            cfg.http.compressionStrategy = CompressionStrategy.NONE;
                            cfg.jsonMapper(new JavalinJackson(Json.MAPPER, false));
                            cfg.staticFiles.add(
                                    s -> {
                                        s.hostedPath = "/";
                                        s.directory = "/dashboard";
                                        s.location = Location.CLASSPATH;
                                    });
                            cfg.jetty.modifyServer(
                                    server -> server.setStopTimeout(5_000)); // drain on stop
                            if (!deps.corsOrigins().isEmpty()) {
                                cfg.bundledPlugins.enableCors(
                                        cors ->
                                                cors.addRule(
                                                        rule -> {
                                                            for (String o : deps.corsOrigins()) {
                                                                rule.allowHost(o);
                                                            }
                                                        }));
                            }
                            handlers(cfg.routes);
                            for (RouteGroup group : Routes.groups(deps)) {
                                group.register(
                                        (method, path, scope, handler) ->
                                                route(cfg.routes, method, path, scope, handler));
                            }
                        });
    }

    /** What every request goes through: timing, the body limit, headers, errors as problems. */
    private void handlers(RoutesConfig r) {
        r.before(ctx -> ctx.attribute(START, System.nanoTime()));
        r.before(this::limitBody);
        r.after(this::secureHeaders);
        r.after(this::record);
        r.exception(ApiProblem.class, (e, ctx) -> Problems.write(ctx, e));
        r.exception(
                HttpResponseException.class,
                (e, ctx) ->
                        Problems.write(
                                ctx,
                                Problems.of(
                                        e.getStatus(),
                                        "http-" + e.getStatus(),
                                        "HTTP " + e.getStatus(),
                                        e.getMessage(),
                                        ctx.path())));
        r.exception(
                Exception.class,
                (e, ctx) -> {
                    if (DatabaseFailures.isUnavailable(e)) {
                        LOG.warn(
                                "{} {}: the database is unavailable ({})",
                                ctx.method(),
                                ctx.path(),
                                rootMessage(e));
                        Problems.write(ctx, DatabaseFailures.unavailable());
                        return;
                    }
                    LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                    Problems.write(
                            ctx,
                            Problems.of(
                                    500,
                                    "internal",
                                    "Internal error",
                                    "the request failed inside the server; see its log",
                                    ctx.path()));
                });
        r.error(
                404,
                ctx -> {
                    if (!alreadyProblem(ctx)) {
                        Problems.write(
                                ctx,
                                Problems.of(
                                        404,
                                        "not-found",
                                        "Not found",
                                        "no such route or resource: " + ctx.path(),
                                        ctx.path()));
                    }
                });
        r.error(
                405,
                ctx ->
                        Problems.write(
                                ctx,
                                Problems.of(
                                        405,
                                        "method-not-allowed",
                                        "Method not allowed",
                                        ctx.method() + " is not allowed on " + ctx.path(),
                                        ctx.path())));
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private static boolean alreadyProblem(Context ctx) {
        String ct = ctx.res().getContentType();
        return ct != null && ct.startsWith("application/problem+json");
    }

    /** Adds a route that needs {@code scope} (null: no key needed). */
    private void route(
            RoutesConfig r, HandlerType method, String path, Scope scope, Handler handler) {
        routes.add(new Route(method, path, scope));
        Handler guarded =
                scope == null
                        ? handler
                        : ctx -> {
                            deps.access().require(ctx, scope);
                            handler.handle(ctx);
                        };
        r.addHttpHandler(method, path, guarded);
    }

    public List<Route> routes() {
        return Collections.unmodifiableList(routes);
    }

    private void limitBody(Context ctx) {
        long len = ctx.req().getContentLengthLong();
        if (len < 0 && ctx.header("Transfer-Encoding") != null) {
            // A streamed body of unknown length could be any size: ask for its length up front.
            throw new ApiProblem(
                    411,
                    "length-required",
                    "Length required",
                    "send the body with a Content-Length (at most "
                            + deps.maxBodyBytes()
                            + " bytes)",
                    null,
                    java.util.Map.of());
        }
        if (len > deps.maxBodyBytes()) {
            throw new ApiProblem(
                    413,
                    "too-large",
                    "Request body too large",
                    "the body has "
                            + len
                            + " bytes; at most "
                            + deps.maxBodyBytes()
                            + " are accepted",
                    null,
                    java.util.Map.of());
        }
    }

    private void secureHeaders(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        if (ctx.path().equals("/") || ctx.path().endsWith(".html")) {
            ctx.header(
                    "Content-Security-Policy",
                    "default-src 'self'; img-src 'self' data: blob:; media-src 'self'; style-src 'self'"
                            + " 'unsafe-inline'; frame-ancestors 'none'");
        }
    }

    private void record(Context ctx) {
        Long start = ctx.attribute(START);
        if (start == null) {
            return;
        }
        Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
        String route = endpoint == null ? null : endpoint.path;
        if (route == null || route.isEmpty() || route.equals("*")) {
            route = ctx.statusCode() == 404 ? "unmatched" : "static";
        }
        TimerKey key = new TimerKey(ctx.method().name(), route, ctx.statusCode());
        Timer timer = timers.get(key);
        if (timer == null) {
            timer = timers.computeIfAbsent(key, this::timer);
        }
        timer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /**
     * The timer of a method, route and status. Registered once per key (routes and statuses are
     * few): building it per request cost the health route about a fifth of its CPU.
     */
    private Timer timer(TimerKey k) {
        return Timer.builder("http.server.requests")
                .tag("method", k.method())
                .tag("route", k.route())
                .tag("status", Integer.toString(k.status()))
                .publishPercentiles(0.5, 0.99)
                // Buckets too, so Prometheus can aggregate (histogram_quantile over instances).
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(deps.metrics());
    }

    public ApiServer start(String host, int port) {
        app.start(host, port);
        return this;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
