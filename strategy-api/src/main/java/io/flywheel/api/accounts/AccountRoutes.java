package io.flywheel.api.accounts;

import static io.javalin.http.HandlerType.GET;

import io.flywheel.api.keys.Scope;
import io.flywheel.api.routes.RouteGroup;
import io.flywheel.api.routes.RouteRegistry;
import io.flywheel.publishers.accounts.ConnectedAccounts;
import io.javalin.http.Handler;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/accounts}: the platform accounts connected with {@code flywheel accounts connect},
 * their token expiries and today's quota use (never a token).
 */
public final class AccountRoutes implements RouteGroup {
    // Not final: the handler fields below are lambdas that read it when called.
    private ConnectedAccounts accounts;

    public AccountRoutes(ConnectedAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.add(GET, "/v1/accounts", Scope.READ, list);
    }

    private final Handler list =
            ctx -> {
                List<Map<String, Object>> items =
                        accounts.list(Instant.now()).stream().map(AccountRoutes::json).toList();
                ctx.json(Map.of("accounts", items));
            };

    private static Map<String, Object> json(ConnectedAccounts.Account a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("platform", a.platform());
        m.put("account_id", a.accountId());
        m.put("account_name", a.accountName());
        m.put("scopes", a.scopes());
        m.put("connected_at", text(a.connectedAt()));
        m.put("access_expires_at", text(a.accessExpiresAt()));
        m.put("token_expires_at", text(a.refreshExpiresAt()));
        m.put("quota_today", a.quotaToday());
        return m;
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
