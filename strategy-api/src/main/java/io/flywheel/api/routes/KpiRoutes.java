package io.flywheel.api.routes;

import io.flywheel.api.Dependencies;
import io.flywheel.api.http.ArmFields;
import io.flywheel.api.http.Params;
import io.flywheel.api.insights.KpiReader;
import io.flywheel.api.keys.Scope;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The streaming jobs' KPIs: {@code GET /v1/kpis/platforms} (totals) and {@code /v1/kpis/arms} (a
 * metric per arm over time windows). 503 while their tables are missing.
 */
public final class KpiRoutes implements RouteGroup {
    private final Dependencies d;
    private final KpiTables kpiTables;

    public KpiRoutes(Dependencies d) {
        this.d = d;
        this.kpiTables = new KpiTables(d.jdbi());
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.get("/v1/kpis/platforms", Scope.READ, this::platforms);
        routes.get("/v1/kpis/arms", Scope.READ, this::arms);
        routes.get("/v1/kpis/economics", Scope.READ, this::economics);
    }

    record Economics(List<Map<String, Object>> arms) {}

    /** Cost per video against revenue per video, per arm and platform. */
    private void economics(Context ctx) {
        String platform = Params.single(ctx, "platform");
        if (platform != null && ArmFields.platformError(platform) != null) {
            throw Params.field("platform", ArmFields.platformError(platform));
        }
        int arms = Params.intParam(ctx, "arms", 20, 1, 200);
        kpiTables.require();
        ctx.json(new Economics(d.kpis().armEconomics(Optional.ofNullable(platform), arms)));
    }

    record Platforms(List<Map<String, Object>> platforms) {}

    record ArmSeries(
            String metric, int windowSeconds, Instant since, List<KpiReader.Point> points) {}

    private void platforms(Context ctx) {
        kpiTables.require();
        ctx.json(new Platforms(d.kpis().platformTotals()));
    }

    private void arms(Context ctx) {
        String platform = Params.single(ctx, "platform");
        if (platform != null && ArmFields.platformError(platform) != null) {
            throw Params.field("platform", ArmFields.platformError(platform));
        }
        String metric = Optional.ofNullable(Params.single(ctx, "metric")).orElse("engaged_views");
        if (!KpiReader.METRICS.contains(metric)) {
            throw Params.field("metric", "must be one of " + new TreeSet<>(KpiReader.METRICS));
        }
        int window = Params.intParam(ctx, "window_seconds", 60, 1, 86_400);
        int minutes = Params.intParam(ctx, "since_minutes", 180, 1, 60 * 24 * 31);
        int arms = Params.intParam(ctx, "arms", 8, 1, 50);
        kpiTables.require();
        Instant since = Instant.now().minus(Duration.ofMinutes(minutes));
        List<KpiReader.Point> points =
                d.kpis().armSeries(Optional.ofNullable(platform), metric, window, since, arms);
        ctx.json(new ArmSeries(metric, window, since, points));
    }
}
