package io.flywheel.api.briefs;

import io.flywheel.api.http.ApiProblem;
import io.flywheel.api.http.Problem.FieldError;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * The per-key cap on render jobs per hour, counted in the jobs table (so it holds across API
 * restarts and processes): the jobs of the key's briefs requested in the last hour plus the new
 * brief's must not exceed the cap. Checked under a transaction-scoped lock on the key, so two
 * concurrent briefs cannot both take the last places.
 */
public final class RenderQuota {
    static final Duration WINDOW = Duration.ofHours(1);

    private final int jobsPerHour;

    public RenderQuota(int jobsPerHour) {
        if (jobsPerHour < 1) {
            throw new IllegalArgumentException("jobsPerHour must be positive");
        }
        this.jobsPerHour = jobsPerHour;
    }

    public int jobsPerHour() {
        return jobsPerHour;
    }

    /** Refuses a brief that does not fit ever (400) or not now (429 with Retry-After). */
    void reserve(Handle h, String requestedBy, int jobs) {
        if (jobs > jobsPerHour) {
            throw ApiProblem.invalid(
                    List.of(
                            new FieldError(
                                    "/count",
                                    "exceeds this key's cap of "
                                            + jobsPerHour
                                            + " render jobs per hour")));
        }
        h.createQuery("SELECT 1 FROM pg_advisory_xact_lock(hashtext(:k))")
                .bind("k", "render-quota:" + requestedBy)
                .mapTo(Integer.class)
                .one();
        Instant now = Instant.now();
        List<Instant> recent =
                h.createQuery(
                                "SELECT j.requested_at FROM content_jobs j JOIN briefs b ON"
                                        + " b.brief_id = j.brief_id WHERE b.requested_by = :who"
                                        + " AND b.created_at > :since AND j.requested_at > :since"
                                        + " ORDER BY j.requested_at")
                        .bind("who", requestedBy)
                        .bind("since", now.minus(WINDOW))
                        .mapTo(Instant.class)
                        .list();
        int used = recent.size();
        if (used + jobs > jobsPerHour) {
            // Enough places free up when the (used + jobs - cap)-th oldest job leaves the window.
            Instant freeAt = recent.get(used + jobs - jobsPerHour - 1).plus(WINDOW);
            long wait =
                    Math.max(1, (long) Math.ceil(Duration.between(now, freeAt).toMillis() / 1e3));
            throw new ApiProblem(
                    429,
                    "render-quota",
                    "Render job quota used up",
                    "this key created "
                            + used
                            + " of its "
                            + jobsPerHour
                            + " render jobs per hour; a brief of "
                            + jobs
                            + " fits in "
                            + wait
                            + " s",
                    null,
                    Map.of("Retry-After", Long.toString(wait)));
        }
    }
}
