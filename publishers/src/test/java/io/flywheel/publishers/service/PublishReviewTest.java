package io.flywheel.publishers.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.publishers.PlatformAdapter;
import io.flywheel.publishers.review.ReviewGate;
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
import io.flywheel.store.PublicationStore;
import io.flywheel.store.ReviewItem;
import io.flywheel.store.ReviewPolicies;
import io.flywheel.store.ReviewPolicy;
import io.flywheel.store.ReviewQueue;
import io.flywheel.store.VideoStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review gate in the sandbox publisher, on the real broker and PostgreSQL: videos that wait are
 * not published, approved ones are published exactly once (also after a restart), rejected ones
 * never, and borderline moderation waits even where the channel publishes at once.
 */
class PublishReviewTest {
    private static final long NOW = Instant.parse("2026-11-21T10:00:00Z").toEpochMilli();
    private static final Map<Platform, PlatformAdapter.Limits> LIMITS =
            Map.of(
                    Platform.TIKTOK, new PlatformAdapter.Limits(600, 100),
                    Platform.YOUTUBE_SHORTS, new PlatformAdapter.Limits(180, 100));

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
        Map<String, String> db = Ephemeral.jdbc(Ephemeral.database("publishreview"));
        ds = Database.dataSource(db.get("url"), db.get("user"), db.get("password"), "review-test");
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
    void waitingVideosPublishOnlyWhenApprovedAndOnlyOnce() throws Exception {
        String prefix = prefix();
        new ReviewPolicies(jdbi).set("TIKTOK", ReviewPolicy.WAIT_FOR_APPROVAL, "test");
        VideoRendered approved = rendered(job(Platform.TIKTOK, 12, 30));
        VideoRendered rejected = rendered(job(Platform.TIKTOK, 12, 30));
        VideoRendered borderline = rendered(job(Platform.YOUTUBE_SHORTS, 12, 30));
        borderline.setModerationFlags(List.of("borderline: financial promise"));
        VideoRendered atOnce = rendered(job(Platform.YOUTUBE_SHORTS, 12, 30));
        for (VideoRendered v : List.of(approved, rejected, borderline, atOnce)) {
            send(prefix, v);
        }

        PublishService first = service(prefix, LIMITS, NOW);
        for (int i = 0; i < 50 && first.published() < 1; i++) {
            first.pollOnce(Duration.ofMillis(200));
        }
        for (int i = 0; i < 5; i++) {
            first.pollOnce(Duration.ofMillis(200));
        }
        assertThat(first.published()).isEqualTo(1);
        assertThat(read(prefix, 1))
                .extracting(VideoPublished::getVideoId)
                .containsExactly(atOnce.getVideoId());
        ReviewQueue queue = new ReviewQueue(jdbi);
        assertThat(queue.list(ReviewItem.PENDING, null, null, 10))
                .extracting(i -> i.videoId().toString(), ReviewItem::reason)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(
                                approved.getVideoId(), ReviewItem.CHANNEL_POLICY),
                        org.assertj.core.groups.Tuple.tuple(
                                rejected.getVideoId(), ReviewItem.CHANNEL_POLICY),
                        org.assertj.core.groups.Tuple.tuple(
                                borderline.getVideoId(), ReviewItem.MODERATION_BORDERLINE));
        assertThat(
                        queue.find(UUID.fromString(borderline.getVideoId()))
                                .orElseThrow()
                                .reasonDetail())
                .isEqualTo("borderline: financial promise");
        close();
        open.clear();

        // Decided while the publisher is down; the rejected video's event is read again.
        queue.decide(UUID.fromString(approved.getVideoId()), true, "key-1", null);
        queue.decide(UUID.fromString(borderline.getVideoId()), true, "key-1", null);
        queue.decide(UUID.fromString(rejected.getVideoId()), false, "key-1", "off-brand");
        send(prefix, rejected);

        PublishService second = service(prefix, LIMITS, NOW);
        for (int i = 0; i < 50 && second.published() < 2; i++) {
            second.pollOnce(Duration.ofMillis(200));
        }
        for (int i = 0; i < 10; i++) {
            second.pollOnce(Duration.ofMillis(200));
        }
        assertThat(second.published()).isEqualTo(2);
        List<VideoPublished> events = read(prefix, 3);
        assertThat(events)
                .extracting(VideoPublished::getVideoId)
                .containsExactlyInAnyOrder(
                        atOnce.getVideoId(), approved.getVideoId(), borderline.getVideoId());
        assertThat(uploads("TIKTOK") + uploads("YOUTUBE_SHORTS")).isEqualTo(3);
        assertThat(
                        new PublicationStore(jdbi)
                                .find(UUID.fromString(rejected.getVideoId()), "TIKTOK"))
                .isEmpty();
        assertThat(queue.find(UUID.fromString(approved.getVideoId())).orElseThrow().releasedAt())
                .isNotNull();
        assertThat(queue.find(UUID.fromString(rejected.getVideoId())).orElseThrow().releasedAt())
                .isNull();
        assertThat(queue.pendingCount()).isZero();
    }

    private long uploads(String platform) throws Exception {
        Path p = dir.resolve("sandbox").resolve(platform);
        if (!Files.isDirectory(p)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(p)) {
            return files.filter(f -> f.toString().endsWith(".mp4")).count();
        }
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
        SandboxPlatform sandbox = new SandboxPlatform(dir.resolve("sandbox"), limits);
        return new PublishService(
                c,
                producer,
                new ContentJobStore(jdbi),
                new VideoStore(jdbi),
                new PublicationStore(jdbi),
                sandbox,
                dir.resolve("media"),
                new SimulatedClock(Clock.systemUTC(), simNow, 1.0),
                PublisherMetrics.unexported(sandbox),
                new ReviewGate(new ReviewQueue(jdbi), new ReviewPolicies(jdbi)));
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
