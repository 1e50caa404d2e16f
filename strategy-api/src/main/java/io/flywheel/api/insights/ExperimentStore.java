package io.flywheel.api.insights;

import io.flywheel.api.http.Json;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Experiments (table {@code experiments}, V41) and their results per arm: jobs, videos and
 * engagement, joined from the content jobs that carry the experiment's id and the KPI totals.
 */
public final class ExperimentStore {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private final Jdbi jdbi;
    private final SecureRandom random = new SecureRandom();

    public ExperimentStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public String create(
            String name,
            String platform,
            String niche,
            String hypothesis,
            List<Map<String, Object>> arms,
            String createdBy) {
        StringBuilder id = new StringBuilder("exp-");
        for (int i = 0; i < 12; i++) {
            id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        jdbi.useHandle(
                h ->
                        h.createUpdate(
                                        "INSERT INTO experiments (experiment_id, name, platform,"
                                                + " niche, hypothesis, arms, created_by) VALUES"
                                                + " (:id, :name, :platform, :niche, :hypothesis,"
                                                + " CAST(:arms AS jsonb), :by)")
                                .bind("id", id.toString())
                                .bind("name", name)
                                .bind("platform", platform)
                                .bind("niche", niche)
                                .bind("hypothesis", hypothesis)
                                .bind("arms", Json.write(arms))
                                .bind("by", createdBy)
                                .execute());
        return id.toString();
    }

    public List<Map<String, Object>> list(int limit) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT experiment_id, name, platform, niche, hypothesis,"
                                                + " arms::text AS arms, status, created_by,"
                                                + " created_at FROM experiments ORDER BY created_at"
                                                + " DESC LIMIT :limit")
                                .bind("limit", limit)
                                .map((rs, ctx) -> withArms(SqlKpiReader.row(rs)))
                                .list());
    }

    public Optional<Map<String, Object>> find(String id) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT experiment_id, name, platform, niche, hypothesis,"
                                                + " arms::text AS arms, status, created_by,"
                                                + " created_at FROM experiments WHERE experiment_id"
                                                + " = :id")
                                .bind("id", id)
                                .map((rs, ctx) -> withArms(SqlKpiReader.row(rs)))
                                .findOne());
    }

    /**
     * Per arm: jobs, rendered videos, and the sums of views and engaged views of its videos (the
     * latter from the streaming KPI table when it exists; otherwise only job counts).
     */
    public List<Map<String, Object>> results(String id, boolean withKpis) {
        String sql =
                withKpis
                        ? "SELECT j.experiment_arm AS arm, count(*) AS jobs, count(v.video_id) AS"
                                + " videos, coalesce(sum(k.views), 0) AS views,"
                                + " coalesce(sum(k.engaged_views), 0) AS engaged_views FROM"
                                + " content_jobs j LEFT JOIN videos v ON v.job_id = j.job_id LEFT"
                                + " JOIN kpi_video_totals k ON k.video_id = v.video_id::text WHERE"
                                + " j.experiment_id = :id GROUP BY j.experiment_arm ORDER BY 1"
                        : "SELECT j.experiment_arm AS arm, count(*) AS jobs, count(v.video_id) AS"
                                + " videos FROM content_jobs j LEFT JOIN videos v ON v.job_id ="
                                + " j.job_id WHERE j.experiment_id = :id GROUP BY j.experiment_arm"
                                + " ORDER BY 1";
        return jdbi.withHandle(
                h ->
                        h.createQuery(sql)
                                .bind("id", id)
                                .map((rs, ctx) -> SqlKpiReader.row(rs))
                                .list());
    }

    private static Map<String, Object> withArms(Map<String, Object> row) {
        try {
            row.put("arms", Json.MAPPER.readValue((String) row.get("arms"), List.class));
        } catch (Exception e) {
            throw new IllegalStateException("experiments.arms is not a JSON list", e);
        }
        return row;
    }
}
