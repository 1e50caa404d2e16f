package io.flywheel.config;

import java.time.Duration;

/**
 * How the local supervisor keeps the processes of {@code flywheel up} alive.
 *
 * @param port the supervisor's HTTP port: {@code /health} and {@code /metrics} (Prometheus)
 * @param maxRestarts restarts of one process within {@code restartWindow} after which it is left
 *     down and reported as crash-looping
 * @param restartWindow the window in which restarts count towards {@code maxRestarts}
 * @param maxBackoff the longest wait before a restart (the wait doubles from 1 s per restart in the
 *     window)
 */
public record SupervisorSettings(
        int port, int maxRestarts, Duration restartWindow, Duration maxBackoff) {

    public SupervisorSettings {
        if (maxRestarts < 1 || maxRestarts > 100) {
            throw new ConfigException("supervisor.max.restarts must be 1-100");
        }
        if (maxBackoff.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigException("supervisor.max.backoff must be at least 1s");
        }
    }
}
