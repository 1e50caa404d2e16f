package io.flywheel.api.routes;

import io.flywheel.api.Dependencies;
import io.flywheel.api.keys.ApiKey;
import io.flywheel.api.keys.Scope;
import io.javalin.http.Context;
import java.util.List;

/** {@code GET /v1/keys}: the API keys (ids, names, scopes; never a secret), for admins. */
public final class KeyRoutes implements RouteGroup {
    private final Dependencies d;

    public KeyRoutes(Dependencies d) {
        this.d = d;
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.get("/v1/keys", Scope.ADMIN, this::keys);
    }

    record Keys(List<ApiKey> keys) {}

    private void keys(Context ctx) {
        ctx.json(new Keys(d.keys().list()));
    }
}
