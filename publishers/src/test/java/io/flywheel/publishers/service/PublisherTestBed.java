package io.flywheel.publishers.service;

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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jdbi.v3.core.Jdbi;

/**
 * What the publisher's tests share: the test broker, a migrated database of their own, content jobs
 * and rendered videos as the render worker would send them, a publisher over the sandbox platform
 * reading its own topics, and a reader of what it published. Open it once per test class ({@link
 * #open}), point it at each test's directory ({@link #in}), and close what a test opened after it
 * ({@link #closeTestResources}).
 */
public final class PublisherTestBed implements AutoCloseable {
    /** 2026-11-21T10:00Z in simulated time. */
    public static final long NOW = Instant.parse("2026-11-21T10:00:00Z").toEpochMilli();

    public final String bootstrap;
    public final Jdbi jdbi;
    public final SampleEvents samples =
            new SampleEvents(UUID.randomUUID().getLeastSignificantBits(), NOW);
    private final HikariDataSource ds;
    private final List<AutoCloseable> open = new ArrayList<>();
    private Path dir;

    private PublisherTestBed(String database) {
        bootstrap = Ephemeral.kafka().spec().bootstrapServers();
        Map<String, String> db = Ephemeral.jdbc(Ephemeral.database(database));
        ds =
                Database.dataSource(
                        db.get("url"), db.get("user"), db.get("password"), database + "-test");
        Database.migrate(ds);
        jdbi = Database.jdbi(ds);
    }

    /** The broker and a migrated database named {@code database}, for one test class. */
    public static PublisherTestBed open(String database) {
        return new PublisherTestBed(database);
    }

    /** Media, sandbox uploads and renders of the next test go under {@code dir}. */
    public PublisherTestBed in(Path dir) {
        this.dir = dir;
        return this;
    }

    public Path dir() {
        return dir;
    }

    /** A content job for {@code platform}, recorded as the API records it. */
    public ContentRequested job(Platform platform, int hour, int duration) {
        return job(platform, hour, duration, null);
    }

    /** A job as a demo's simulated channel history records it: never rendered, no assets. */
    public ContentRequested simulatedHistoryJob(Platform platform, int hour, int duration) {
        return job(platform, hour, duration, ContentJobStore.SIMULATED_HISTORY_POLICY);
    }

    private ContentRequested job(Platform platform, int hour, int duration, String policy) {
        ContentRequested r =
                samples.contentRequested(samples.uuid(), samples.uuid(), samples.parameters());
        if (policy != null) {
            r.setPolicyVersion(policy);
        }
        r.getParameters().setPlatform(platform);
        r.getParameters().setPostingHour(hour);
        r.getParameters().setTargetDurationS(duration);
        new ContentJobStore(jdbi).recordRequested(r);
        return r;
    }

    /** The job's video as rendered: one 1080x1920 rendition whose file is under media/. */
    public VideoRendered rendered(ContentRequested job) throws Exception {
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

    /**
     * The publisher's consumer of the render events under {@code prefix}, closed after the test.
     */
    public KafkaConsumer<String, DecodeResult> renderEvents(String prefix) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "publisher-" + prefix);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, DecodeResult> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new EventDeserializer());
        c.subscribe(List.of(Topic.RENDER_EVENTS.name(prefix)));
        open.add(c);
        return c;
    }

    /** The publisher's producer under {@code prefix}, closed after the test. */
    public EventProducer producer(String prefix) {
        EventProducer producer = EventProducer.create(bootstrap, prefix, "publisher-test");
        open.add(producer);
        return producer;
    }

    /**
     * A publisher over the sandbox platform, its clock at {@code simNow}, with the review queue's
     * gate when {@code review} is given.
     */
    public PublishService sandboxService(
            String prefix,
            Map<Platform, PlatformAdapter.Limits> limits,
            long simNow,
            ReviewGate review) {
        SandboxPlatform sandbox = new SandboxPlatform(dir.resolve("sandbox"), limits);
        return new PublishService(
                renderEvents(prefix),
                producer(prefix),
                new ContentJobStore(jdbi),
                new VideoStore(jdbi),
                new PublicationStore(jdbi),
                sandbox,
                dir.resolve("media"),
                new SimulatedClock(Clock.systemUTC(), simNow, 1.0),
                PublisherMetrics.unexported(sandbox),
                review);
    }

    /** Sends a render event as a render worker would. */
    public void send(String prefix, VideoRendered v) throws Exception {
        try (EventProducer p = EventProducer.create(bootstrap, prefix, "test")) {
            p.send(v).get(30, TimeUnit.SECONDS);
        }
    }

    /** A fresh topic prefix with every topic created. */
    public String prefix() {
        String prefix = "pub" + UUID.randomUUID().toString().substring(0, 6) + ".";
        KafkaTopics.ensure(bootstrap, Topic.allNames(prefix), 1, (short) 1, 86_400_000L);
        return prefix;
    }

    /**
     * The publish events under {@code prefix}: at least {@code atLeast} within 15 s, read for 2 s
     * more so that a duplicate would be seen.
     */
    public List<VideoPublished> read(String prefix, int atLeast) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<VideoPublished> out = new ArrayList<>();
        try (KafkaConsumer<String, DecodeResult> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new EventDeserializer())) {
            c.subscribe(List.of(Topic.PUBLISH_EVENTS.name(prefix)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                c.poll(Duration.ofMillis(200))
                        .forEach(r -> out.add(r.value().eventAs(VideoPublished.class)));
                if (out.size() >= atLeast && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                }
            }
        }
        return out;
    }

    /** Closes {@code c} with the test's other resources, after the test. */
    public <T extends AutoCloseable> T closesAfterTest(T c) {
        open.add(c);
        return c;
    }

    /** Closes the consumers and producers the last test opened. */
    public void closeTestResources() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        open.clear();
    }

    @Override
    public void close() throws Exception {
        closeTestResources();
        ds.close();
    }
}
