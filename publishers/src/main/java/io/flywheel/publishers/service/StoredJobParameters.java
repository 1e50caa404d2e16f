package io.flywheel.publishers.service;

import io.flywheel.schemas.ContentParameters;
import io.flywheel.store.ContentJob;
import io.flywheel.store.ContentJobStore;
import io.flywheel.store.OutageRetry;
import java.util.Optional;
import java.util.UUID;

/** A job's parameters from the content_jobs table. */
public final class StoredJobParameters {
    private final ContentJobStore jobs;
    private final OutageRetry retry = OutageRetry.standard();

    public StoredJobParameters(ContentJobStore jobs) {
        this.jobs = jobs;
    }

    /** Waits out an outage of PostgreSQL (a restart) instead of failing the caller. */
    public Optional<ContentParameters> find(String jobId) {
        UUID id = UUID.fromString(jobId);
        try {
            return retry.call("find job " + id, () -> jobs.find(id))
                    .map(StoredJobParameters::parameters);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // Unknown for now: the audience keeps the video waiting and asks again.
            return Optional.empty();
        }
    }

    public static ContentParameters parameters(ContentJob j) {
        return j.arm().toAvro();
    }
}
