package io.flywheel.config;

import java.time.Duration;

/**
 * When and how the local scheduler runs the batch jobs (each a child JVM).
 *
 * @param enabled whether {@code flywheel up} starts the scheduler
 * @param cycleInterval how often the learning chain ingest → curate → train → recommend runs
 * @param experimentsInterval how often the experiment report runs
 * @param maintenanceInterval how often the Delta table maintenance runs
 * @param retries further attempts of a failed step (0 = no retry)
 * @param retryBackoff wait before the first retry; doubled before each further one
 * @param jobTimeout a step running longer is killed and recorded as timed out
 * @param stopGrace on SIGTERM, how long a running step may still finish before it is killed
 * @param port the scheduler's HTTP port: {@code /health} and {@code /metrics} (Prometheus)
 * @param jobHeap the {@code -Xmx} of each batch job's JVM
 */
public record SchedulerSettings(
        boolean enabled,
        Duration cycleInterval,
        Duration experimentsInterval,
        Duration maintenanceInterval,
        int retries,
        Duration retryBackoff,
        Duration jobTimeout,
        Duration stopGrace,
        int port,
        String jobHeap) {

    public SchedulerSettings {
        if (retries < 0 || retries > 10) {
            throw new ConfigException("scheduler.retries must be 0-10");
        }
        // `flywheel down` kills a process that has not stopped after 60 s; the grace plus the
        // 10 s a killed job gets to stop must end before that, or the job would be orphaned.
        if (stopGrace.compareTo(java.time.Duration.ofSeconds(45)) > 0) {
            throw new ConfigException("scheduler.stop.grace must be at most 45s");
        }
        if (!jobHeap.matches("[0-9]+[kmgKMG]?")) {
            throw new ConfigException("scheduler.job.heap must look like 2g or 512m");
        }
    }
}
