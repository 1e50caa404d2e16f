package io.flywheel.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.publishers.sandbox.SimulatedClock;
import io.flywheel.publishers.service.StoredJobParameters;
import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.DeadLetter;
import io.flywheel.schemas.DecodeResult;
import io.flywheel.schemas.EngagementObserved;
import io.flywheel.schemas.Envelopes;
import io.flywheel.schemas.EventCodec;
import io.flywheel.schemas.EventDeserializer;
import io.flywheel.schemas.EventProducer;
import io.flywheel.schemas.KafkaTopics;
import io.flywheel.schemas.Topic;
import io.flywheel.schemas.VideoPublished;
import io.flywheel.schemas.samples.SampleEvents;
import io.flywheel.store.ContentJobStore;
import io.flywheel.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The audience as a Kafka service, on the real broker and PostgreSQL. */
class AudienceServiceTest {
    private static final long T0 = 1_795_000_000_000L;
    private static final long SIX_HOURS = 6 * 3_600_000L;
    private static String bootstrap;
    private static HikariDataSource ds;
    private static ContentJobStore jobs;
    private static final World WORLD = WorldFile.builtin("baseline");
    private final SampleEvents samples =
            new SampleEvents(UUID.randomUUID().getMostSignificantBits(), T0);

    @BeforeAll
    static void setUp() {
        bootstrap = Ephemeral.kafka().spec().bootstrapServers();
        Map<String, String> db = Ephemeral.jdbc(Ephemeral.database("audience"));
        ds =
                Database.dataSource(
                        db.get("url"), db.get("user"), db.get("password"), "audience-test");
        Database.migrate(ds);
        jobs = new ContentJobStore(Database.jdbi(ds));
    }

    @AfterAll
    static void tearDown() {
        ds.close();
    }

    @Test
    void publishedVideosGetTheirWholeAudienceAndBadInputGoesToTheDlq() throws Exception {
        String prefix = prefix();
        VideoPublished video = publishKnownVideo(prefix);
        VideoPublished orphan = published(UUID.randomUUID().toString());
        ContentRequested realJob = (ContentRequested) samples.oneOfEach().get(0);
        realJob.setJobId(UUID.randomUUID().toString());
        jobs.recordRequested(realJob);
        VideoPublished onYouTube = published(realJob.getJobId());
        onYouTube.setPlatformVideoId("dQw4w9WgXcQ");
        onYouTube.setUrl("https://www.youtube.com/shorts/dQw4w9WgXcQ");
        try (EventProducer p = EventProducer.create(bootstrap, prefix, "test")) {
            p.send(orphan).get();
            p.send(onYouTube).get();
        }
        sendRaw(Topic.PUBLISH_EVENTS.name(prefix), "garbage".getBytes());

        AudienceService s =
                service(prefix, "g1", clockAt(T0 + 100 * 24 * 3_600_000L), Duration.ZERO);
        for (int i = 0; i < 100 && (s.sent() < 12 || s.deadLetters() < 2); i++) {
            s.pollOnce(Duration.ofMillis(200));
        }

        List<EngagementObserved> got =
                read(prefix, Topic.ENGAGEMENT_EVENTS, EngagementObserved.class, 12);
        assertThat(got).hasSize(12);
        assertThat(got).extracting(e -> e.getEnvelope().getEventId()).doesNotHaveDuplicates();
        assertThat(sum(got)).isEqualTo(expectedViews(video));
        assertThat(got).noneMatch(e -> e.getVideoId().equals(onYouTube.getVideoId()));
        assertThat(s.pending()).isZero();
        List<DeadLetter> dlq = read(prefix, Topic.DLQ, DeadLetter.class, 2);
        assertThat(dlq)
                .extracting(DeadLetter::getReason)
                .anySatisfy(r -> assertThat(r).contains("too short for single-object encoding"))
                .anySatisfy(
                        r ->
                                assertThat(r)
                                        .contains("content job " + orphan.getJobId())
                                        .contains("unknown"));
    }

    /**
     * Killed half-way, a new instance resends only with the same event ids: dedupe restores exact
     * totals.
     */
    @Test
    void aRestartedSimulatorResumesWithoutNewDuplicates() throws Exception {
        String prefix = prefix();
        VideoPublished video = publishKnownVideo(prefix);
        long lag = (long) (WORLD.reportingLagMinutes() * 60_000);

        AudienceService first =
                service(prefix, "g2", clockAt(T0 + 36 * 3_600_000L + lag), Duration.ofMinutes(1));
        for (int i = 0; i < 100 && first.sent() < 6; i++) {
            first.pollOnce(Duration.ofMillis(200));
        }
        assertThat(first.sent()).isEqualTo(6);
        closeAll();

        AudienceService second =
                service(prefix, "g2", clockAt(T0 + 100 * 24 * 3_600_000L), Duration.ofMinutes(1));
        for (int i = 0; i < 100 && second.sent() < 12; i++) {
            second.pollOnce(Duration.ofMillis(200));
        }

        List<EngagementObserved> got =
                read(prefix, Topic.ENGAGEMENT_EVENTS, EngagementObserved.class, 18);
        assertThat(got).hasSize(18);
        Map<String, EngagementObserved> byId = new HashMap<>();
        got.forEach(e -> byId.put(e.getEnvelope().getEventId(), e));
        assertThat(byId).hasSize(12);
        assertThat(sum(new ArrayList<>(byId.values()))).isEqualTo(expectedViews(video));
    }

    private final List<AutoCloseable> open = new ArrayList<>();

    private void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        open.clear();
    }

    @org.junit.jupiter.api.AfterEach
    void closeClients() throws Exception {
        closeAll();
    }

    private AudienceService service(
            String prefix, String group, SimulatedClock clock, Duration patience) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group + prefix);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, DecodeResult> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new EventDeserializer());
        c.subscribe(List.of(Topic.PUBLISH_EVENTS.name(prefix)));
        EventProducer producer = EventProducer.create(bootstrap, prefix, "audience-test");
        open.add(c);
        open.add(producer);
        AudienceSimulator sim = new AudienceSimulator(new AudienceModel(WORLD, 5, SIX_HOURS));
        return new AudienceService(
                c,
                producer,
                id -> jobs.find(UUID.fromString(id)).map(StoredJobParameters::parameters),
                sim,
                clock,
                patience,
                null);
    }

    private VideoPublished publishKnownVideo(String prefix) throws Exception {
        List<SpecificRecord> one = samples.oneOfEach();
        ContentRequested job = (ContentRequested) one.get(0);
        jobs.recordRequested(job);
        VideoPublished v = published(job.getJobId());
        try (EventProducer p = EventProducer.create(bootstrap, prefix, "test")) {
            p.send(v).get();
        }
        return v;
    }

    private VideoPublished published(String jobId) {
        String videoId = UUID.randomUUID().toString();
        return VideoPublished.newBuilder()
                .setEnvelope(
                        Envelopes.create(
                                VideoPublished.class, "test", UUID.randomUUID().toString(), T0))
                .setVideoId(videoId)
                .setJobId(jobId)
                .setPlatform(io.flywheel.schemas.Platform.YOUTUBE_SHORTS)
                .setPlatformVideoId("sbx-" + videoId.substring(0, 8))
                .setPublishedAt(T0)
                .setUrl(null)
                .build();
    }

    private long expectedViews(VideoPublished v) {
        var p =
                jobs.find(UUID.fromString(v.getJobId()))
                        .map(StoredJobParameters::parameters)
                        .orElseThrow();
        return new AudienceModel(WORLD, 5, SIX_HOURS)
                        .reports(v.getVideoId(), v.getPlatformVideoId(), "t", p, v.getPublishedAt())
                        .stream()
                        .mapToLong(r -> r.event().getViews())
                        .sum();
    }

    private static long sum(List<EngagementObserved> es) {
        return es.stream().mapToLong(EngagementObserved::getViews).sum();
    }

    private static SimulatedClock clockAt(long simNow) {
        return new SimulatedClock(Clock.systemUTC(), simNow, 1.0);
    }

    private static String prefix() {
        String prefix = "aud" + UUID.randomUUID().toString().substring(0, 6) + ".";
        KafkaTopics.ensure(bootstrap, Topic.allNames(prefix), 2, (short) 1, 86_400_000L);
        return prefix;
    }

    private static void sendRaw(String topic, byte[] value) throws Exception {
        try (KafkaProducer<byte[], byte[]> raw =
                new KafkaProducer<>(
                        EventProducer.properties(bootstrap, "raw"),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(topic, value)).get();
        }
    }

    private static <T extends SpecificRecord> List<T> read(
            String prefix, Topic topic, Class<T> type, int atLeast) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<String, DecodeResult> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new EventDeserializer())) {
            c.subscribe(List.of(topic.name(prefix)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            long quietUntil = 0;
            while (System.nanoTime() < deadline) {
                int before = out.size();
                c.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value().eventAs(type)));
                if (out.size() >= atLeast && out.size() == before) {
                    if (quietUntil == 0) {
                        quietUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                    } else if (System.nanoTime() > quietUntil) {
                        break;
                    }
                }
            }
        }
        return out;
    }

    static {
        EventCodec.standard();
    }
}
