package io.flywheel.api.routes;

/**
 * The routes of one resource and their handlers. {@code io.flywheel.api.Routes} lists every group
 * the server serves; adding a group is one line there.
 */
public interface RouteGroup {
    /** Declares this group's routes. */
    void register(RouteRegistry routes);
}
