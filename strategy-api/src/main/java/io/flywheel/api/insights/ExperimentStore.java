package io.flywheel.api.insights;

import io.flywheel.api.http.Json;
import io.flywheel.model.Arm;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Experiments in the batch jobs' tables ({@code experiments}, {@code experiment_arms}, {@code
 * experiment_results} of batch-jobs' V22 migration): the API creates them, the batch
 * ExperimentReportJob computes their results. Per arm the answer also counts the content jobs and
 * videos that carry the experiment's id (foundation tables), which are live.
 */
public final class ExperimentStore {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private final Jdbi jdbi;
    private final SecureRandom random = new SecureRandom();

    public ExperimentStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** An arm of a new experiment. */
    public record NewArm(String name, double trafficShare, Arm parameters) {}

    public boolean installed() {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT to_regclass('experiments') IS NOT NULL AND"
                                                + " to_regclass('experiment_arms') IS NOT NULL AND"
                                                + " to_regclass('experiment_results') IS NOT NULL")
                                .mapTo(Boolean.class)
                                .one());
    }

    public String create(String name, String objective, String controlArm, List<NewArm> arms) {
        StringBuilder id = new StringBuilder("exp-");
        for (int i = 0; i < 12; i++) {
            id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        jdbi.useTransaction(
                h -> {
                    h.createUpdate(
                                    "INSERT INTO experiments (experiment_id, name, objective,"
                                            + " control_arm) VALUES (:id, :name, :objective,"
                                            + " :control)")
                            .bind("id", id.toString())
                            .bind("name", name)
                            .bind("objective", objective)
                            .bind("control", controlArm)
                            .execute();
                    for (NewArm a : arms) {
                        h.createUpdate(
                                        "INSERT INTO experiment_arms (experiment_id, arm,"
                                                + " traffic_share, parameters) VALUES (:id, :arm,"
                                                + " :share, CAST(:parameters AS jsonb))")
                                .bind("id", id.toString())
                                .bind("arm", a.name())
                                .bind("share", a.trafficShare())
                                .bind("parameters", Json.write(a.parameters()))
                                .execute();
                    }
                });
        return id.toString();
    }

    public List<Map<String, Object>> list(int limit) {
        List<String> ids =
                jdbi.withHandle(
                        h ->
                                h.createQuery(
                                                "SELECT experiment_id FROM experiments ORDER BY"
                                                        + " created_at DESC, experiment_id LIMIT"
                                                        + " :limit")
                                        .bind("limit", limit)
                                        .mapTo(String.class)
                                        .list());
        return ids.stream().map(id -> find(id).orElseThrow()).toList();
    }

    public Optional<Map<String, Object>> find(String id) {
        return jdbi.withHandle(
                h -> {
                    Optional<Map<String, Object>> e =
                            h.createQuery(
                                            "SELECT experiment_id, name, objective, control_arm,"
                                                    + " status, created_at FROM experiments WHERE"
                                                    + " experiment_id = :id")
                                    .bind("id", id)
                                    .map((rs, ctx) -> SqlKpiReader.row(rs))
                                    .findOne();
                    e.ifPresent(
                            m -> {
                                List<Map<String, Object>> arms =
                                        h.createQuery(
                                                        "SELECT arm AS name, traffic_share,"
                                                                + " parameters::text AS parameters"
                                                                + " FROM experiment_arms WHERE"
                                                                + " experiment_id = :id ORDER BY"
                                                                + " arm")
                                                .bind("id", id)
                                                .map((rs, ctx) -> SqlKpiReader.row(rs))
                                                .list();
                                for (Map<String, Object> a : arms) {
                                    a.put("parameters", parse((String) a.get("parameters")));
                                }
                                m.put("arms", arms);
                                Object first =
                                        arms.isEmpty() ? null : arms.get(0).get("parameters");
                                if (first instanceof Map<?, ?> p) {
                                    m.put("platform", p.get("platform"));
                                    m.put("niche", p.get("niche"));
                                }
                            });
                    return e;
                });
    }

    /**
     * Per arm: live counts of jobs and videos, and the batch report (mean, interval, p-value,
     * probability of being best) where it has run.
     */
    public List<Map<String, Object>> results(String id) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT a.arm, (SELECT count(*) FROM content_jobs j WHERE"
                                                + " j.experiment_id = a.experiment_id AND"
                                                + " j.experiment_arm = a.arm) AS jobs, (SELECT"
                                                + " count(*) FROM content_jobs j JOIN videos v ON"
                                                + " v.job_id = j.job_id WHERE j.experiment_id ="
                                                + " a.experiment_id AND j.experiment_arm = a.arm)"
                                                + " AS videos, r.videos AS reported_videos, r.mean,"
                                                + " r.ci_low, r.ci_high, r.diff_vs_control,"
                                                + " r.p_value, r.prob_best, r.computed_at FROM"
                                                + " experiment_arms a LEFT JOIN experiment_results"
                                                + " r ON r.experiment_id = a.experiment_id AND"
                                                + " r.arm = a.arm WHERE a.experiment_id = :id"
                                                + " ORDER BY a.arm")
                                .bind("id", id)
                                .map((rs, ctx) -> SqlKpiReader.row(rs))
                                .list());
    }

    private static Object parse(String json) {
        try {
            return Json.MAPPER.readValue(json, Map.class);
        } catch (Exception e) {
            throw new IllegalStateException("experiment_arms.parameters is not a JSON object", e);
        }
    }
}
