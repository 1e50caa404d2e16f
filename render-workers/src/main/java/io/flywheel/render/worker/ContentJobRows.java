package io.flywheel.render.worker;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.config.PostgresSettings;
import io.flywheel.render.RenderResult;
import io.flywheel.store.AssetEvidenceStore;
import io.flywheel.store.ContentJob;
import io.flywheel.store.ContentJobStore;
import io.flywheel.store.Database;
import io.flywheel.store.JobStatus;
import io.flywheel.store.ThumbnailStore;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Reads a job's status from {@code content_jobs} through the store's {@link ContentJobStore}. */
final class ContentJobRows implements JobRows {
    /** A job in one of these states has its outcome: rendering it again would make a second. */
    private static final Set<JobStatus> OVER =
            EnumSet.of(
                    JobStatus.FAILED, JobStatus.REJECTED, JobStatus.RENDERED, JobStatus.PUBLISHED);

    private final HikariDataSource dataSource;
    private final ContentJobStore store;
    private final AssetEvidenceStore evidence;
    private final ThumbnailStore thumbnails;

    ContentJobRows(PostgresSettings pg) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(pg.jdbcUrl());
        c.setUsername(pg.user());
        c.setPassword(pg.password().reveal());
        c.setPoolName("render-worker-jobs");
        c.setMaximumPoolSize(2);
        c.setMinimumIdle(0);
        c.setConnectionTimeout(5_000);
        c.setInitializationFailTimeout(-1); // start even while PostgreSQL is away
        this.dataSource = new HikariDataSource(c);
        this.store = new ContentJobStore(Database.jdbi(dataSource));
        this.evidence = new AssetEvidenceStore(Database.jdbi(dataSource));
        this.thumbnails = new ThumbnailStore(Database.jdbi(dataSource));
    }

    @Override
    public Verdict check(String jobId) {
        UUID id;
        try {
            id = UUID.fromString(jobId);
        } catch (IllegalArgumentException e) {
            return new Render(); // Not a job of ours by id: the pipeline rejects it with the
            // reason.
        }
        Optional<ContentJob> row;
        try {
            row = store.find(id);
        } catch (RuntimeException e) {
            return new Unknown("cannot read job " + jobId + " from PostgreSQL: " + e);
        }
        if (row.isPresent() && OVER.contains(row.get().status())) {
            ContentJob j = row.get();
            return new Skip(
                    "its row says "
                            + j.status().dbValue()
                            + (j.statusReason() == null ? "" : " (" + j.statusReason() + ")"));
        }
        return new Render();
    }

    @Override
    public void recordRender(RenderResult r) {
        evidence.record(UUID.fromString(r.videoId()), UUID.fromString(r.jobId()), r.evidence());
        thumbnails.recordVariants(UUID.fromString(r.videoId()), r.thumbnailVariants());
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
