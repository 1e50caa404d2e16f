package io.flywheel.api.routes;

import io.flywheel.api.http.ApiProblem;
import org.jdbi.v3.core.Jdbi;

/**
 * Whether the streaming jobs' KPI tables exist yet: the KPI routes answer 503 without them, and
 * briefs and videos then show no totals.
 */
final class KpiTables {
    private final Jdbi jdbi;

    KpiTables(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    boolean available() {
        return exists("kpi_video_totals")
                && exists("kpi_arm_windows")
                && exists("kpi_arms")
                && exists("ops_job_costs");
    }

    void require() {
        if (!available()) {
            throw ApiProblem.unavailable(
                    "the streaming KPI tables (kpi_video_totals, kpi_arm_windows, kpi_arms,"
                            + " ops_job_costs) are not in this database yet");
        }
    }

    private boolean exists(String name) {
        return jdbi.withHandle(
                h ->
                        h.createQuery("SELECT to_regclass(:n) IS NOT NULL")
                                .bind("n", name)
                                .mapTo(Boolean.class)
                                .one());
    }
}
