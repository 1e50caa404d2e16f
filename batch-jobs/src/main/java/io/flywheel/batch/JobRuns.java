package io.flywheel.batch;

import io.flywheel.batch.db.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records each run of a batch job in {@code batch_job_runs}. Bookkeeping must never be the reason a
 * job fails, so a database problem here is logged, not thrown.
 */
public final class JobRuns {
    private static final Logger LOG = LoggerFactory.getLogger(JobRuns.class);
    private final Jdbc jdbc;

    public JobRuns(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @return the run id, or -1 if it could not be recorded
     */
    public long start(String job) {
        try (Connection c = jdbc.connect();
                PreparedStatement s =
                        c.prepareStatement(
                                "INSERT INTO batch_job_runs (job, started_at, status) VALUES (?,"
                                        + " ?, 'running') RETURNING run_id")) {
            s.setString(1, job);
            s.setTimestamp(2, Timestamp.from(Instant.now()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            LOG.warn("cannot record the start of {}: {}", job, e.getMessage());
            return -1;
        }
    }

    public void finish(long runId, boolean succeeded, String summary) {
        if (runId < 0) {
            return;
        }
        try (Connection c = jdbc.connect();
                PreparedStatement s =
                        c.prepareStatement(
                                "UPDATE batch_job_runs SET finished_at = ?, status = ?, summary ="
                                        + " ? WHERE run_id = ? AND status = 'running'")) {
            s.setTimestamp(1, Timestamp.from(Instant.now()));
            s.setString(2, succeeded ? "succeeded" : "failed");
            s.setString(3, summary);
            s.setLong(4, runId);
            s.executeUpdate();
        } catch (SQLException e) {
            LOG.warn("cannot record the end of run {}: {}", runId, e.getMessage());
        }
    }
}
