package io.flywheel.api.webhooks;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import io.flywheel.api.http.Access;
import io.flywheel.api.http.ApiProblem;
import io.flywheel.api.http.Params;
import io.flywheel.api.http.Problem.FieldError;
import io.flywheel.api.keys.ApiKey;
import io.flywheel.api.keys.Scope;
import io.flywheel.api.routes.RouteGroup;
import io.flywheel.api.routes.RouteRegistry;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The webhook routes, all under the {@code webhooks} scope (admin keys have it too): create a
 * subscription (its secret is answered once), list, read and delete subscriptions, read the
 * delivery log, replay a delivery.
 */
public final class WebhookRoutes implements RouteGroup {
    static final int MAX_URL = 2000;
    static final int MAX_DELIVERIES = 200;

    // Not final: the handler fields below are lambdas that read it when called.
    private Webhooks w;

    public WebhookRoutes(Webhooks webhooks) {
        this.w = webhooks;
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.add(POST, "/v1/webhooks", Scope.WEBHOOKS, create);
        routes.add(GET, "/v1/webhooks", Scope.WEBHOOKS, list);
        routes.add(GET, "/v1/webhooks/{subscriptionId}", Scope.WEBHOOKS, read);
        routes.add(DELETE, "/v1/webhooks/{subscriptionId}", Scope.WEBHOOKS, delete);
        routes.add(GET, "/v1/webhooks/{subscriptionId}/deliveries", Scope.WEBHOOKS, deliveries);
        routes.add(
                POST,
                "/v1/webhooks/{subscriptionId}/deliveries/{deliveryId}/replay",
                Scope.WEBHOOKS,
                replay);
    }

    /** Body of POST /v1/webhooks. */
    record CreateRequest(String url, List<String> events, String description) {}

    private final Handler create =
            ctx -> {
                CreateRequest req = Params.body(ctx, CreateRequest.class);
                List<FieldError> errors = new ArrayList<>();
                String url = req.url() == null ? "" : req.url().strip();
                if (!validUrl(url)) {
                    errors.add(
                            new FieldError(
                                    "/url",
                                    "must be an absolute http or https URL of at most "
                                            + MAX_URL
                                            + " characters"));
                } else {
                    w.addresses()
                            .refusal(URI.create(url))
                            .ifPresent(reason -> errors.add(new FieldError("/url", reason)));
                }
                Set<String> events = new LinkedHashSet<>();
                if (req.events() == null || req.events().isEmpty()) {
                    errors.add(new FieldError("/events", "must list at least one event"));
                } else {
                    for (int i = 0; i < req.events().size(); i++) {
                        String e = req.events().get(i);
                        if (WebhookEvent.parse(e).isEmpty()) {
                            errors.add(
                                    new FieldError(
                                            "/events/" + i,
                                            "must be one of " + String.join(", ", known())));
                        } else {
                            events.add(WebhookEvent.parse(e).get().wire());
                        }
                    }
                }
                if (req.description() != null && req.description().length() > 200) {
                    errors.add(new FieldError("/description", "at most 200 characters"));
                }
                if (!errors.isEmpty()) {
                    throw ApiProblem.invalid(errors);
                }
                if (!w.secrets().available()) {
                    throw ApiProblem.unavailable(
                            "webhook secrets are stored encrypted: set FLYWHEEL_PUBLISH_TOKEN_KEY"
                                    + " (32 random bytes in base64) for the API");
                }
                UUID id = UUID.randomUUID();
                String secret = w.secrets().newSecret();
                ApiKey key = ctx.attribute(Access.KEY_ATTRIBUTE);
                Instant now = Instant.now();
                w.store()
                        .create(
                                id,
                                url,
                                List.copyOf(events),
                                w.secrets().seal(id, secret),
                                req.description(),
                                key == null ? null : key.keyId(),
                                now);
                Map<String, Object> out =
                        subscriptionJson(w.store().subscription(id).orElseThrow());
                out.put("secret", secret);
                ctx.status(201);
                ctx.header("Location", "/v1/webhooks/" + id);
                ctx.json(out);
            };

    private final Handler list =
            ctx ->
                    ctx.json(
                            Map.of(
                                    "webhooks",
                                    w.store().subscriptions().stream()
                                            .map(WebhookRoutes::subscriptionJson)
                                            .toList()));

    private final Handler read = ctx -> ctx.json(subscriptionJson(subscription(ctx)));

    private final Handler delete =
            ctx -> {
                UUID id = Params.uuidPath(ctx, "subscriptionId");
                if (!w.store().delete(id, Instant.now())) {
                    throw ApiProblem.notFound("no webhook subscription " + id);
                }
                ctx.status(204);
            };

    private final Handler deliveries =
            ctx -> {
                WebhookStore.Subscription s = subscription(ctx);
                String status = Params.single(ctx, "status");
                if (status != null && !Set.of("pending", "delivered", "failed").contains(status)) {
                    throw Params.field("status", "must be pending, delivered or failed");
                }
                int limit = Params.intParam(ctx, "limit", 50, 1, MAX_DELIVERIES);
                List<Map<String, Object>> items = new ArrayList<>();
                for (WebhookStore.Delivery d : w.store().deliveries(s.id(), status, limit)) {
                    items.add(deliveryJson(d, w.store().attempts(d.id())));
                }
                ctx.json(Map.of("subscription_id", s.id().toString(), "deliveries", items));
            };

    private final Handler replay =
            ctx -> {
                WebhookStore.Subscription s = subscription(ctx);
                long deliveryId;
                try {
                    deliveryId = Long.parseLong(ctx.pathParam("deliveryId"));
                } catch (NumberFormatException e) {
                    throw Params.field("deliveryId", "must be a delivery id (a number)");
                }
                if (!w.store().replay(s.id(), deliveryId, Instant.now())) {
                    throw ApiProblem.notFound(
                            "subscription " + s.id() + " has no delivery " + deliveryId);
                }
                w.wakeDispatcher().run();
                ctx.status(202);
                ctx.json(
                        deliveryJson(
                                w.store().delivery(s.id(), deliveryId).orElseThrow(),
                                w.store().attempts(deliveryId)));
            };

    private WebhookStore.Subscription subscription(Context ctx) {
        UUID id = Params.uuidPath(ctx, "subscriptionId");
        return w.store()
                .subscription(id)
                .orElseThrow(() -> ApiProblem.notFound("no webhook subscription " + id));
    }

    private static boolean validUrl(String url) {
        if (url.isEmpty() || url.length() > MAX_URL) {
            return false;
        }
        try {
            URI u = new URI(url);
            return ("http".equals(u.getScheme()) || "https".equals(u.getScheme()))
                    && u.getHost() != null
                    && u.getUserInfo() == null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static List<String> known() {
        List<String> out = new ArrayList<>();
        for (WebhookEvent e : WebhookEvent.values()) {
            out.add(e.wire());
        }
        return out;
    }

    static Map<String, Object> subscriptionJson(WebhookStore.Subscription s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id().toString());
        m.put("url", s.url());
        m.put("events", s.events());
        m.put("description", s.description());
        m.put("created_by", s.createdBy());
        m.put("created_at", s.createdAt().toString());
        return m;
    }

    static Map<String, Object> deliveryJson(
            WebhookStore.Delivery d, List<WebhookStore.Attempt> attempts) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("event_id", d.eventId());
        m.put("event_type", d.eventType());
        m.put("status", d.status());
        m.put("attempts", d.attempts());
        m.put("replays", d.replays());
        m.put(
                "next_attempt_at",
                d.status().equals("pending") ? d.nextAttemptAt().toString() : null);
        m.put("last_status_code", d.lastStatusCode());
        m.put("last_error", d.lastError());
        m.put("created_at", d.createdAt().toString());
        m.put("delivered_at", d.deliveredAt() == null ? null : d.deliveredAt().toString());
        List<Map<String, Object>> log = new ArrayList<>();
        for (WebhookStore.Attempt a : attempts) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("attempt", a.attempt());
            x.put("started_at", a.startedAt().toString());
            x.put("duration_ms", a.durationMs());
            x.put("status_code", a.statusCode());
            x.put("error", a.error());
            log.add(x);
        }
        m.put("log", log);
        return m;
    }
}
