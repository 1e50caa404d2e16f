package io.flywheel.publishers.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.publishers.PlatformAdapter;
import io.flywheel.publishers.evidence.EvidenceGate;
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
import io.flywheel.store.AssetEvidence;
import io.flywheel.store.AssetEvidenceStore;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
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
 * The licence evidence gate in the sandbox publisher, on the real broker and PostgreSQL: a video
 * without evidence and one whose music licence allows YouTube only are not uploaded to TikTok,
 * their publications say why, and they wait; a complete one is published at once. Once the evidence
 * is fixed both are published, each exactly once.
 */
class EvidenceGateTest {
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
        Map<String, String> db = Ephemeral.jdbc(Ephemeral.database("evidencegate"));
        ds = Database.dataSource(db.get("url"), db.get("user"), db.get("password"), "gate-test");
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
    void missingOrForbiddingEvidenceHoldsTheVideoWithTheReasonAndFixedItIsPublishedOnce()
            throws Exception {
        String prefix = prefix();
        AssetEvidenceStore evidence = new AssetEvidenceStore(jdbi);
        VideoRendered missing = rendered(job(Platform.TIKTOK, 21, 30));
        VideoRendered youtubeOnly = rendered(job(Platform.TIKTOK, 21, 30));
        VideoRendered ok = rendered(job(Platform.TIKTOK, 21, 30));
        evidence.record(
                id(youtubeOnly.getVideoId()),
                id(youtubeOnly.getJobId()),
                EvidenceSamples.complete("LicenseRef-YouTube-Audio-Library"));
        evidence.record(
                id(ok.getVideoId()), id(ok.getJobId()), EvidenceSamples.complete("CC0-1.0"));
        send(prefix, missing);
        send(prefix, youtubeOnly);
        send(prefix, ok);

        PublishService s =
                service(prefix, Map.of(Platform.TIKTOK, new PlatformAdapter.Limits(600, 100)), NOW)
                        .gate(new EvidenceGate(evidence), Duration.ofMillis(300));
        for (int i = 0; i < 50 && s.published() < 1; i++) {
            s.pollOnce(Duration.ofMillis(200));
        }
        for (int i = 0; i < 5; i++) {
            s.pollOnce(Duration.ofMillis(200));
        }
        assertThat(s.published()).isEqualTo(1);
        assertThat(s.failed()).isZero();
        assertThat(s.waiting()).isEqualTo(2);
        assertThat(uploads()).isEqualTo(1);
        PublicationStore pubs = new PublicationStore(jdbi);
        var held = pubs.find(id(missing.getVideoId()), "TIKTOK").orElseThrow();
        assertThat(held.status()).isEqualTo("deferred");
        assertThat(held.lastError())
                .startsWith(
                        "licence evidence: script: no evidence recorded; voice: no evidence"
                                + " recorded; image: no evidence recorded; font: no evidence recorded")
                .contains("not published to TIKTOK");
        var forbidden = pubs.find(id(youtubeOnly.getVideoId()), "TIKTOK").orElseThrow();
        assertThat(forbidden.status()).isEqualTo("deferred");
        assertThat(forbidden.lastError())
                .isEqualTo(
                        "licence evidence: music (music-folder): licence"
                                + " LicenseRef-YouTube-Audio-Library allows YOUTUBE_SHORTS only (not"
                                + " published to TIKTOK; GET /v1/videos/{id}/evidence shows every asset)");
        assertThat(new ContentJobStore(jdbi).find(id(missing.getJobId())).orElseThrow().status())
                .isNotEqualTo(JobStatus.FAILED);

        // The evidence is fixed: the missing video's assets recorded, the track relicensed.
        evidence.record(
                id(missing.getVideoId()),
                id(missing.getJobId()),
                EvidenceSamples.complete("CC-BY-4.0"));
        List<AssetEvidence> relicensed = new ArrayList<>(EvidenceSamples.complete("CC0-1.0"));
        evidence.put(id(youtubeOnly.getVideoId()), id(youtubeOnly.getJobId()), relicensed.get(3));
        for (int i = 0; i < 50 && s.published() < 3; i++) {
            s.pollOnce(Duration.ofMillis(200));
        }
        for (int i = 0; i < 5; i++) {
            s.pollOnce(Duration.ofMillis(200));
        }
        assertThat(s.published()).isEqualTo(3);
        assertThat(s.waiting()).isZero();
        assertThat(uploads()).isEqualTo(3);
        List<VideoPublished> events = read(prefix, 3);
        assertThat(events).hasSize(3);
        assertThat(events.stream().map(VideoPublished::getVideoId).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(
                        missing.getVideoId(), youtubeOnly.getVideoId(), ok.getVideoId());
        assertThat(pubs.find(id(missing.getVideoId()), "TIKTOK").orElseThrow().status())
                .isEqualTo("published");

        // A licence that never allows the platform: non-commercial.
        assertThat(
                        EvidenceGate.refusal(
                                EvidenceSamples.complete("CC-BY-NC-4.0"), Platform.YOUTUBE_SHORTS))
                .hasValueSatisfying(r -> assertThat(r).contains("non-commercial"));
        assertThat(
                        EvidenceGate.refusal(
                                EvidenceSamples.complete("LicenseRef-YouTube-Audio-Library"),
                                Platform.YOUTUBE_SHORTS))
                .isEmpty();
        assertThat(EvidenceGate.refusal(EvidenceSamples.complete("CC-BY-4.O"), Platform.TIKTOK))
                .hasValueSatisfying(
                        r -> assertThat(r).contains("'CC-BY-4.O' is not one Flywheel knows"));
    }

    private long uploads() throws Exception {
        Path d = dir.resolve("sandbox/TIKTOK");
        if (!Files.isDirectory(d)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> p.toString().endsWith(".mp4")).count();
        }
    }

    private static UUID id(CharSequence s) {
        return UUID.fromString(s.toString());
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
