package io.flywheel.schemas;

/**
 * The consumer groups of Flywheel's processes: the processes join them, and {@code flywheel status}
 * and the supervisor check their members to tell whether a process really consumes.
 */
public final class ConsumerGroups {
    /**
     * The render workers' group (after the topic prefix); client ids {@code
     * render-worker-<id>-<slot>}.
     */
    public static final String RENDER_WORKERS = "render-workers";

    /** The sandbox or YouTube publisher. */
    public static final String PUBLISHER = "sandbox-publisher";

    /** The sandbox's simulated audience. */
    public static final String AUDIENCE = "audience-simulator";

    private ConsumerGroups() {}

    /** The client id prefix of one render worker's slots. */
    public static String renderWorkerClientPrefix(String workerId) {
        return "render-worker-" + workerId + "-";
    }
}
