package io.flywheel.store;

import io.flywheel.model.Arm;
import io.flywheel.model.Parameter;
import io.flywheel.model.ParameterTable;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.ContentRequested;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.statement.Update;

/** Content jobs: one row per ContentRequested, and its status as the pipeline moves it. */
public final class ContentJobStore {
    private static final String FINAL_STATES = "('published', 'failed', 'rejected')";

    /**
     * The policy of the jobs of a simulated channel history ({@code flywheel demo --history}):
     * published by the sandbox with arms drawn uniformly at random and never rendered, so views of
     * the render pipeline leave them out.
     */
    public static final String SIMULATED_HISTORY_POLICY = "history-uniform";

    /** One named value per content parameter, in the table's order: {@code :platform, ...}. */
    private static final String PARAMETER_BINDS =
            String.join(", ", ParameterTable.names().stream().map(n -> ":" + n).toList());

    private final Jdbi jdbi;

    public ContentJobStore(Jdbi jdbi) {
        this.jdbi = jdbi;
        jdbi.registerColumnMapper(
                JobStatus.class, (rs, col, ctx) -> JobStatus.fromDb(rs.getString(col)));
        jdbi.registerRowMapper(ConstructorMapper.factory(ContentJob.class));
    }

    /**
     * Records a requested job. Replaying the same event changes nothing.
     *
     * @return whether the job is new
     */
    public boolean recordRequested(ContentRequested e) {
        return jdbi.withHandle(h -> recordRequested(h, e));
    }

    /** {@link #recordRequested(ContentRequested)} on the caller's handle and transaction. */
    public static boolean recordRequested(org.jdbi.v3.core.Handle h, ContentRequested e) {
        ContentParameters p = e.getParameters();
        Arm arm = Arm.fromAvro(p);
        Update insert =
                h.createUpdate(
                                "INSERT INTO content_jobs (job_id, brief_id, trace_id, status, "
                                        + String.join(", ", ParameterTable.names())
                                        + ", arm_key, title, policy_version,"
                                        + " selection_probability, experiment_id,"
                                        + " experiment_arm, requested_at) VALUES"
                                        + " (:jobId, :briefId, :traceId, 'requested', "
                                        + PARAMETER_BINDS
                                        + ", :armKey, :title, :policyVersion, :selection,"
                                        + " :experimentId, :experimentArm,"
                                        + " :requestedAt) ON CONFLICT (job_id) DO"
                                        + " NOTHING")
                        .bind("jobId", UUID.fromString(e.getJobId()))
                        .bind(
                                "briefId",
                                e.getBriefId() == null ? null : UUID.fromString(e.getBriefId()))
                        .bind("traceId", UUID.fromString(e.getEnvelope().getTraceId()));
        for (Parameter param : ParameterTable.ALL) {
            insert.bind(param.name(), arm.get(param));
        }
        return insert.bind("armKey", arm.armKey())
                        .bind("title", e.getTitle())
                        .bind("policyVersion", e.getPolicyVersion())
                        .bind("selection", e.getSelectionProbability())
                        .bind("experimentId", e.getExperimentId())
                        .bind("experimentArm", e.getExperimentArm())
                        .bind("requestedAt", Instant.ofEpochMilli(e.getEnvelope().getEventTime()))
                        .execute()
                == 1;
    }

    /**
     * Moves a job to a new status. A job in a final state (published, failed, rejected) stays
     * there, so a late or replayed event cannot undo an outcome.
     *
     * @return whether the row changed
     */
    public boolean updateStatus(UUID jobId, JobStatus status, String reason) {
        return jdbi.withHandle(
                        h ->
                                h.createUpdate(
                                                "UPDATE content_jobs SET status = :status,"
                                                        + " status_reason = :reason, updated_at ="
                                                        + " now() WHERE job_id = :jobId AND status"
                                                        + " NOT IN "
                                                        + FINAL_STATES)
                                        .bind("status", status.dbValue())
                                        .bind("reason", reason)
                                        .bind("jobId", jobId)
                                        .execute())
                == 1;
    }

    public Optional<ContentJob> find(UUID jobId) {
        return jdbi.withHandle(
                h ->
                        h.createQuery("SELECT * FROM content_jobs WHERE job_id = :id")
                                .bind("id", jobId)
                                .mapTo(ContentJob.class)
                                .findOne());
    }

    public List<ContentJob> byBrief(UUID briefId) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT * FROM content_jobs WHERE brief_id = :id ORDER BY"
                                                + " requested_at, job_id")
                                .bind("id", briefId)
                                .mapTo(ContentJob.class)
                                .list());
    }

    /** How many of a brief's jobs are in each status (statuses with none are left out). */
    public Map<JobStatus, Integer> statusCounts(UUID briefId) {
        Map<JobStatus, Integer> out = new EnumMap<>(JobStatus.class);
        jdbi.useHandle(
                h ->
                        h.createQuery(
                                        "SELECT status, count(*) AS n FROM content_jobs WHERE"
                                                + " brief_id = :id GROUP BY status")
                                .bind("id", briefId)
                                .map(
                                        (rs, ctx) ->
                                                Map.entry(
                                                        JobStatus.fromDb(rs.getString("status")),
                                                        rs.getInt("n")))
                                .forEach(en -> out.put(en.getKey(), en.getValue())));
        return out;
    }
}
