package io.flywheel.publishers.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.publishers.PlatformAdapter;
import io.flywheel.publishers.sandbox.SandboxPlatform;
import io.flywheel.publishers.sandbox.SimulatedClock;
import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.DecodeResult;
import io.flywheel.schemas.EventDeserializer;
import io.flywheel.schemas.EventProducer;
import io.flywheel.schemas.KafkaTopics;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.Rendition;
import io.flywheel.schemas.Topic;
import io.flywheel.schemas.VideoPublished;
import io.flywheel.schemas.VideoRendered;
import io.flywheel.schemas.samples.SampleEvents;
import io.flywheel.store.ContentJobStore;
import io.flywheel.store.Database;
import io.flywheel.store.JobStatus;
import io.flywheel.store.PublicationStore;
import io.flywheel.store.VideoStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox publisher on the real broker and PostgreSQL. */
class PublishServiceTest {
    /** 2026-11-21T10:00Z in simulated time. */
    private static final long NOW = Instant.parse("2026-11-21T10:00:00Z").toEpochMilli();

    private static String bootstrap;
    private static HikariDataSource ds;
    private static Jdbi jdbi;
    @TempDir Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final SampleEvents samples =
            new SampleEvents(UUID.randomUUID().getLeastSignificantBits(), NOW);

    @BeforeAll
    static void setUp() {
        bootstrap = Ephemeral.kafka().spec().bootstrapServers();
        Map<String, String> db = Ephemeral.jdbc(Ephemeral.database("publish"));
        ds = Database.dataSource(db.get("url"), db.get("user"), db.get("password"), "publish-test");
        Database.migrate(ds);
        jdbi = Database.jdbi(ds);
    }

    @AfterAll
    static void tearDown() {
        ds.close();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    void aRenderedVideoIsUploadedOnceAtItsPostingHourEvenWhenReplayed() throws Exception {
        String prefix = prefix();
        VideoRendered v = rendered(job(Platform.TIKTOK, 21, 30));
        send(prefix, v);
        send(prefix, v); // a replay, as after a crash before the offset commit

        PublishService s =
                service(prefix, Map.of(Platform.TIKTOK, new PlatformAdapter.Limits(600, 100)), NOW);
        for (int i = 0; i < 50 && s.published() < 1; i++) {
            s.pollOnce(Duration.ofMillis(200));
        }
        for (int i = 0; i < 5; i++) {
            s.pollOnce(Duration.ofMillis(200));
        }

        List<VideoPublished> events = read(prefix, 2);
        assertThat(events).hasSize(2);
        assertThat(events)
                .extracting(e -> e.getEnvelope().getEventId())
                .containsOnly(events.get(0).getEnvelope().getEventId());
        VideoPublished e = events.get(0);
        assertThat(Instant.ofEpochMilli(e.getPublishedAt()).atZone(ZoneOffset.UTC).getHour())
                .isEqualTo(21);
        assertThat(e.getPublishedAt())
                .isEqualTo(Instant.parse("2026-11-21T21:00:00Z").toEpochMilli());
        assertThat(dir.resolve("sandbox/TIKTOK/" + e.getPlatformVideoId() + ".mp4")).exists();
        assertThat(Files.readString(dir.resolve("sandbox/quota/TIKTOK/2026-11-21")).trim())
                .isEqualTo("1");
        var pub =
                new PublicationStore(jdbi)
                        .find(UUID.fromString(v.getVideoId()), "TIKTOK")
                        .orElseThrow();
        assertThat(pub.status()).isEqualTo("published");
        assertThat(pub.attempts()).isEqualTo(1);
        assertThat(
                        new ContentJobStore(jdbi)
                                .find(UUID.fromString(v.getJobId()))
                                .orElseThrow()
                                .status())
                .isEqualTo(JobStatus.PUBLISHED);
    }

    @Test
    void theDailyQuotaDefersToTheNextDayAndTooLongVideosFailTheJob() throws Exception {
        String prefix = prefix();
        VideoRendered first = rendered(job(Platform.YOUTUBE_SHORTS, 18, 30));
        VideoRendered second = rendered(job(Platform.YOUTUBE_SHORTS, 18, 30));
        VideoRendered tooLong = rendered(job(Platform.YOUTUBE_SHORTS, 18, 60));
        tooLong.setDurationMs(200_000);
        send(prefix, first);
        send(prefix, second);
        send(prefix, tooLong);
        Map<Platform, PlatformAdapter.Limits> limits =
                Map.of(Platform.YOUTUBE_SHORTS, new PlatformAdapter.Limits(180, 1));

        PublishService today = service(prefix, limits, NOW);
        for (int i = 0; i < 30 && today.published() + today.failed() < 2; i++) {
            today.pollOnce(Duration.ofMillis(200));
        }
        assertThat(today.published()).isEqualTo(1);
        assertThat(today.failed()).isEqualTo(1);
        assertThat(today.waiting()).isEqualTo(1);
        var pubs = new PublicationStore(jdbi);
        assertThat(
                        pubs.find(UUID.fromString(second.getVideoId()), "YOUTUBE_SHORTS")
                                .orElseThrow()
                                .status())
                .isEqualTo("deferred");
        var failedJob =
                new ContentJobStore(jdbi).find(UUID.fromString(tooLong.getJobId())).orElseThrow();
        assertThat(failedJob.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failedJob.statusReason()).contains("accepts videos up to 180 s");
        close();
        open.clear();

        PublishService tomorrow = service(prefix, limits, NOW + 24 * 3_600_000L);
        for (int i = 0; i < 30 && tomorrow.published() < 1; i++) {
            tomorrow.pollOnce(Duration.ofMillis(200));
        }
        VideoPublished late =
                read(prefix, 2).stream()
                        .filter(e -> e.getVideoId().equals(second.getVideoId()))
                        .findFirst()
                        .orElseThrow();
        assertThat(late.getPublishedAt())
                .isEqualTo(Instant.parse("2026-11-22T18:00:00Z").toEpochMilli());
    }

    private ContentRequested job(Platform platform, int hour, int duration) {
        ContentRequested r =
                samples.contentRequested(samples.uuid(), samples.uuid(), samples.parameters());
        r.getParameters().setPlatform(platform);
        r.getParameters().setPostingHour(hour);
        r.getParameters().setTargetDurationS(duration);
        new ContentJobStore(jdbi).recordRequested(r);
        return r;
    }

    private VideoRendered rendered(ContentRequested job) throws Exception {
        String videoId = UUID.randomUUID().toString();
        Path mp4 = dir.resolve("media").resolve(videoId).resolve("1080x1920.mp4");
        Files.createDirectories(mp4.getParent());
        Files.write(mp4, new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p'});
        VideoRendered v = (VideoRendered) samples.oneOfEach().get(4);
        v.getEnvelope().setTraceId(job.getEnvelope().getTraceId());
        v.setJobId(job.getJobId());
        v.setVideoId(videoId);
        v.setDurationMs(job.getParameters().getTargetDurationS() * 1000L);
        v.setRenditions(
                List.of(
                        Rendition.newBuilder()
                                .setLabel("1080x1920")
                                .setWidth(1080)
                                .setHeight(1920)
                                .setDurationMs(v.getDurationMs())
                                .setBytes(8)
                                .setUri(videoId + "/1080x1920.mp4")
                                .build()));
        return v;
    }

    private PublishService service(
            String prefix, Map<Platform, PlatformAdapter.Limits> limits, long simNow) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "publisher-" + prefix);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, DecodeResult> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new EventDeserializer());
        c.subscribe(List.of(Topic.RENDER_EVENTS.name(prefix)));
        EventProducer producer = EventProducer.create(bootstrap, prefix, "publisher-test");
        open.add(c);
        open.add(producer);
        return new PublishService(
                c,
                producer,
                new ContentJobStore(jdbi),
                new VideoStore(jdbi),
                new PublicationStore(jdbi),
                new SandboxPlatform(dir.resolve("sandbox"), limits),
                dir.resolve("media"),
                new SimulatedClock(Clock.systemUTC(), simNow, 1.0));
    }

    private static void send(String prefix, VideoRendered v) throws Exception {
        try (EventProducer p = EventProducer.create(bootstrap, prefix, "test")) {
            p.send(v).get();
        }
    }

    private static String prefix() {
        String prefix = "pub" + UUID.randomUUID().toString().substring(0, 6) + ".";
        KafkaTopics.ensure(bootstrap, Topic.allNames(prefix), 1, (short) 1, 86_400_000L);
        return prefix;
    }

    private static List<VideoPublished> read(String prefix, int atLeast) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<VideoPublished> out = new ArrayList<>();
        try (KafkaConsumer<String, DecodeResult> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new EventDeserializer())) {
            c.subscribe(List.of(Topic.PUBLISH_EVENTS.name(prefix)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (out.size() < atLeast && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200))
                        .forEach(r -> out.add(r.value().eventAs(VideoPublished.class)));
            }
        }
        return out;
    }
}
