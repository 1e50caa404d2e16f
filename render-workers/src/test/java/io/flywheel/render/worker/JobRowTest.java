package io.flywheel.render.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.config.Secret;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.embedded.PostgresServer;
import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.DeadLetter;
import io.flywheel.schemas.EventProducer;
import io.flywheel.schemas.RenditionSpec;
import io.flywheel.schemas.StageStarted;
import io.flywheel.schemas.Topic;
import io.flywheel.schemas.VideoRendered;
import io.flywheel.store.ContentJobStore;
import io.flywheel.store.Database;
import io.flywheel.store.JobStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API marks a job failed when its request could not be confirmed, but the request can still
 * reach Kafka later: the worker reads the job's row in PostgreSQL and does not render it.
 */
class JobRowTest {
    @TempDir Path data;

    @Test
    void aJobWhoseRowSaysFailedIsAcknowledgedWithoutRendering() throws Exception {
        String bootstrap = Ephemeral.kafka().spec().bootstrapServers();
        String prefix = RenderWorkerTest.topics(bootstrap);
        String db = Ephemeral.database("render_rows");
        PostgresServer.Spec pg = Ephemeral.postgres().spec();
        List<RenditionSpec> small = List.of(new RenditionSpec("v", 360, 640));
        ContentRequested failed = Requests.of("fitness", 6, "Failed by the API", small);
        ContentRequested waiting = Requests.of("fitness", 6, "Still requested", small);
        try (HikariDataSource ds =
                Database.dataSource(
                        pg.jdbcUrl(db), pg.user(), pg.password().reveal(), "job-row-test")) {
            Database.migrate(ds);
            ContentJobStore jobs = new ContentJobStore(Database.jdbi(ds));
            jobs.recordRequested(failed);
            jobs.recordRequested(waiting);
            jobs.updateStatus(
                    UUID.fromString(failed.getJobId()),
                    JobStatus.FAILED,
                    "ContentRequested could not be sent: TimeoutException");
        }
        FlywheelConfig config =
                RenderWorkerTest.config(
                        data,
                        bootstrap,
                        prefix,
                        Map.of(
                                "render.job.status.check", "true",
                                "postgres.host", pg.host(),
                                "postgres.port", Integer.toString(pg.port()),
                                "postgres.database", db,
                                "postgres.user", pg.user(),
                                "postgres.password", pg.password().reveal()));
        RenderWorkerMain.Running worker = RenderWorkerMain.start(config, "rows");
        try (EventProducer producer = EventProducer.create(bootstrap, prefix, "test");
                TopicReader render = new TopicReader(bootstrap, Topic.RENDER_EVENTS.name(prefix));
                TopicReader dlq = new TopicReader(bootstrap, Topic.DLQ.name(prefix))) {
            producer.send(failed).get();
            producer.send(waiting).get();

            render.until(
                    ev -> ev.stream().anyMatch(VideoRendered.class::isInstance),
                    Duration.ofMinutes(3));
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (GroupOffsets.committed(bootstrap, prefix) < 2 && System.nanoTime() < end) {
                Thread.sleep(500);
            }
            render.drain(Duration.ofSeconds(5));
            dlq.drain(Duration.ofSeconds(2));

            assertThat(render.of(VideoRendered.class))
                    .extracting(VideoRendered::getJobId)
                    .containsExactly(waiting.getJobId());
            assertThat(render.of(StageStarted.class))
                    .filteredOn(s -> s.getJobId().equals(failed.getJobId()))
                    .isEmpty();
            assertThat(dlq.of(DeadLetter.class)).isEmpty();
            // Both requests are acknowledged: the failed one is not delivered again.
            assertThat(GroupOffsets.committed(bootstrap, prefix)).isEqualTo(2);
            assertThat(data.resolve("media/jobs/" + failed.getJobId() + "/stages")).doesNotExist();
        } finally {
            worker.stop();
        }
    }

    @Test
    void aJobWaitsWhilePostgresIsAwayAndRendersOnceItIsBack() throws Exception {
        String bootstrap = Ephemeral.kafka().spec().bootstrapServers();
        String prefix = RenderWorkerTest.topics(bootstrap);
        PostgresServer server =
                Ephemeral.ownPostgres(data.resolve("pg"), Secret.of(UUID.randomUUID().toString()));
        server.start(false, Duration.ofSeconds(60));
        PostgresServer.Spec pg = server.spec();
        ContentRequested job =
                Requests.of("fitness", 6, "Waits", List.of(new RenditionSpec("v", 360, 640)));
        try {
            try (HikariDataSource ds =
                    Database.dataSource(
                            pg.jdbcUrl(), pg.user(), pg.password().reveal(), "job-row-test")) {
                Database.migrate(ds);
                new ContentJobStore(Database.jdbi(ds)).recordRequested(job);
            }
            server.stop();
            FlywheelConfig config =
                    RenderWorkerTest.config(
                            data.resolve("worker"),
                            bootstrap,
                            prefix,
                            Map.of(
                                    "render.job.status.check", "true",
                                    "postgres.host", pg.host(),
                                    "postgres.port", Integer.toString(pg.port()),
                                    "postgres.database", pg.database(),
                                    "postgres.user", pg.user(),
                                    "postgres.password", pg.password().reveal()));
            RenderWorkerMain.Running worker = RenderWorkerMain.start(config, "rows-away");
            try (EventProducer producer = EventProducer.create(bootstrap, prefix, "test");
                    TopicReader render =
                            new TopicReader(bootstrap, Topic.RENDER_EVENTS.name(prefix))) {
                producer.send(job).get();
                long end = System.nanoTime() + Duration.ofMinutes(1).toNanos();
                while (worker.counters().holds() < 2 && System.nanoTime() < end) {
                    Thread.sleep(250);
                }
                render.drain(Duration.ofSeconds(1));
                // Held twice while the row cannot be read: nothing started, nothing committed.
                assertThat(worker.counters().holds()).isGreaterThanOrEqualTo(2);
                assertThat(render.of(StageStarted.class)).isEmpty();
                assertThat(GroupOffsets.committed(bootstrap, prefix)).isZero();

                server.start(false, Duration.ofSeconds(60));
                render.until(
                        ev -> ev.stream().anyMatch(VideoRendered.class::isInstance),
                        Duration.ofMinutes(3));
                render.drain(Duration.ofSeconds(5));
                assertThat(render.of(VideoRendered.class))
                        .extracting(VideoRendered::getJobId)
                        .containsExactly(job.getJobId());
                assertThat(GroupOffsets.committed(bootstrap, prefix)).isEqualTo(1);
            } finally {
                worker.stop();
            }
        } finally {
            server.stop();
        }
    }
}
