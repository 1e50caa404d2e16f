package io.flywheel.api.routes;

import io.flywheel.api.Dependencies;
import io.flywheel.api.http.ApiProblem;
import io.flywheel.api.http.Params;
import io.flywheel.api.keys.Scope;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * The pipeline's operations: {@code GET /v1/ops/pipeline} (jobs per day and status), {@code
 * /v1/ops/cost} and {@code /v1/ops/stages} (from the streaming jobs' ops tables, 503 without them).
 */
public final class OpsRoutes implements RouteGroup {
    private final Dependencies d;

    public OpsRoutes(Dependencies d) {
        this.d = d;
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.get("/v1/ops/pipeline", Scope.READ, this::pipeline);
        routes.get("/v1/ops/cost", Scope.READ, this::cost);
        routes.get("/v1/ops/stages", Scope.READ, this::stages);
    }

    record Pipeline(List<Map<String, Object>> days, Map<String, Object> statusCounts) {}

    record Costs(List<Map<String, Object>> days) {}

    record Stages(int hours, List<Map<String, Object>> stages) {}

    private void pipeline(Context ctx) {
        int days = Params.intParam(ctx, "days", 14, 1, 365);
        ctx.json(new Pipeline(d.pipeline().daily(days), d.pipeline().statusCounts()));
    }

    private void requireOps() {
        if (!d.pipeline().opsInstalled()) {
            throw ApiProblem.unavailable(
                    "the streaming jobs' pipeline-ops tables (ops_stage_minutes,"
                            + " ops_provider_daily_costs, ops_budget_days) are not in this database"
                            + " yet");
        }
    }

    private void cost(Context ctx) {
        int days = Params.intParam(ctx, "days", 14, 1, 365);
        requireOps();
        ctx.json(new Costs(d.pipeline().costs(days)));
    }

    private void stages(Context ctx) {
        int hours = Params.intParam(ctx, "hours", 24, 1, 24 * 90);
        requireOps();
        ctx.json(new Stages(hours, d.pipeline().stages(hours)));
    }
}
