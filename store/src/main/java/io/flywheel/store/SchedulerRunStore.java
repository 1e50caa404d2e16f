package io.flywheel.store;

import java.time.Duration;
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
     * Records a new attempt as {@code running}, but only while {@code leaseToken} holds the
     * unexpired run lease (the row is locked meanwhile, so no take-over slips in between): the
     * fence that keeps a runner whose lease lapsed from starting anything.
     *
     * @return the attempt id, or empty when the lease is no longer this token's
     */
    public Optional<Long> startedUnderLease(
            long leaseToken,
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
                                                + " log_path, runner) SELECT :runId, :chain, :job,"
                                                + " :triggeredBy, :attempt, :startedAt, 'running',"
                                                + " :logPath, :runner WHERE EXISTS (SELECT 1 FROM"
                                                + " scheduler_run_lease WHERE name = 'run' AND token"
                                                + " = :token AND expires_at > now() FOR SHARE)")
                                .bind("token", leaseToken)
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
                                .findOne());
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
     * Marks attempts left {@code running} by a process that died as {@code interrupted}: those of
     * every run but the one holding an unexpired run lease (which may still be running, e.g. after
     * PostgreSQL restarted under it). Call it while holding the run lock.
     *
     * @return how many rows were closed
     */
    public int closeOrphans(Instant now) {
        return jdbi.withHandle(
                h ->
                        h.createUpdate(
                                        "UPDATE scheduler_runs SET status = 'interrupted',"
                                                + " finished_at = :now, summary = 'the process"
                                                + " running it went away' WHERE status = 'running'"
                                                + " AND run_id NOT IN (SELECT run_id FROM"
                                                + " scheduler_run_lease WHERE expires_at > now())")
                                .bind("now", now)
                                .execute());
    }

    /** The run lease as it stands: who holds it, under which fencing token, until when. */
    public record Lease(long token, UUID runId, String holder, Instant expiresAt) {}

    /**
     * Takes the run lease for {@code ttl} if nobody holds an unexpired one, raising its fencing
     * token.
     *
     * @return the new token, or empty when another run holds the lease
     */
    public Optional<Long> acquireLease(UUID runId, String holder, Duration ttl) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "INSERT INTO scheduler_run_lease (name, token, run_id,"
                                                + " holder, acquired_at, renewed_at, expires_at)"
                                                + " VALUES ('run', 1, :runId, :holder, now(), now(),"
                                                + " now() + :ttl * interval '1 millisecond') ON"
                                                + " CONFLICT (name) DO UPDATE SET token ="
                                                + " scheduler_run_lease.token + 1, run_id ="
                                                + " excluded.run_id, holder = excluded.holder,"
                                                + " acquired_at = now(), renewed_at = now(),"
                                                + " expires_at = excluded.expires_at WHERE"
                                                + " scheduler_run_lease.expires_at <= now()"
                                                + " RETURNING token")
                                .bind("runId", runId)
                                .bind("holder", holder)
                                .bind("ttl", ttl.toMillis())
                                .mapTo(Long.class)
                                .findOne());
    }

    /**
     * Extends the lease by {@code ttl} from now, if {@code token} still holds it and it has not
     * expired.
     *
     * @return false when the lease is no longer this token's
     */
    public boolean renewLease(long token, Duration ttl) {
        return jdbi.withHandle(
                        h ->
                                h.createUpdate(
                                                "UPDATE scheduler_run_lease SET renewed_at = now(),"
                                                        + " expires_at = now() + :ttl * interval '1"
                                                        + " millisecond' WHERE name = 'run' AND"
                                                        + " token = :token AND expires_at > now()")
                                        .bind("token", token)
                                        .bind("ttl", ttl.toMillis())
                                        .execute())
                == 1;
    }

    /** Gives the lease up at once, if {@code token} still holds it. */
    public void releaseLease(long token) {
        jdbi.useHandle(
                h ->
                        h.createUpdate(
                                        "UPDATE scheduler_run_lease SET expires_at = '-infinity'"
                                                + " WHERE name = 'run' AND token = :token")
                                .bind("token", token)
                                .execute());
    }

    /** The lease row, expired or not; empty before anything ever ran. */
    public Optional<Lease> lease() {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT token, run_id, holder, expires_at FROM"
                                                + " scheduler_run_lease WHERE name = 'run'")
                                .map(
                                        (rs, ctx) ->
                                                new Lease(
                                                        rs.getLong("token"),
                                                        rs.getObject("run_id", UUID.class),
                                                        rs.getString("holder"),
                                                        rs.getObject(
                                                                        "expires_at",
                                                                        java.time.OffsetDateTime
                                                                                .class)
                                                                .toInstant()))
                                .findOne());
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
