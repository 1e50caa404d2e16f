package io.flywheel.demo;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** What the serving tables say about the demo's jobs: rendered, published, measured. */
final class DemoProgress {
    record Counts(
            long rendered,
            long published,
            long failed,
            long kpiVideos,
            long views,
            long engagedViews,
            long lastPublishedAt) {}

    private final DataSource ds;
    private final List<UUID> jobs;

    DemoProgress(DataSource ds, List<UUID> jobs) {
        this.ds = ds;
        this.jobs = jobs;
    }

    /**
     * The counts, or {@code previous} while PostgreSQL is away (the service watch stops the demo if
     * it stays away); with no previous counts, waits until it answers.
     */
    Counts countsOr(Counts previous) throws InterruptedException {
        while (true) {
            try {
                return counts();
            } catch (SQLException e) {
                if (previous != null) {
                    return previous;
                }
                Thread.sleep(1000);
            }
        }
    }

    Counts counts() throws SQLException {
        try (Connection c = ds.getConnection()) {
            Array ids = c.createArrayOf("uuid", jobs.toArray());
            long rendered = one(c, "SELECT count(*) FROM videos WHERE job_id = ANY(?)", ids);
            long published =
                    one(
                            c,
                            "SELECT count(*) FROM content_jobs WHERE job_id = ANY(?) AND status = 'published'",
                            ids);
            long failed =
                    one(
                            c,
                            "SELECT count(*) FROM content_jobs WHERE job_id = ANY(?) AND status IN ('failed', 'rejected')",
                            ids);
            long last =
                    one(
                            c,
                            "SELECT coalesce(max(extract(epoch FROM p.published_at) * 1000), 0)::bigint FROM publications p"
                                    + " JOIN videos v ON v.video_id = p.video_id WHERE v.job_id = ANY(?)",
                            ids);
            try (PreparedStatement ps =
                    c.prepareStatement(
                            "SELECT count(*), coalesce(sum(k.views), 0), coalesce(sum(k.engaged_views), 0) FROM kpi_video_totals k"
                                    + " JOIN videos v ON v.video_id::text = k.video_id WHERE v.job_id = ANY(?)")) {
                ps.setArray(1, ids);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new Counts(
                            rendered,
                            published,
                            failed,
                            rs.getLong(1),
                            rs.getLong(2),
                            rs.getLong(3),
                            last);
                }
            }
        }
    }

    /** Seconds of video rendered for these jobs (for the realtime factor). */
    double videoSeconds() throws SQLException {
        try (Connection c = ds.getConnection()) {
            return one(
                            c,
                            "SELECT coalesce(sum(duration_ms), 0) FROM videos WHERE job_id = ANY(?)",
                            c.createArrayOf("uuid", jobs.toArray()))
                    / 1000.0;
        }
    }

    /** The policies that chose these jobs' arms, e.g. {@code thompson-e0.20@3/...}. */
    List<String> policies() throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps =
                        c.prepareStatement(
                                "SELECT DISTINCT split_part(policy_version, '/', 1) FROM content_jobs"
                                        + " WHERE job_id = ANY(?) ORDER BY 1")) {
            ps.setArray(1, c.createArrayOf("uuid", jobs.toArray()));
            List<String> out = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    private static long one(Connection c, String sql, Array ids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
