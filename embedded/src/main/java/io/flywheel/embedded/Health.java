package io.flywheel.embedded;

/**
 * Whether a service works in the way that matters (a consumer group joined, a job running, its
 * dependencies reachable), and in a few words why not.
 */
public record Health(boolean ok, String detail) {
    public static Health ok(String detail) {
        return new Health(true, detail);
    }

    public static Health failing(String why) {
        return new Health(false, why);
    }

    /** A check of one service; it must answer within a few seconds and never throw. */
    @FunctionalInterface
    public interface Check {
        Health check();
    }
}
