package io.flywheel.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.config.Secret;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.embedded.FreePorts;
import io.flywheel.embedded.PostgresServer;
import io.flywheel.publishers.service.PublisherMain;
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
import io.flywheel.store.Publication;
import io.flywheel.store.PublicationStore;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publisher process ({@link PublisherMain}, its own JVM, as {@code flywheel up} starts it)
 * while PostgreSQL (its own server process) is stopped and started again: nobody restarts the
 * publisher, and every video is published exactly once.
 */
class PublisherRestartTest {
    private static final long NOW = Instant.now().toEpochMilli();
    @TempDir Path tmp;
    private final SampleEvents samples =
            new SampleEvents(UUID.randomUUID().getLeastSignificantBits(), NOW);
    private PostgresServer pg;
    private HikariDataSource ds;
    private Process publisher;
    private Process audience;

    @AfterEach
    void stop() throws Exception {
        for (Process p : new Process[] {publisher, audience}) {
            if (p != null) {
                p.destroy();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
        if (ds != null) {
            ds.close();
        }
        if (pg != null) {
            new PostgresServer(pg.spec()).stop();
        }
    }

    @Test
    void thePublisherAndTheAudienceOutliveARestartOfPostgresAndEveryVideoIsPublishedOnce()
            throws Exception {
        String bootstrap = Ephemeral.kafka().spec().bootstrapServers();
        String prefix = "pubpg" + UUID.randomUUID().toString().substring(0, 6) + ".";
        KafkaTopics.ensure(bootstrap, Topic.allNames(prefix), 1, (short) 1, 86_400_000L);
        pg = Ephemeral.ownPostgres(tmp.resolve("pg"), Secret.of("publisher-pw"));
        pg.start(false, Duration.ofSeconds(60));
        PostgresServer.Spec s = pg.spec();
        ds = Database.dataSource(s.jdbcUrl(), s.user(), s.password().reveal(), "test");
        Database.migrate(ds);
        Jdbi jdbi = Database.jdbi(ds);
        Path data = tmp.resolve("data");
        List<VideoRendered> videos = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            videos.add(
                    rendered(
                            job(jdbi, i % 2 == 0 ? Platform.TIKTOK : Platform.YOUTUBE_SHORTS),
                            data));
        }
        // Their licence evidence, as the render worker records it: the publisher checks it.
        for (VideoRendered v : videos) {
            new io.flywheel.store.AssetEvidenceStore(jdbi)
                    .record(
                            UUID.fromString(v.getVideoId()),
                            UUID.fromString(v.getJobId()),
                            io.flywheel.publishers.service.EvidenceSamples.complete("CC0-1.0"));
        }

        // The audience reads its own topics, fed below by hand while PostgreSQL is away.
        String audiencePrefix = "audpg" + UUID.randomUUID().toString().substring(0, 6) + ".";
        KafkaTopics.ensure(bootstrap, Topic.allNames(audiencePrefix), 1, (short) 1, 86_400_000L);
        List<ContentRequested> audienceJobs =
                List.of(job(jdbi, Platform.TIKTOK), job(jdbi, Platform.YOUTUBE_SHORTS));

        publisher = start(PublisherMain.class, "publisher", bootstrap, prefix, data);
        audience = start(AudienceSimulatorMain.class, "audience", bootstrap, audiencePrefix, data);
        send(bootstrap, prefix, videos.subList(0, 3));
        assertThat(publishedEvents(bootstrap, prefix, 3, Duration.ofSeconds(90)))
                .as(() -> "publisher log:\n" + log("publisher"))
                .hasSize(3);

        pg.stop();
        send(bootstrap, prefix, videos.subList(3, 6));
        List<String> heard = new ArrayList<>();
        try (EventProducer p = EventProducer.create(bootstrap, audiencePrefix, "test")) {
            for (ContentRequested j : audienceJobs) {
                VideoPublished e = published(j);
                heard.add(e.getVideoId());
                p.send(e).get();
            }
        }
        Thread.sleep(8000);
        assertThat(publisher.isAlive()).as("the publisher lives through the outage").isTrue();
        assertThat(audience.isAlive()).as("the audience lives through the outage").isTrue();
        assertThat(publishedEvents(bootstrap, prefix, 6, Duration.ofSeconds(3)))
                .as("nothing is published without its record")
                .hasSize(3);
        pg = new PostgresServer(s);
        pg.start(false, Duration.ofSeconds(60));

        publishedEvents(bootstrap, prefix, 6, Duration.ofSeconds(90));
        Thread.sleep(3000); // a duplicate would arrive in this time
        List<VideoPublished> events = publishedEvents(bootstrap, prefix, 7, Duration.ofSeconds(5));
        assertThat(events).hasSize(6);
        assertThat(events)
                .extracting(VideoPublished::getVideoId)
                .containsExactlyInAnyOrderElementsOf(
                        videos.stream().map(VideoRendered::getVideoId).toList());
        assertThat(publisher.isAlive()).isTrue();

        PublicationStore publications = new PublicationStore(jdbi);
        for (int i = 0; i < videos.size(); i++) {
            Publication p =
                    publications
                            .find(
                                    UUID.fromString(videos.get(i).getVideoId()),
                                    i % 2 == 0 ? "TIKTOK" : "YOUTUBE_SHORTS")
                            .orElseThrow();
            assertThat(p.status()).isEqualTo("published");
            assertThat(p.attempts()).as("uploaded once").isEqualTo(1);
        }
        try (Stream<Path> uploads = Files.walk(data.resolve("sandbox"))) {
            assertThat(
                            uploads.filter(f -> f.toString().endsWith(".mp4"))
                                    .filter(f -> !f.startsWith(data.resolve("sandbox/quota")))
                                    .count())
                    .as("files the sandbox platform received")
                    .isEqualTo(6);
        }
        assertThat(Files.readString(tmp.resolve("publisher.log")))
                .contains("PostgreSQL is away")
                .contains("PostgreSQL is back");

        // The audience asked for both videos' jobs during the outage and handled them after it.
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!handled(heard) && System.nanoTime() < until) {
            Thread.sleep(200);
        }
        assertThat(Files.readString(tmp.resolve("audience.log")))
                .contains("PostgreSQL is away")
                .contains("PostgreSQL is back")
                .contains(heard.get(0))
                .contains(heard.get(1));
        assertThat(audience.isAlive()).isTrue();
    }

    /** Whether the audience's log names every one of the videos (simulated or refused). */
    private boolean handled(List<String> videoIds) throws java.io.IOException {
        String log = Files.readString(tmp.resolve("audience.log"));
        return videoIds.stream().allMatch(log::contains) && log.contains("PostgreSQL is back");
    }

    /** A VideoPublished as the sandbox publisher sends it. */
    private static VideoPublished published(ContentRequested job) {
        String videoId = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        return VideoPublished.newBuilder()
                .setEnvelope(
                        io.flywheel.schemas.Envelope.newBuilder()
                                .setEventId(UUID.randomUUID().toString())
                                .setEventType(VideoPublished.class.getSimpleName())
                                .setEventTime(now)
                                .setProducer("test")
                                .setTraceId(job.getEnvelope().getTraceId())
                                .build())
                .setVideoId(videoId)
                .setJobId(job.getJobId())
                .setPlatform(job.getParameters().getPlatform())
                .setPlatformVideoId("sbx-" + videoId)
                .setPublishedAt(now)
                .setUrl("sandbox://" + videoId)
                .build();
    }

    private String log(String name) {
        try {
            return Files.readString(tmp.resolve(name + ".log"));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private Process start(Class<?> main, String name, String bootstrap, String prefix, Path data)
            throws Exception {
        PostgresServer.Spec s = pg.spec();
        ProcessBuilder b =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx256m",
                                "-cp",
                                System.getProperty("java.class.path"),
                                main.getName())
                        .redirectErrorStream(true)
                        .redirectOutput(tmp.resolve(name + ".log").toFile());
        b.environment()
                .putAll(
                        Map.of(
                                "FLYWHEEL_HOME", tmp.toString(),
                                "FLYWHEEL_DATA_DIR", data.toString(),
                                "FLYWHEEL_KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                                "FLYWHEEL_KAFKA_TOPIC_PREFIX", prefix,
                                "FLYWHEEL_POSTGRES_PORT", Integer.toString(s.port()),
                                "FLYWHEEL_POSTGRES_PASSWORD", s.password().reveal(),
                                // One simulated day a second: no video waits long for its hour.
                                "FLYWHEEL_SIMULATOR_TIME_COMPRESSION", "86400"));
        // Their metrics ports too: another Flywheel may use the defaults.
        b.environment().put("FLYWHEEL_METRICS_PUBLISHER_PORT", Integer.toString(FreePorts.pick()));
        b.environment().put("FLYWHEEL_METRICS_AUDIENCE_PORT", Integer.toString(FreePorts.pick()));
        return b.start();
    }

    private ContentRequested job(Jdbi jdbi, Platform platform) {
        ContentRequested r =
                samples.contentRequested(samples.uuid(), samples.uuid(), samples.parameters());
        r.getParameters().setPlatform(platform);
        r.getParameters().setTargetDurationS(30);
        new ContentJobStore(jdbi).recordRequested(r);
        return r;
    }

    private VideoRendered rendered(ContentRequested job, Path data) throws Exception {
        String videoId = UUID.randomUUID().toString();
        Path mp4 = data.resolve("media").resolve(videoId).resolve("1080x1920.mp4");
        Files.createDirectories(mp4.getParent());
        Files.write(mp4, new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p'});
        VideoRendered v = (VideoRendered) samples.oneOfEach().get(4);
        v.getEnvelope().setTraceId(job.getEnvelope().getTraceId());
        v.getEnvelope().setEventId(UUID.randomUUID().toString());
        v.setJobId(job.getJobId());
        v.setVideoId(videoId);
        v.setDurationMs(30_000L);
        v.setRenditions(
                List.of(
                        Rendition.newBuilder()
                                .setLabel("1080x1920")
                                .setWidth(1080)
                                .setHeight(1920)
                                .setDurationMs(30_000L)
                                .setBytes(8)
                                .setUri(videoId + "/1080x1920.mp4")
                                .build()));
        return v;
    }

    private static void send(String bootstrap, String prefix, List<VideoRendered> videos)
            throws Exception {
        try (EventProducer p = EventProducer.create(bootstrap, prefix, "test")) {
            for (VideoRendered v : videos) {
                p.send(v).get();
            }
        }
    }

    /** VideoPublished as a read_committed consumer sees them, until {@code atLeast} or the wait. */
    private static List<VideoPublished> publishedEvents(
            String bootstrap, String prefix, int atLeast, Duration wait) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<VideoPublished> out = new ArrayList<>();
        try (KafkaConsumer<String, DecodeResult> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new EventDeserializer())) {
            c.subscribe(List.of(Topic.PUBLISH_EVENTS.name(prefix)));
            long deadline = System.nanoTime() + wait.toNanos();
            while (out.size() < atLeast && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200))
                        .forEach(r -> out.add(r.value().eventAs(VideoPublished.class)));
            }
        }
        return out;
    }
}
