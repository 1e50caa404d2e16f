package io.flywheel.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** The scheduler's run history ({@code scheduler_runs}). */
public final class SchedulerRunStore {
    private final Jdbi jdbi;

    public SchedulerRunStore(Jdbi jdbi) {
        this.jdbi = jdbi;
        jdbi.registerRowMapper(ConstructorMapper.factory(SchedulerRun.class));
    }

    /**
     * @return the attempt id of the new row, status {@code running}
     */
    public long started(
            UUID runId,
            String chain,
            String job,
            String triggeredBy,
            int attempt,
            Instant startedAt,
            String logPath,
            String runner) {
        return jdbi.withHandle(
                h ->
                        h.createUpdate(
                                        "INSERT INTO scheduler_runs (run_id, chain, job,"
                                                + " triggered_by, attempt, started_at, status,"
                                                + " log_path, runner) VALUES (:runId, :chain, :job,"
                                                + " :triggeredBy, :attempt, :startedAt, 'running',"
                                                + " :logPath, :runner)")
                                .bind("runId", runId)
                                .bind("chain", chain)
                                .bind("job", job)
                                .bind("triggeredBy", triggeredBy)
                                .bind("attempt", attempt)
                                .bind("startedAt", startedAt)
                                .bind("logPath", logPath)
                                .bind("runner", runner)
                                .executeAndReturnGeneratedKeys("attempt_id")
                                .mapTo(Long.class)
                                .one());
    }

    /**
     * Closes an attempt and links the job's own record: the latest {@code batch_job_runs} row of
     * the same job that started within the attempt (only one job runs at a time, under the run
     * lock), whose summary is preferred to {@code fallbackSummary} (e.g. the log's last line).
     *
     * @return the summary recorded
     */
    public String finished(
            long attemptId,
            String status,
            Integer exitCode,
            Instant finishedAt,
            String fallbackSummary,
            boolean preferJobSummary) {
        return jdbi.withHandle(
                h ->
                        h.createUpdate(
                                        "WITH b AS (SELECT b.run_id, b.summary FROM batch_job_runs"
                                                + " b, scheduler_runs s WHERE s.attempt_id = :id AND"
                                                + " b.job = s.job AND b.started_at BETWEEN"
                                                + " s.started_at AND :finishedAt ORDER BY b.started_at"
                                                + " DESC LIMIT 1) UPDATE scheduler_runs SET status ="
                                                + " :status, exit_code = :exitCode, finished_at ="
                                                + " :finishedAt, batch_run_id = (SELECT run_id FROM b),"
                                                + " summary = CASE WHEN :preferJob THEN"
                                                + " COALESCE((SELECT summary FROM b), :summary) ELSE"
                                                + " :summary END WHERE attempt_id = :id")
                                .bind("id", attemptId)
                                .bind("status", status)
                                .bind("exitCode", exitCode)
                                .bind("finishedAt", finishedAt)
                                .bind("summary", fallbackSummary)
                                .bind("preferJob", preferJobSummary)
                                .executeAndReturnGeneratedKeys("summary")
                                .mapTo(String.class)
                                .findOne()
                                .orElse(fallbackSummary));
    }

    /** Records a step that was never attempted because an earlier step of its chain failed. */
    public void skipped(
            UUID runId,
            String chain,
            String job,
            String triggeredBy,
            Instant at,
            String reason,
            String runner) {
        jdbi.useHandle(
                h ->
                        h.createUpdate(
                                        "INSERT INTO scheduler_runs (run_id, chain, job,"
                                                + " triggered_by, attempt, started_at, finished_at,"
                                                + " status, summary, runner) VALUES (:runId, :chain,"
                                                + " :job, :triggeredBy, 0, :at, :at, 'skipped',"
                                                + " :reason, :runner)")
                                .bind("runId", runId)
                                .bind("chain", chain)
                                .bind("job", job)
                                .bind("triggeredBy", triggeredBy)
                                .bind("at", at)
                                .bind("reason", reason)
                                .bind("runner", runner)
                                .execute());
    }

    /**
     * Marks attempts left {@code running} by a process that died as {@code interrupted}. Call it
     * only while holding the run lock: then nothing else can be running.
     *
     * @return how many rows were closed
     */
    public int closeOrphans(Instant now) {
        return jdbi.withHandle(
                h ->
                        h.createUpdate(
                                        "UPDATE scheduler_runs SET status = 'interrupted',"
                                                + " finished_at = :now, summary = 'the process"
                                                + " running it went away' WHERE status = 'running'")
                                .bind("now", now)
                                .execute());
    }

    /**
     * When the chain's latest scheduled run (not one by hand) started: its first step's start, so
     * intervals run start to start whatever the chain's length.
     */
    public Optional<Instant> lastScheduledStart(String chain) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT min(started_at) FROM scheduler_runs WHERE run_id ="
                                                + " (SELECT run_id FROM scheduler_runs WHERE chain ="
                                                + " :chain AND triggered_by = 'scheduled' ORDER BY"
                                                + " started_at DESC LIMIT 1)")
                                .bind("chain", chain)
                                .mapTo(Instant.class)
                                .findOne());
    }

    /** The newest attempts first, optionally of one job (a step, or the chain it belongs to). */
    public List<SchedulerRun> recent(Optional<String> job, int limit) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT * FROM scheduler_runs WHERE (CAST(:job AS text) IS NULL OR job ="
                                                + " :job OR chain = :job) ORDER BY started_at DESC,"
                                                + " attempt_id DESC LIMIT :limit")
                                .bind("job", job.orElse(null))
                                .bind("limit", limit)
                                .mapTo(SchedulerRun.class)
                                .list());
    }

    /** Every attempt of one run, in the order they were made. */
    public List<SchedulerRun> ofRun(UUID runId) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT * FROM scheduler_runs WHERE run_id = :runId ORDER"
                                                + " BY attempt_id")
                                .bind("runId", runId)
                                .mapTo(SchedulerRun.class)
                                .list());
    }
}
