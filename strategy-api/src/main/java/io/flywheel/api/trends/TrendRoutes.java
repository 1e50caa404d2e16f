package io.flywheel.api.trends;

import static io.javalin.http.HandlerType.GET;

import io.flywheel.api.http.ArmFields;
import io.flywheel.api.http.Params;
import io.flywheel.api.keys.Scope;
import io.flywheel.api.routes.RouteGroup;
import io.flywheel.api.routes.RouteRegistry;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /v1/trends} (scope read): the arms and parameter values whose engaged views are rising
 * faster than their baseline, from the streaming trend job (docs/trends.md); optional {@code
 * platform}, {@code minutes} (how recent, default 60) and {@code limit} (default 50).
 */
public final class TrendRoutes implements RouteGroup {
    private final TrendStore trends;

    public TrendRoutes(TrendStore trends) {
        this.trends = trends;
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.add(GET, "/v1/trends", Scope.READ, this::list);
    }

    private void list(Context ctx) {
        {
            Optional<String> platform =
                    Optional.ofNullable(ctx.queryParam("platform")).filter(p -> !p.isBlank());
            if (platform.isPresent() && ArmFields.platformError(platform.get()) != null) {
                throw Params.field("platform", ArmFields.platformError(platform.get()));
            }
            int minutes = Params.intParam(ctx, "minutes", 60, 1, 7 * 24 * 60);
            int limit = Params.intParam(ctx, "limit", 50, 1, 500);
            List<Map<String, Object>> out = new ArrayList<>();
            for (TrendStore.Trend t : trends.recent(platform, minutes, limit)) {
                out.add(json(t));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("minutes", minutes);
            body.put("trends", out);
            ctx.json(body);
        }
    }

    private static Map<String, Object> json(TrendStore.Trend t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("platform", t.platform());
        m.put("dimension", t.dimension());
        m.put("value", t.value());
        m.put("arm_key", t.armKey());
        m.put("window_start", t.windowStart().toString());
        m.put("window_end", t.windowEnd().toString());
        m.put("engaged_views", t.engagedViews());
        m.put("baseline_mean", t.baselineMean());
        m.put("baseline_sd", t.baselineSd());
        m.put("z_score", t.zScore());
        m.put("since", t.since() == null ? null : t.since().toString());
        return m;
    }
}
