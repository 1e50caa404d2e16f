package io.flywheel.api.routes;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.flywheel.api.Dependencies;
import io.flywheel.api.OpenApiDocument;
import io.javalin.http.Context;

/** {@code /health}, {@code /health/live}, {@code /metrics} and {@code /openapi.json}: no key. */
public final class SystemRoutes implements RouteGroup {
    private final Dependencies d;

    public SystemRoutes(Dependencies d) {
        this.d = d;
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.get("/health", null, this::health);
        routes.get("/health/live", null, ctx -> ctx.json(new Live("UP")));
        routes.get("/metrics", null, this::metrics);
        routes.get("/openapi.json", null, this::openApi);
    }

    record Live(String status) {}

    /** The answer of /health: UP only when every dependency is. */
    record Health(String status, Checks checks) {}

    record Checks(DependencyCheck postgres, DependencyCheck kafka, ModelCheck model) {}

    /** A dependency's state: its latency when it answered, why not when it did not. */
    record DependencyCheck(
            String status,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double latencyMs,
            @JsonInclude(JsonInclude.Include.NON_NULL) String detail) {}

    record ModelCheck(String status, String champion, String detail) {}

    private void health(Context ctx) {
        DependencyCheck postgres = postgres();
        Dependencies.HealthCheck k = d.kafkaHealth().get();
        DependencyCheck kafka = new DependencyCheck(k.up() ? "UP" : "DOWN", null, k.detail());
        String champion = d.champion().version().orElse(null);
        ModelCheck model =
                new ModelCheck(
                        "UP",
                        champion,
                        champion != null
                                ? "scoring with the champion"
                                : "no champion yet: recommendations are a cold-start exploration"
                                        + " set");
        boolean up = postgres.status().equals("UP") && k.up();
        ctx.status(up ? 200 : 503);
        ctx.json(new Health(up ? "UP" : "DOWN", new Checks(postgres, kafka, model)));
    }

    private DependencyCheck postgres() {
        long t0 = System.nanoTime();
        try {
            d.jdbi().withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
            return new DependencyCheck("UP", (System.nanoTime() - t0) / 1e6, null);
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return new DependencyCheck(
                    "DOWN",
                    null,
                    "the database is unavailable: " + root.getClass().getSimpleName());
        }
    }

    private void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
        ctx.result(d.metrics().scrape());
    }

    private void openApi(Context ctx) {
        ctx.contentType("application/json");
        ctx.result(OpenApiDocument.json());
    }
}
