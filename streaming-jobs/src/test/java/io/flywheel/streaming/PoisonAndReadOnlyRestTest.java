package io.flywheel.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.embedded.PostgresServer;
import io.flywheel.schemas.CaptionStyle;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.DeadLetter;
import io.flywheel.schemas.DeadLetters;
import io.flywheel.schemas.EngagementObserved;
import io.flywheel.schemas.Envelope;
import io.flywheel.schemas.EventCodec;
import io.flywheel.schemas.HookStyle;
import io.flywheel.schemas.KafkaTopics;
import io.flywheel.schemas.MusicMood;
import io.flywheel.schemas.Pacing;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.Topic;
import io.flywheel.schemas.VisualStyle;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming process of {@code flywheel up} (its jobs in one MiniCluster, real broker and
 * PostgreSQL) fed poison between valid records: ~1 MB of random bytes on the engagement topic and
 * on the content-request topic, and on the engagement topic a 2.5 MiB record, beyond Kafka's
 * default 1 MiB message size that the DLQ topic keeps. Each is dead-lettered once with its reason
 * and its first 64 KiB; the valid records around them are counted exactly; neither job ever
 * restarts. Then its REST endpoint, which stays readable, refuses jar upload and run, job
 * submission, cancellation, stop-with-savepoint, savepoints and cluster shutdown.
 */
class PoisonAndReadOnlyRestTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ONE_MB = 1_000_000;
    private static final int OVERSIZED = 2_621_440;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir Path data;

    @Test
    void poisonIsDeadLetteredBoundedWithoutRestartsAndRestIsReadOnly() throws Exception {
        String bootstrap = Ephemeral.kafka().spec().bootstrapServers();
        String prefix = "poison" + UUID.randomUUID().toString().substring(0, 6) + ".";
        Jdbc.Target db = TestDatabase.migrated("poison");
        PostgresServer.Spec pg = Ephemeral.postgres().spec();
        String database = db.url().substring(db.url().lastIndexOf('/') + 1);
        List<String> topics = new ArrayList<>(Topic.allNames(prefix));
        topics.add(prefix + Endpoints.KPI_VIDEO_SUFFIX);
        KafkaTopics.ensure(bootstrap, topics, 1, (short) 1, 3_600_000L);
        String engagementTopic = Topic.ENGAGEMENT_EVENTS.name(prefix);
        String requestTopic = Topic.CONTENT_REQUESTS.name(prefix);
        // A producer may configure a topic for larger messages; the DLQ keeps the default 1 MiB.
        allowLargeMessages(bootstrap, engagementTopic);

        Map<String, String> env =
                Map.ofEntries(
                        Map.entry("FLYWHEEL_DATA_DIR", data.toString()),
                        Map.entry("FLYWHEEL_KAFKA_BOOTSTRAP_SERVERS", bootstrap),
                        Map.entry("FLYWHEEL_KAFKA_TOPIC_PREFIX", prefix),
                        Map.entry("FLYWHEEL_KAFKA_TOPIC_PARTITIONS", "1"),
                        Map.entry("FLYWHEEL_POSTGRES_HOST", pg.host()),
                        Map.entry("FLYWHEEL_POSTGRES_PORT", Integer.toString(pg.port())),
                        Map.entry("FLYWHEEL_POSTGRES_DATABASE", database),
                        Map.entry("FLYWHEEL_POSTGRES_USER", db.user()),
                        Map.entry("FLYWHEEL_POSTGRES_PASSWORD", db.password()),
                        Map.entry("FLYWHEEL_STREAMING_WEB_PORT", "0"),
                        Map.entry("FLYWHEEL_STREAMING_PARALLELISM", "1"),
                        Map.entry("FLYWHEEL_STREAMING_CHECKPOINT_INTERVAL_MS", "1000"));

        Random rnd = new Random(18);
        byte[] engagementPoison = garbage(rnd, ONE_MB);
        byte[] oversizedPoison = garbage(rnd, OVERSIZED);
        byte[] requestPoison = garbage(rnd, ONE_MB);
        String videoA = UUID.randomUUID().toString();
        String videoB = UUID.randomUUID().toString();
        String niche = "poison-" + prefix.substring(6, 12);

        StreamingProcess streaming = StreamingProcess.start(env);
        try {
            String ui = streaming.webUi();
            streaming.awaitRunningJobs(2);
            try (KafkaProducer<byte[], byte[]> p = producer(bootstrap)) {
                EventCodec codec = EventCodec.standard();
                send(p, requestTopic, codec.encode(request(niche + "-a")));
                send(p, requestTopic, requestPoison);
                send(p, requestTopic, codec.encode(request(niche + "-b")));

                send(p, engagementTopic, codec.encode(engagement(videoA, 5)));
                send(p, engagementTopic, codec.encode(engagement(videoB, 3)));
                send(p, engagementTopic, engagementPoison);
                send(p, engagementTopic, codec.encode(engagement(videoA, 7)));
                send(p, engagementTopic, oversizedPoison);
                send(p, engagementTopic, codec.encode(engagement(videoB, 11)));
                send(p, engagementTopic, codec.encode(engagement(videoA, 13)));
            }

            // Valid records before, between and after the poison are all counted, once.
            awaitViews(db, videoA, 5 + 7 + 13);
            awaitViews(db, videoB, 3 + 11);
            assertThat(armsWithNichePrefix(db, niche)).isEqualTo(2);

            List<DeadLetter> letters = deadLetters(bootstrap, Topic.DLQ.name(prefix), 3);
            // Described, not printed: a failure would otherwise print megabytes of originals.
            assertThat(letters.stream().map(PoisonAndReadOnlyRestTest::describe).toList())
                    .hasSize(3);
            assertThat(letters)
                    .extracting(DeadLetter::getSourceTopic)
                    .containsExactlyInAnyOrder(requestTopic, engagementTopic, engagementTopic);
            assertBounded(find(letters, requestTopic, 0), requestPoison);
            assertBounded(find(letters, engagementTopic, 0), engagementPoison);
            assertBounded(find(letters, engagementTopic, 1), oversizedPoison);

            for (String job :
                    List.of(
                            StreamingJobs.ENGAGEMENT_JOB.toHexString(),
                            StreamingJobs.OPS_JOB.toHexString(),
                            // reads the same poison; leaves the dead letters to the engagement job
                            StreamingJobs.TREND_JOB.toHexString())) {
                assertRunningWithoutRestarts(ui, job);
            }

            assertRestIsReadOnly(ui);
        } finally {
            streaming.stop();
        }
    }

    private void assertRestIsReadOnly(String ui) throws Exception {
        String job = StreamingJobs.ENGAGEMENT_JOB.toHexString();
        Map<String, HttpRequest> writes = new java.util.LinkedHashMap<>();
        writes.put("upload a jar", jarUpload(ui));
        writes.put("run a jar", post(ui + "/jars/flywheel.jar/run", "{}"));
        writes.put(
                "cancel a job",
                HttpRequest.newBuilder(URI.create(ui + "/jobs/" + job + "?mode=cancel"))
                        .method("PATCH", HttpRequest.BodyPublishers.noBody())
                        .build());
        writes.put("submit a job graph", post(ui + "/jobs", "{}"));
        writes.put("stop with a savepoint", post(ui + "/jobs/" + job + "/stop", "{}"));
        writes.put("trigger a savepoint", post(ui + "/jobs/" + job + "/savepoints", "{}"));
        writes.put(
                "shut the cluster down",
                HttpRequest.newBuilder(URI.create(ui + "/cluster")).DELETE().build());
        Map<String, String> answers = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, HttpRequest> w : writes.entrySet()) {
            HttpResponse<String> r = HTTP.send(w.getValue(), HttpResponse.BodyHandlers.ofString());
            answers.put(w.getKey(), r.statusCode() + " " + r.body());
        }
        System.out.println("REST answers to writes: " + answers);
        assertThat(answers)
                // Flink refuses a multipart POST to a path with no upload handler before routing
                // it.
                .containsEntry("upload a jar", "400 {\"errors\":[\"POST request not allowed\"]}")
                .containsEntry(
                        "run a jar", "404 {\"errors\":[\"Not found: /jars/flywheel.jar/run\"]}")
                .containsEntry(
                        "cancel a job",
                        "404 {\"errors\":[\"Not found: /jobs/" + job + "?mode=cancel\"]}")
                .containsEntry("submit a job graph", "404 {\"errors\":[\"Not found: /jobs\"]}")
                .containsEntry(
                        "stop with a savepoint",
                        "404 {\"errors\":[\"Not found: /jobs/" + job + "/stop\"]}")
                .containsEntry(
                        "trigger a savepoint",
                        "404 {\"errors\":[\"Not found: /jobs/" + job + "/savepoints\"]}")
                .containsEntry(
                        "shut the cluster down", "404 {\"errors\":[\"Not found: /cluster\"]}");

        // Nothing above took effect: every job still runs, and reading still works.
        Thread.sleep(2000);
        HttpResponse<String> overview =
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(ui + "/jobs/overview")).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(overview.statusCode()).isEqualTo(200);
        JsonNode jobs = JSON.readTree(overview.body()).get("jobs");
        assertThat(jobs).hasSize(StreamingJobs.JOBS.size());
        for (JsonNode j : jobs) {
            assertThat(j.get("state").asText()).as(j.get("name").asText()).isEqualTo("RUNNING");
        }
        assertThat(jobState(ui, job)).isEqualTo("RUNNING");
    }

    private static HttpRequest post(String url, String json) {
        return HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    private static HttpRequest jarUpload(String ui) {
        String boundary = "----flywheel" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] head =
                ("--"
                                + boundary
                                + "\r\nContent-Disposition: form-data; name=\"jarfile\";"
                                + " filename=\"flywheel.jar\"\r\nContent-Type:"
                                + " application/x-java-archive\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII);
        body.writeBytes(head);
        body.writeBytes(
                new byte[] {'P', 'K', 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return HttpRequest.newBuilder(URI.create(ui + "/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
    }

    private static void assertRunningWithoutRestarts(String ui, String job) throws Exception {
        JsonNode detail = JSON.readTree(get(ui + "/jobs/" + job));
        assertThat(detail.get("state").asText()).as(job).isEqualTo("RUNNING");
        // A job that ever restarted has a RESTARTING timestamp.
        assertThat(detail.get("timestamps").get("RESTARTING").asLong()).as(job).isZero();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode metric = JSON.createArrayNode();
        while (metric.isEmpty() && System.nanoTime() < deadline) {
            metric = JSON.readTree(get(ui + "/jobs/" + job + "/metrics?get=numRestarts"));
            if (metric.isEmpty()) {
                Thread.sleep(500); // the web monitor fetches metrics every few seconds
            }
        }
        System.out.println("REST numRestarts " + job + " = " + metric);
        assertThat(metric).as("numRestarts of " + job).hasSize(1);
        assertThat(metric.get(0).get("value").asText()).as(job).isEqualTo("0");
    }

    private static String jobState(String ui, String job) throws Exception {
        return JSON.readTree(get(ui + "/jobs/" + job)).get("state").asText();
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> r =
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
        return r.body();
    }

    private static void assertBounded(DeadLetter letter, byte[] original) {
        assertThat(letter.getConsumer()).isEqualTo("engagement-kpi-job");
        assertThat(letter.getFailureKind()).isEqualTo("BAD_HEADER");
        assertThat(letter.getReason())
                .contains(
                        "; original value truncated from "
                                + original.length
                                + " to "
                                + DeadLetters.MAX_ORIGINAL_BYTES
                                + " bytes");
        ByteBuffer kept = letter.getOriginalValue();
        byte[] bytes = new byte[kept.remaining()];
        kept.get(bytes);
        assertThat(bytes.length).isEqualTo(DeadLetters.MAX_ORIGINAL_BYTES);
        assertThat(Arrays.equals(bytes, Arrays.copyOf(original, DeadLetters.MAX_ORIGINAL_BYTES)))
                .as("the letter keeps the original's first 64 KiB")
                .isTrue();
    }

    private static String describe(DeadLetter l) {
        return l.getSourceTopic()
                + "@"
                + l.getSourceOffset()
                + " "
                + l.getFailureKind()
                + " '"
                + l.getReason()
                + "' "
                + (l.getOriginalValue() == null ? 0 : l.getOriginalValue().remaining())
                + " bytes";
    }

    /** The n-th dead letter (by source offset) from a topic. */
    private static DeadLetter find(List<DeadLetter> letters, String topic, int n) {
        return letters.stream()
                .filter(l -> l.getSourceTopic().equals(topic))
                .sorted((a, b) -> Long.compare(a.getSourceOffset(), b.getSourceOffset()))
                .toList()
                .get(n);
    }

    /** Reads the DLQ (committed only) until {@code expected} letters, then 3 s more for extras. */
    private static List<DeadLetter> deadLetters(String bootstrap, String topic, int expected)
            throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "poison-test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        EventCodec codec = EventCodec.standard();
        List<DeadLetter> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            long extra = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, extra)) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(300))) {
                    out.add(codec.decode(r.value()).eventAs(DeadLetter.class));
                }
                if (out.size() >= expected && extra == Long.MAX_VALUE) {
                    extra = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                }
            }
        }
        return out;
    }

    private static int armsWithNichePrefix(Jdbc.Target db, String niche) throws Exception {
        try (Connection c = TestDatabase.connect(db);
                PreparedStatement st =
                        c.prepareStatement("SELECT count(*) FROM kpi_arms WHERE niche LIKE ?")) {
            st.setString(1, niche + "-%");
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void awaitViews(Jdbc.Target db, String video, long views) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        long seen = -1;
        while (System.nanoTime() < deadline) {
            try (Connection c = TestDatabase.connect(db);
                    PreparedStatement st =
                            c.prepareStatement(
                                    "SELECT views FROM kpi_video_totals WHERE video_id = ?")) {
                st.setString(1, video);
                try (ResultSet rs = st.executeQuery()) {
                    if (rs.next()) {
                        seen = rs.getLong(1);
                        if (seen == views) {
                            return;
                        }
                    }
                }
            }
            Thread.sleep(300);
        }
        throw new AssertionError("views of " + video + " are " + seen + ", not " + views);
    }

    /** Random bytes that are surely not single-object Avro (first byte is not the marker). */
    private static byte[] garbage(Random rnd, int size) {
        byte[] b = new byte[size];
        rnd.nextBytes(b);
        b[0] = 0x42;
        return b;
    }

    private static void allowLargeMessages(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.incrementalAlterConfigs(
                            Map.of(
                                    new ConfigResource(ConfigResource.Type.TOPIC, topic),
                                    List.of(
                                            new AlterConfigOp(
                                                    new ConfigEntry(
                                                            TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                                                            Integer.toString(4 << 20)),
                                                    AlterConfigOp.OpType.SET))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 << 20);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sent one by one, in order, each acknowledged: the order is part of the test. */
    private static void send(KafkaProducer<byte[], byte[]> p, String topic, byte[] value)
            throws Exception {
        p.send(new ProducerRecord<>(topic, null, value)).get(30, TimeUnit.SECONDS);
    }

    private static Envelope envelope(String type) {
        return Envelope.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setEventType(type)
                .setEventTime(System.currentTimeMillis())
                .setProducer("poison-test")
                .setTraceId(UUID.randomUUID().toString())
                .build();
    }

    private static ContentRequested request(String niche) {
        return ContentRequested.newBuilder()
                .setEnvelope(envelope("ContentRequested"))
                .setJobId(UUID.randomUUID().toString())
                .setParameters(
                        ContentParameters.newBuilder()
                                .setPlatform(Platform.TIKTOK)
                                .setNiche(niche)
                                .setHookStyle(HookStyle.QUESTION)
                                .setPacing(Pacing.FAST)
                                .setTargetDurationS(30)
                                .setVoice("en-us+f3")
                                .setMusicMood(MusicMood.UPBEAT)
                                .setCaptionStyle(CaptionStyle.WORD_HIGHLIGHT)
                                .setVisualStyle(VisualStyle.BOLD)
                                .setPostingHour(18)
                                .build())
                .setPolicyVersion("manual")
                .setSelectionProbability(1.0)
                .build();
    }

    private static EngagementObserved engagement(String video, long views) {
        long now = System.currentTimeMillis();
        return EngagementObserved.newBuilder()
                .setEnvelope(envelope("EngagementObserved"))
                .setVideoId(video)
                .setPlatform(Platform.TIKTOK)
                .setPlatformVideoId("pv")
                .setPeriodStart(now - 1000)
                .setPeriodEnd(now)
                .setViews(views)
                .build();
    }
}
