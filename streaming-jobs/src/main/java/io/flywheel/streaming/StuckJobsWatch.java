package io.flywheel.streaming;

import java.time.Duration;
import java.util.Optional;

/**
 * Decides when the local streaming process must end so the supervisor restarts it: when its jobs
 * have not all been RUNNING on a live TaskManager for a whole grace period. A MiniCluster whose
 * TaskManager died of a fatal task error (e.g. a JDBC sink failing while it closes during a
 * PostgreSQL crash) keeps its jobs RESTARTING forever with no slots; a new process resumes them
 * from their retained checkpoints. Brief restarts of a job (shorter than the grace) are Flink's own
 * business.
 */
final class StuckJobsWatch {
    private final long graceNanos;
    private long badSince = Long.MIN_VALUE;

    StuckJobsWatch(Duration grace) {
        this.graceNanos = grace.toNanos();
    }

    /**
     * @param nowNanos a monotonic clock
     * @param problem what is wrong now (e.g. "no TaskManager", "engagement-kpi-job RESTARTING"), or
     *     empty when every job runs
     * @return why the process must end, once the problem has lasted the grace period
     */
    Optional<String> observe(long nowNanos, Optional<String> problem) {
        if (problem.isEmpty()) {
            badSince = Long.MIN_VALUE;
            return Optional.empty();
        }
        if (badSince == Long.MIN_VALUE) {
            badSince = nowNanos;
        }
        long secs = (nowNanos - badSince) / 1_000_000_000L;
        return nowNanos - badSince >= graceNanos
                ? Optional.of(problem.get() + " for " + secs + " s")
                : Optional.empty();
    }
}
