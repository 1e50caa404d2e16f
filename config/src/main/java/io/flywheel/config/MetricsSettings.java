package io.flywheel.config;

/**
 * The Prometheus {@code /metrics} ports of the processes that have no other HTTP port (the API,
 * scheduler and supervisor serve theirs on {@code api.port}, {@code scheduler.port} and {@code
 * supervisor.port}). Each binds to {@code listen.address}.
 *
 * @param renderPort the render worker's
 * @param publisherPort the publisher's
 * @param audiencePort the simulated audience's
 * @param streamingPort the Flink jobs' (Flink's Prometheus reporter)
 */
public record MetricsSettings(
        int renderPort, int publisherPort, int audiencePort, int streamingPort) {}
