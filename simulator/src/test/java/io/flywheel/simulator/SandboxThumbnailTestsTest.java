package io.flywheel.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.publishers.sandbox.SimulatedClock;
import io.flywheel.publishers.service.StoredJobParameters;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.DecodeResult;
import io.flywheel.schemas.EngagementObserved;
import io.flywheel.schemas.Envelopes;
import io.flywheel.schemas.EventDeserializer;
import io.flywheel.schemas.EventProducer;
import io.flywheel.schemas.KafkaTopics;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.Topic;
import io.flywheel.schemas.VideoPublished;
import io.flywheel.schemas.samples.SampleEvents;
import io.flywheel.store.ContentJobStore;
import io.flywheel.store.Database;
import io.flywheel.store.ThumbnailStore;
import io.flywheel.store.ThumbnailStyle;
import io.flywheel.store.ThumbnailVariant;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thumbnail tests run by the sandbox audience, on the real broker and PostgreSQL: a video published
 * to the sandbox gets its impressions from the audience's reports, clicked at a planted rate per
 * style, and the test rule finds the planted best style.
 */
class SandboxThumbnailTestsTest {
    private static final long T0 = 1_795_000_000_000L;
    private static final long HOUR = 3_600_000L;
    private static final List<ThumbnailStyle> STYLES =
            List.of(
                    new ThumbnailStyle("early", "title", "white"),
                    new ThumbnailStyle("middle", "caps", "yellow"),
                    new ThumbnailStyle("late", "title", "cyan"));
    private static String bootstrap;
    private static HikariDataSource ds;

    @TempDir Path media;

    /** Real time that moves only when told, so the simulated hours pass poll by poll. */
    static final class SteppedClock extends Clock {
        long millis = 1_000_000L;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    @BeforeAll
    static void setUp() {
        bootstrap = Ephemeral.kafka().spec().bootstrapServers();
        Map<String, String> db = Ephemeral.jdbc(Ephemeral.database("sandbox_thumbs"));
        ds = Database.dataSource(db.get("url"), db.get("user"), db.get("password"), "thumbs");
        Database.migrate(ds);
    }

    @AfterAll
    static void tearDown() {
        ds.close();
    }

    @Test
    void theSandboxAudienceDecidesThePlantedBestStyle() throws Exception {
        String prefix = "thb" + UUID.randomUUID().toString().substring(0, 6) + ".";
        KafkaTopics.ensure(bootstrap, Topic.allNames(prefix), 2, (short) 1, 86_400_000L);
        ThumbnailStore thumbnails = new ThumbnailStore(Database.jdbi(ds));
        ContentJobStore jobs = new ContentJobStore(Database.jdbi(ds));
        SampleEvents samples = new SampleEvents(11, T0);
        ContentParameters p = samples.parameters();
        p.setPlatform(Platform.YOUTUBE_SHORTS);
        p.setNiche("cooking");
        String jobId = UUID.randomUUID().toString();
        jobs.recordRequested(samples.contentRequested(UUID.randomUUID().toString(), jobId, p));
        UUID videoId = UUID.randomUUID();
        List<ThumbnailVariant> variants = new ArrayList<>();
        for (int v = 1; v <= 3; v++) {
            Path wide = media.resolve(videoId + "/thumb-1280x720-v" + v + ".jpg");
            Files.createDirectories(wide.getParent());
            Files.write(wide, new byte[] {(byte) 0xff, (byte) 0xd8});
            variants.add(
                    new ThumbnailVariant(
                            v,
                            STYLES.get(v - 1),
                            v,
                            media.relativize(wide).toString(),
                            videoId + "/thumb-1080x1920-v" + v + ".jpg"));
        }
        thumbnails.recordVariants(videoId, variants);
        // The world's audience, sixty times larger, so one video has impressions enough to decide.
        World base = WorldFile.builtin("baseline");
        Map<String, World.SegmentBase> big = new LinkedHashMap<>();
        base.segments()
                .forEach(
                        (k, s) ->
                                big.put(
                                        k,
                                        new World.SegmentBase(
                                                s.views() * 60, s.engagedRate(), s.rpmUsd())));
        World world =
                new World(
                        base.name(),
                        base.description(),
                        base.horizonHours(),
                        big,
                        base.viewEffects(),
                        base.engagedEffects(),
                        base.interactions(),
                        base.postingHours(),
                        base.rates(),
                        base.dispersion(),
                        base.decayHalfLifeHours(),
                        base.reportingLagMinutes(),
                        base.unreported());
        // Planted: the second variant's style is clicked at 8 %, the others at 4 %.
        ThumbnailClickRates rates = ThumbnailClickRates.planted(0.04, Map.of(STYLES.get(1), 0.08));
        SteppedClock real = new SteppedClock();
        SimulatedClock clock = new SimulatedClock(real, T0, 1.0);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SandboxThumbnailTests tests =
                new SandboxThumbnailTests(
                        thumbnails, world, rates, 7, media, clock.asClock(), registry);
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "audience-" + prefix);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, DecodeResult> consumer =
                        new KafkaConsumer<>(
                                props, new StringDeserializer(), new EventDeserializer());
                EventProducer producer = EventProducer.create(bootstrap, prefix, "thumbs-test")) {
            consumer.subscribe(List.of(Topic.PUBLISH_EVENTS.name(prefix)));
            AudienceService service =
                    new AudienceService(
                            consumer,
                            producer,
                            id ->
                                    jobs.find(UUID.fromString(id))
                                            .map(StoredJobParameters::parameters),
                            new AudienceSimulator(new AudienceModel(world, 5, HOUR)),
                            clock,
                            Duration.ofMinutes(1),
                            tests);
            producer.send(published(videoId, jobId)).get();
            // The world's 72 hours and its reporting lag, one simulated hour per poll.
            for (int hour = 0; hour < 80; hour++) {
                service.pollOnce(Duration.ofMillis(hour == 0 ? 3_000 : 50));
                real.millis += HOUR;
            }
            assertThat(service.pending()).as("reports still pending").isZero();
        }

        ThumbnailStore.Test test =
                thumbnails.test(videoId, Platform.YOUTUBE_SHORTS.name()).orElseThrow();
        List<ThumbnailStore.Counts> counts =
                thumbnails.counts(videoId, Platform.YOUTUBE_SHORTS.name());
        System.out.println("sandbox thumbnail test: " + test + " " + counts);
        assertThat(test.decided()).as("decided").isTrue();
        assertThat(test.winnerVariant()).as("the planted style's variant").isEqualTo(2);
        assertThat(test.winnerProbability()).isGreaterThanOrEqualTo(0.99);
        assertThat(counts)
                .allSatisfy(c -> assertThat(c.impressions()).isGreaterThanOrEqualTo(2_000));
        long counted = counts.stream().mapToLong(ThumbnailStore.Counts::impressions).sum();
        assertThat(counted)
                .as("impressions counted for the variants, at most those the audience reported")
                .isLessThanOrEqualTo(reportedImpressions(prefix, videoId));
        assertThat(
                        registry.get("flywheel.thumbnail.tests.started")
                                .tag("platform", "YOUTUBE_SHORTS")
                                .counter()
                                .count())
                .isEqualTo(1);
        assertThat(
                        registry.get("flywheel.thumbnail.tests.decided")
                                .tag("platform", "YOUTUBE_SHORTS")
                                .counter()
                                .count())
                .isEqualTo(1);
        assertThat(thumbnails.winningStyles())
                .extracting(ThumbnailStore.StyleWins::style)
                .contains(STYLES.get(1));
    }

    private static VideoPublished published(UUID videoId, String jobId) {
        return VideoPublished.newBuilder()
                .setEnvelope(
                        Envelopes.create(
                                VideoPublished.class, "test", UUID.randomUUID().toString(), T0))
                .setVideoId(videoId.toString())
                .setJobId(jobId)
                .setPlatform(Platform.YOUTUBE_SHORTS)
                .setPlatformVideoId("sbx-" + videoId.toString().substring(0, 8))
                .setPublishedAt(T0)
                .setUrl(null)
                .build();
    }

    private static long reportedImpressions(String prefix, UUID videoId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        long sum = 0;
        try (KafkaConsumer<String, DecodeResult> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new EventDeserializer())) {
            c.subscribe(List.of(Topic.ENGAGEMENT_EVENTS.name(prefix)));
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            int quiet = 0;
            while (System.nanoTime() < deadline && quiet < 5) {
                var records = c.poll(Duration.ofMillis(500));
                quiet = records.isEmpty() && sum > 0 ? quiet + 1 : 0;
                for (var r : records) {
                    EngagementObserved e = r.value().eventAs(EngagementObserved.class);
                    if (e.getVideoId().equals(videoId.toString())) {
                        sum += e.getImpressions();
                    }
                }
            }
        }
        return sum;
    }
}
