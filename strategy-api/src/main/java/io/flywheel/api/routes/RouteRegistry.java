package io.flywheel.api.routes;

import io.flywheel.api.keys.Scope;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/** Where a {@link RouteGroup} declares its routes; the server checks each route's scope. */
@FunctionalInterface
public interface RouteRegistry {
    /**
     * Adds a route.
     *
     * @param path in Javalin's syntax ({@code {param}}, {@code <path>})
     * @param scope the scope an API key needs, or null for an open route
     */
    void add(HandlerType method, String path, Scope scope, Handler handler);

    default void get(String path, Scope scope, Handler handler) {
        add(HandlerType.GET, path, scope, handler);
    }

    default void post(String path, Scope scope, Handler handler) {
        add(HandlerType.POST, path, scope, handler);
    }
}
