package io.flywheel.store;

import java.time.Instant;
import java.util.UUID;

/**
 * One attempt of one step of a scheduled or manual run (or a step skipped after an earlier step
 * failed), as {@code scheduler_runs} holds it.
 *
 * @param chain what was triggered (cycle, experiments, or a single job)
 * @param attempt 1 for the first try; 0 for a skipped step
 * @param status running, succeeded, failed, timed_out, skipped or interrupted
 * @param batchRunId the job's own row in {@code batch_job_runs}, when it got that far
 */
public record SchedulerRun(
        long attemptId,
        UUID runId,
        String chain,
        String job,
        String triggeredBy,
        int attempt,
        Instant startedAt,
        Instant finishedAt,
        String status,
        Integer exitCode,
        String logPath,
        String summary,
        String runner,
        Long batchRunId) {}
