package io.flywheel.publishers.youtube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flywheel.config.YouTubeSettings;
import io.flywheel.publishers.UploadSessions;
import io.flywheel.publishers.sandbox.SimulatedClock;
import io.flywheel.publishers.service.PublishService;
import io.flywheel.publishers.service.PublisherMetrics;
import io.flywheel.publishers.service.PublisherTestBed;
import io.flywheel.schemas.DecodeResult;
import io.flywheel.schemas.EventProducer;
import io.flywheel.schemas.VideoPublished;
import io.flywheel.schemas.VideoRendered;
import io.flywheel.store.ContentJobStore;
import io.flywheel.store.Publication;
import io.flywheel.store.PublicationStore;
import io.flywheel.store.VideoStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PublishService} with the YouTube adapter end to end: real Kafka, real PostgreSQL, and a
 * local server speaking the YouTube protocol.
 */
class YouTubePublishingTest {
    private static final int CHUNK = YouTubeSettings.CHUNK_GRANULE;
    private static final int SIZE = 2 * CHUNK + 777;
    private static final long DAY = 86_400_000L;

    private static PublisherTestBed bed;
    @TempDir Path dir;
    private YouTubeProtocolServer server;
    private Rows rows;

    @BeforeAll
    static void setUp() {
        bed = PublisherTestBed.open("ytpublish");
    }

    @AfterAll
    static void tearDown() throws Exception {
        bed.close();
    }

    @BeforeEach
    void start() throws Exception {
        server = new YouTubeProtocolServer();
        bed.in(dir);
    }

    @AfterEach
    void close() throws Exception {
        bed.closeTestResources();
        server.close();
    }

    @Test
    void anExhaustedQuotaDefersTheRestToTheNextQuotaDay() throws Exception {
        long now = Instant.parse("2026-12-01T10:00:00Z").toEpochMilli();
        rows = new Rows(bed.jdbi, dir.resolve("media"), now);
        String prefix = bed.prefix();
        List<VideoRendered> videos = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            VideoRendered v = rows.rendered(rows.job(20), SIZE);
            videos.add(v);
            bed.send(prefix, v);
        }
        YouTubeSettings twoPerDay = server.settings(2, CHUNK);

        PublishService today =
                service(prefix, twoPerDay, now, EventProducer.create(bed.bootstrap, prefix, "t"));
        for (int i = 0; i < 50 && today.published() + today.waiting() < 3; i++) {
            today.pollOnce(Duration.ofMillis(200));
        }
        assertThat(today.published()).isEqualTo(2);
        assertThat(today.waiting()).isEqualTo(1);
        assertThat(today.failed()).isZero();
        assertThat(server.sessionsStarted()).isEqualTo(2);
        Publication deferred =
                videos.stream()
                        .map(v -> publication(v))
                        .filter(p -> !p.status().equals("published"))
                        .findFirst()
                        .orElseThrow();
        assertThat(deferred.status()).isEqualTo("deferred");
        assertThat(deferred.lastError()).contains("quota of 2026-12-01 is used up");
        bed.closeTestResources();

        // The next Pacific day (midnight Pacific is 08:00 UTC): the publisher picks it up again.
        long tomorrow = Instant.parse("2026-12-02T08:30:00Z").toEpochMilli();
        PublishService next =
                service(
                        prefix,
                        twoPerDay,
                        tomorrow,
                        EventProducer.create(bed.bootstrap, prefix, "t"));
        for (int i = 0; i < 50 && next.published() < 1; i++) {
            next.pollOnce(Duration.ofMillis(200));
        }
        assertThat(publication(videos.get(0)).status()).isEqualTo("published");
        assertThat(videos)
                .allSatisfy(v -> assertThat(publication(v).status()).isEqualTo("published"));
        assertThat(server.sessionsStarted()).isEqualTo(3);
        assertThat(server.bytesReceived()).isEqualTo(3L * SIZE);
        List<VideoPublished> events = bed.read(prefix, 3);
        // A replayed record re-sends its event with the same id; per video there is one id.
        assertThat(events.stream().map(VideoPublished::getVideoId).distinct())
                .containsExactlyInAnyOrderElementsOf(
                        videos.stream().map(VideoRendered::getVideoId).toList());
        assertThat(events.stream().map(e -> e.getEnvelope().getEventId()).distinct()).hasSize(3);
        VideoPublished late =
                events.stream()
                        .filter(e -> e.getVideoId().equals(deferred.videoId().toString()))
                        .findFirst()
                        .orElseThrow();
        assertThat(late.getPublishedAt())
                .isEqualTo(Instant.parse("2026-12-02T20:00:00Z").toEpochMilli());
        assertThat(new QuotaLedger(bed.jdbi).used("YOUTUBE_SHORTS", QuotaLedger.day(now)))
                .isEqualTo(2);
        assertThat(new QuotaLedger(bed.jdbi).used("YOUTUBE_SHORTS", QuotaLedger.day(tomorrow)))
                .isEqualTo(1);
    }

    @Test
    void theApisQuotaExceededAlsoDefersInsteadOfFailing() throws Exception {
        long now = Instant.parse("2026-12-05T10:00:00Z").toEpochMilli();
        rows = new Rows(bed.jdbi, dir.resolve("media"), now);
        String prefix = bed.prefix();
        VideoRendered first = rows.rendered(rows.job(20), SIZE);
        VideoRendered second = rows.rendered(rows.job(20), SIZE);
        bed.send(prefix, first);
        bed.send(prefix, second);
        server.allowSessions(1); // the project's real quota is lower than our count thinks

        PublishService s = sixPerDay(prefix, now);
        for (int i = 0; i < 50 && s.published() + s.waiting() < 2; i++) {
            s.pollOnce(Duration.ofMillis(200));
        }
        assertThat(s.published()).isEqualTo(1);
        assertThat(s.waiting()).isEqualTo(1);
        assertThat(s.failed()).isZero();
        assertThat(publication(second).status()).isEqualTo("deferred");
        assertThat(publication(second).lastError()).contains("quotaExceeded");
        assertThat(new QuotaLedger(bed.jdbi).used("YOUTUBE_SHORTS", QuotaLedger.day(now)))
                .as("the API's quotaExceeded closes the day's bucket")
                .isEqualTo(6);
    }

    @Test
    void aPublisherThatCrashedAfterTheUploadCompletedDoesNotUploadAgain() throws Exception {
        long now = Instant.parse("2026-12-08T10:00:00Z").toEpochMilli();
        rows = new Rows(bed.jdbi, dir.resolve("media"), now);
        String prefix = bed.prefix();
        VideoRendered v = rows.rendered(rows.job(20), SIZE);
        bed.send(prefix, v);
        YouTubeSettings settings = server.settings(6, CHUNK);

        // The crash: the upload completes, then sending VideoPublished fails (the producer is gone)
        // and the process dies before committing its offset or marking the publication.
        EventProducer dead = EventProducer.create(bed.bootstrap, prefix, "dead");
        dead.close();
        PublishService crashing = service(prefix, settings, now, dead);
        assertThatThrownBy(
                        () -> {
                            for (int i = 0; i < 50; i++) {
                                crashing.pollOnce(Duration.ofMillis(200));
                            }
                        })
                .isInstanceOf(IllegalStateException.class);
        assertThat(server.videos()).hasSize(1);
        assertThat(publication(v).status()).isEqualTo("uploading");
        bed.closeTestResources();

        PublishService restarted =
                service(
                        prefix,
                        settings,
                        now + 60_000,
                        EventProducer.create(bed.bootstrap, prefix, "t"));
        for (int i = 0; i < 50 && restarted.published() < 1; i++) {
            restarted.pollOnce(Duration.ofMillis(200));
        }
        assertThat(restarted.published()).isEqualTo(1);
        assertThat(server.sessionsStarted()).isEqualTo(1);
        assertThat(server.bytesReceived()).isEqualTo(SIZE);
        assertThat(server.statusQueries()).isEqualTo(1);
        String youtubeId = server.videos().keySet().iterator().next();
        assertThat(server.videos().get(youtubeId)).isEqualTo(Files.readAllBytes(rows.file(v)));
        Publication p = publication(v);
        assertThat(p.status()).isEqualTo("published");
        assertThat(p.platformVideoId()).isEqualTo(youtubeId);
        assertThat(p.attempts()).isEqualTo(2);
        List<VideoPublished> events = bed.read(prefix, 1);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).getPlatformVideoId()).isEqualTo(youtubeId);
        assertThat(events.get(0).getPublishedAt())
                .isEqualTo(Instant.parse("2026-12-08T20:00:00Z").toEpochMilli());
        assertThat(new QuotaLedger(bed.jdbi).used("YOUTUBE_SHORTS", QuotaLedger.day(now)))
                .isEqualTo(1);
    }

    @Test
    void aSimulatedChannelHistoryVideoIsNeverUploadedToYouTube() throws Exception {
        long now = Instant.parse("2026-12-09T10:00:00Z").toEpochMilli();
        rows = new Rows(bed.jdbi, dir.resolve("media"), now);
        String prefix = bed.prefix();
        VideoRendered history = rows.rendered(rows.simulatedHistoryJob(20), SIZE);
        VideoRendered real = rows.rendered(rows.job(20), SIZE);
        bed.send(prefix, history);
        bed.send(prefix, real);

        PublishService s = sixPerDay(prefix, now);
        for (int i = 0; i < 50 && s.published() + s.failed() < 2; i++) {
            s.pollOnce(Duration.ofMillis(200));
        }
        assertThat(s.published()).isEqualTo(1);
        assertThat(s.failed()).isEqualTo(1);
        assertThat(server.sessionsStarted()).as("only the rendered video is uploaded").isEqualTo(1);
        assertThat(publication(real).status()).isEqualTo("published");
        Publication refused = publication(history);
        assertThat(refused.status()).isEqualTo("failed");
        assertThat(refused.lastError())
                .isEqualTo(
                        "a simulated channel history video (nothing rendered) is published only"
                                + " by the sandbox, never to youtube");
        assertThat(
                        new ContentJobStore(bed.jdbi)
                                .find(UUID.fromString(history.getJobId()))
                                .orElseThrow()
                                .status())
                .isEqualTo(io.flywheel.store.JobStatus.FAILED);
    }

    private Publication publication(VideoRendered v) {
        return new PublicationStore(bed.jdbi)
                .find(UUID.fromString(v.getVideoId()), "YOUTUBE_SHORTS")
                .orElseThrow();
    }

    /** A publisher to the local YouTube server, six uploads a day. */
    private PublishService sixPerDay(String prefix, long now) {
        return service(
                prefix,
                server.settings(6, CHUNK),
                now,
                EventProducer.create(bed.bootstrap, prefix, "t"));
    }

    private PublishService service(
            String prefix, YouTubeSettings s, long now, EventProducer producer) {
        KafkaConsumer<String, DecodeResult> c = bed.renderEvents(prefix);
        bed.closesAfterTest(producer);
        YouTubeClients clients = new YouTubeClients(s, Clock.systemUTC());
        YouTubePlatform platform =
                new YouTubePlatform(
                        clients.uploads(),
                        new UploadSessions(bed.jdbi),
                        new QuotaLedger(bed.jdbi),
                        s,
                        5,
                        Duration.ofMillis(10));
        return new PublishService(
                c,
                producer,
                new ContentJobStore(bed.jdbi),
                new VideoStore(bed.jdbi),
                new PublicationStore(bed.jdbi),
                platform,
                dir.resolve("media"),
                new SimulatedClock(Clock.systemUTC(), now, 1.0),
                PublisherMetrics.unexported(platform),
                null);
    }
}
