package io.flywheel.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.model.Arm;
import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.VideoPublished;
import io.flywheel.schemas.VideoRendered;
import io.flywheel.schemas.samples.SampleEvents;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Migrations and data access on a real PostgreSQL. */
class StoreTest {
    private static HikariDataSource ds;
    private static Jdbi jdbi;
    private static MigrateResult firstRun;
    private static final java.util.concurrent.atomic.AtomicLong SEEDS =
            new java.util.concurrent.atomic.AtomicLong(3);
    // A seed per test instance: tests share one database, so their ids must differ.
    private final SampleEvents samples =
            new SampleEvents(SEEDS.getAndIncrement(), 1_763_700_000_000L);

    @BeforeAll
    static void migrate() {
        Map<String, String> c = Ephemeral.jdbc(Ephemeral.database("store"));
        ds = Database.dataSource(c.get("url"), c.get("user"), c.get("password"), "store-test");
        firstRun = Database.migrate(ds);
        jdbi = Database.jdbi(ds);
    }

    @AfterAll
    static void close() {
        ds.close();
    }

    @Test
    void migrationsRunOnceAndCreateTheServingTablesWithTheirIndexes() {
        assertThat(firstRun.migrationsExecuted).isGreaterThanOrEqualTo(1);
        assertThat(Database.migrate(ds).migrationsExecuted).as("second run").isZero();
        List<String> tables =
                jdbi.withHandle(
                        h ->
                                h.createQuery(
                                                "SELECT table_name FROM information_schema.tables"
                                                        + " WHERE table_schema = 'public'")
                                        .mapTo(String.class)
                                        .list());
        assertThat(tables)
                .contains("briefs", "content_jobs", "videos", "renditions", "publications");
        List<String> indexes =
                jdbi.withHandle(
                        h ->
                                h.createQuery(
                                                "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")
                                        .mapTo(String.class)
                                        .list());
        assertThat(indexes)
                .contains(
                        "content_jobs_brief_idx",
                        "content_jobs_status_idx",
                        "content_jobs_segment_idx",
                        "videos_rendered_at_idx",
                        "publications_platform_video_idx");
    }

    @Test
    void aJobGoesFromRequestedToPublishedAndReplaysChangeNothing() {
        List<SpecificRecord> events = samples.oneOfEach();
        ContentRequested requested = (ContentRequested) events.get(0);
        VideoRendered rendered = (VideoRendered) events.get(4);
        VideoPublished published = (VideoPublished) events.get(5);
        UUID jobId = UUID.fromString(requested.getJobId());
        UUID videoId = UUID.fromString(rendered.getVideoId());
        ContentJobStore jobs = new ContentJobStore(jdbi);
        VideoStore videos = new VideoStore(jdbi);
        PublicationStore publications = new PublicationStore(jdbi);

        assertThat(jobs.recordRequested(requested)).isTrue();
        assertThat(jobs.recordRequested(requested)).as("replay").isFalse();
        ContentJob job = jobs.find(jobId).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.REQUESTED);
        assertThat(job.arm())
                .as("every content parameter's column, read back into the arm")
                .isEqualTo(Arm.fromAvro(requested.getParameters()));
        assertThat(job.armKey()).startsWith(requested.getParameters().getPlatform().name() + "|");
        assertThat(job.selectionProbability()).isEqualTo(0.25);

        assertThat(jobs.updateStatus(jobId, JobStatus.RENDERING, null)).isTrue();
        assertThat(videos.recordRendered(rendered)).isTrue();
        assertThat(videos.recordRendered(rendered)).as("replay").isFalse();
        assertThat(videos.renditions(videoId)).hasSize(1);
        assertThat(videos.findByJob(jobId).orElseThrow().loudnessLufs()).isEqualTo(-14.1);
        assertThat(jobs.find(jobId).orElseThrow().status()).isEqualTo(JobStatus.RENDERED);

        Publication claim = publications.claim(videoId, Platform.YOUTUBE_SHORTS.name());
        assertThat(claim.status()).isEqualTo("uploading");
        assertThat(claim.attempts()).isEqualTo(1);
        publications.markPublished(published);
        Publication retry = publications.claim(videoId, Platform.YOUTUBE_SHORTS.name());
        assertThat(retry.status())
                .as("a retry sees it is already published")
                .isEqualTo("published");
        assertThat(retry.attempts()).isEqualTo(1);
        assertThat(retry.platformVideoId()).isEqualTo(published.getPlatformVideoId());

        assertThat(jobs.find(jobId).orElseThrow().status()).isEqualTo(JobStatus.PUBLISHED);
        assertThat(jobs.updateStatus(jobId, JobStatus.RENDERING, "late event"))
                .as("a final state is kept")
                .isFalse();
    }

    @Test
    void briefsAndTheirJobProgress() {
        BriefStore briefs = new BriefStore(jdbi);
        ContentJobStore jobs = new ContentJobStore(jdbi);
        UUID briefId = UUID.randomUUID();
        briefs.insert(
                new Brief(
                        briefId,
                        "TIKTOK",
                        "cooking",
                        2,
                        0.2,
                        "growth@example.com",
                        Instant.now().truncatedTo(ChronoUnit.MICROS)));
        for (int i = 0; i < 2; i++) {
            ContentRequested r =
                    samples.contentRequested(samples.uuid(), samples.uuid(), samples.parameters());
            r.setBriefId(briefId.toString());
            jobs.recordRequested(r);
            if (i == 0) {
                jobs.updateStatus(UUID.fromString(r.getJobId()), JobStatus.FAILED, "tts timeout");
            }
        }

        assertThat(briefs.find(briefId).orElseThrow().videoCount()).isEqualTo(2);
        assertThat(jobs.byBrief(briefId)).hasSize(2);
        assertThat(jobs.statusCounts(briefId))
                .containsEntry(JobStatus.FAILED, 1)
                .containsEntry(JobStatus.REQUESTED, 1);
    }

    @Test
    void hostileTextIsStoredVerbatimAndConstraintsRejectNonsense() {
        BriefStore briefs = new BriefStore(jdbi);
        UUID id = UUID.randomUUID();
        String hostile = "x'); DROP TABLE briefs; --";
        briefs.insert(new Brief(id, "TIKTOK", hostile, 1, 0.5, "o'brien", Instant.now()));

        assertThat(briefs.find(id).orElseThrow().niche()).isEqualTo(hostile);
        assertThat(briefs.recent(100)).isNotEmpty();
        assertThatThrownBy(
                        () ->
                                briefs.insert(
                                        new Brief(
                                                UUID.randomUUID(),
                                                "TIKTOK",
                                                "cooking",
                                                0,
                                                1.5,
                                                null,
                                                Instant.now())))
                .hasMessageContaining("violates check constraint");
    }

    @Test
    void schedulerRunsLinkTheJobsOwnRecordAndKnowWhenAChainLastRan() {
        SchedulerRunStore runs = new SchedulerRunStore(jdbi);
        UUID run = UUID.randomUUID();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS);
        long attempt = runs.started(run, "cycle-" + run, "ingest", "scheduled", 1, t0, "/l", "h:1");
        long batchRun =
                jdbi.withHandle(
                        h ->
                                h.createQuery(
                                                "INSERT INTO batch_job_runs (job, started_at,"
                                                        + " finished_at, status, summary) VALUES"
                                                        + " ('ingest', :t, :t, 'succeeded',"
                                                        + " 'ingested 7 records') RETURNING run_id")
                                        .bind("t", t0.plusMillis(300))
                                        .mapTo(Long.class)
                                        .one());
        runs.finished(attempt, "succeeded", 0, t0.plusSeconds(1), "last log line", true);
        runs.skipped(run, "cycle-" + run, "curate", "scheduled", t0.plusSeconds(1), "why", "h:1");

        List<SchedulerRun> rows = runs.ofRun(run);
        assertThat(rows).extracting(SchedulerRun::job).containsExactly("ingest", "curate");
        assertThat(rows.get(0).batchRunId()).isEqualTo(batchRun);
        assertThat(rows.get(0).summary()).isEqualTo("ingested 7 records");
        assertThat(rows.get(1).attempt()).isZero();
        assertThat(runs.lastScheduledStart("cycle-" + run)).contains(t0);
        assertThat(runs.lastScheduledStart("never-ran")).isEmpty();

        long orphan = runs.started(run, "x", "train", "manual", 1, t0, null, "h:2");
        assertThat(runs.closeOrphans(t0.plusSeconds(2))).isGreaterThanOrEqualTo(1);
        assertThat(runs.ofRun(run))
                .filteredOn(r -> r.attemptId() == orphan)
                .extracting(SchedulerRun::status)
                .containsExactly("interrupted");
    }

    @Test
    void theRunLeaseHasOneHolderAtATimeAndFencesAttemptsAfterATakeOver() throws Exception {
        SchedulerRunStore runs = new SchedulerRunStore(jdbi);
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS);
        long first = runs.acquireLease(a, "a:1", java.time.Duration.ofMillis(1500)).orElseThrow();
        assertThat(runs.acquireLease(b, "b:2", java.time.Duration.ofSeconds(60)))
                .as("held by a")
                .isEmpty();
        assertThat(runs.renewLease(first, java.time.Duration.ofMillis(1500))).isTrue();
        long attempt =
                runs.startedUnderLease(first, a, "x", "ingest", "manual", 1, t0, "/l", "a:1")
                        .orElseThrow();
        assertThat(runs.closeOrphans(t0)).as("the holder's running attempt is no orphan").isZero();

        Thread.sleep(1700);
        assertThat(runs.renewLease(first, java.time.Duration.ofSeconds(60)))
                .as("expired: no longer renewable")
                .isFalse();
        long second = runs.acquireLease(b, "b:2", java.time.Duration.ofSeconds(60)).orElseThrow();
        assertThat(second).as("the fencing token grows at a take-over").isEqualTo(first + 1);
        assertThat(runs.startedUnderLease(first, a, "x", "ingest", "manual", 2, t0, "/l", "a:1"))
                .as("a stale token starts nothing")
                .isEmpty();
        assertThat(runs.closeOrphans(t0))
                .as("its lease gone, a's attempt is an orphan")
                .isEqualTo(1);
        assertThat(runs.ofRun(a))
                .extracting(SchedulerRun::attemptId, SchedulerRun::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(attempt, "interrupted"));

        runs.releaseLease(first);
        assertThat(runs.lease())
                .as("a stale holder cannot release the new holder's lease")
                .hasValueSatisfying(
                        l -> {
                            assertThat(l.token()).isEqualTo(second);
                            assertThat(l.runId()).isEqualTo(b);
                            assertThat(l.holder()).isEqualTo("b:2");
                            assertThat(l.expiresAt()).isAfter(Instant.now().plusSeconds(50));
                        });
        runs.releaseLease(second);
        assertThat(runs.lease().orElseThrow().expiresAt()).isBefore(Instant.now());
        long third = runs.acquireLease(a, "a:1", java.time.Duration.ofSeconds(60)).orElseThrow();
        assertThat(third).as("released: taken at once").isEqualTo(second + 1);
        runs.releaseLease(third);
    }
}
