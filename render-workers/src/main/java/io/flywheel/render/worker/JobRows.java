package io.flywheel.render.worker;

/**
 * What a job's row in PostgreSQL says about rendering it: the API marks a job failed when its
 * request could not be confirmed, yet the request may still reach Kafka later; such a job, and one
 * that already has its outcome, must not be rendered.
 */
interface JobRows extends AutoCloseable {
    /** The verdict for one job. */
    sealed interface Verdict {}

    /** No row, or a row that is still waiting for its render. */
    record Render() implements Verdict {}

    /** The row says the job is over; the request is acknowledged without rendering. */
    record Skip(String reason) implements Verdict {}

    /** The row could not be read (PostgreSQL away): the job waits. */
    record Unknown(String reason) implements Verdict {}

    Verdict check(String jobId);

    /**
     * Records a finished render's asset evidence ({@code asset_evidence}) and thumbnail variants
     * ({@code thumbnail_variants}) before its {@code VideoRendered} is sent, so the publisher finds
     * them; throws when PostgreSQL cannot take them. A worker without the check has no database:
     * they stay in the job's workspace.
     */
    default void recordRender(io.flywheel.render.RenderResult result) {}

    @Override
    void close();

    /** For a worker configured without the check ({@code render.job.status.check=false}). */
    static JobRows unchecked() {
        return new JobRows() {
            @Override
            public Verdict check(String jobId) {
                return new Render();
            }

            @Override
            public void close() {}
        };
    }
}
