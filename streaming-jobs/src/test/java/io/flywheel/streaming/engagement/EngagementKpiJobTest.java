package io.flywheel.streaming.engagement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flywheel.config.StreamingSettings;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.embedded.KafkaOutput;
import io.flywheel.schemas.DeadLetter;
import io.flywheel.schemas.EventCodec;
import io.flywheel.schemas.KafkaTopics;
import io.flywheel.schemas.Topic;
import io.flywheel.streaming.Endpoints;
import io.flywheel.streaming.FlinkSetup;
import io.flywheel.streaming.Jdbc;
import io.flywheel.streaming.TestDatabase;
import io.flywheel.streaming.source.Inbound;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * EngagementKpiJob on a MiniCluster against the real broker and PostgreSQL, fed by {@link
 * EngagementScenario}; every table and the Kafka output are compared with its right answer.
 */
class EngagementKpiJobTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path checkpoints;

    @Test
    void exactTotalsWithDuplicatesOutOfOrderLateAndMalformedRecords() throws Exception {
        EngagementScenario s = EngagementScenario.generate(42, 4, 16, 1500);
        assertThat(s.duplicatesSent).isGreaterThan(50);
        assertThat(s.outOfOrder).isGreaterThan(300);
        assertThat(s.lateEventIds).hasSizeGreaterThan(20);
        assertThat(s.malformed).hasSizeGreaterThanOrEqualTo(12);

        Run run = run(s, d -> d);

        assertAll(s, run);
    }

    @Test
    void aJobFailedRightAfterACheckpointStillDeliversEveryValueExactlyOnce() throws Exception {
        EngagementScenario s = EngagementScenario.generate(7, 3, 10, 1200);
        FailOnceAfterCheckpoint.reset();

        Run run =
                run(
                        s,
                        d ->
                                d.map(new FailOnceAfterCheckpoint())
                                        .name("fail once")
                                        .uid("fail")
                                        .setParallelism(d.getParallelism()));

        assertThat(FailOnceAfterCheckpoint.FAILED.get()).isTrue();
        assertThat(FailOnceAfterCheckpoint.RECORDS_AFTER_RESTART.get()).isPositive();
        assertAll(s, run);
    }

    /**
     * A backlog spread over two partitions, read by one source reader, as after every recovery from
     * a checkpoint: the first batch the reader gets holds one partition's records only, hours ahead
     * of the other's. Every assigned partition holds the watermark back from the start (Flink's
     * source operator registers a split's watermark output when the split is assigned), so nothing
     * that is on time in its own partition comes out late.
     */
    @Test
    void aBacklogOverTwoPartitionsMakesNoOnTimeEventLate() throws Exception {
        EngagementScenario s = EngagementScenario.inTimeOrder(3, 3, 12, 3000, 60_000);
        assertThat(s.lateEventIds).isEmpty();

        Run run = run(s, d -> d, 2);

        try (Connection c = TestDatabase.connect(run.db());
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT count(DISTINCT event_id) FROM kpi_late_events")) {
            rs.next();
            assertThat(rs.getLong(1)).as("events in the late table").isZero();
        }
        assertAll(s, run);
    }

    record Run(Endpoints endpoints, Jdbc.Target db) {}

    private Run run(EngagementScenario s, UnaryOperator<DataStream<Inbound>> tap) throws Exception {
        return run(s, tap, 1);
    }

    private Run run(EngagementScenario s, UnaryOperator<DataStream<Inbound>> tap, int partitions)
            throws Exception {
        String bootstrap = Ephemeral.kafka().spec().bootstrapServers();
        String prefix = "ekpi" + UUID.randomUUID().toString().substring(0, 6) + ".";
        List<String> topics = new ArrayList<>(Topic.allNames(prefix));
        topics.add(prefix + Endpoints.KPI_VIDEO_SUFFIX);
        KafkaTopics.ensure(bootstrap, topics, partitions, (short) 1, 3_600_000L);
        produce(bootstrap, prefix, s);

        Jdbc.Target db = TestDatabase.migrated("ekpi");
        Endpoints e = new Endpoints(bootstrap, prefix, db, prefix + "kpi", prefix + "kpi", true, 1);
        StreamingSettings settings =
                new StreamingSettings(
                        2,
                        Duration.ofMillis(300),
                        "hashmap",
                        checkpoints,
                        0,
                        Duration.ofMillis(EngagementScenario.BOUND_MS),
                        Duration.ofMillis(EngagementScenario.LATENESS_MS),
                        Duration.ZERO,
                        Duration.ofHours(1),
                        Duration.ofMillis(50),
                        1,
                        io.flywheel.config.ConfigLoader.defaults().streaming().trend());
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        FlinkSetup.configuration(settings));
        FlinkSetup.configure(env, settings);
        EngagementKpiJob.attach(env, e, settings, Duration.ZERO, tap);
        env.execute("engagement-kpi-test");
        return new Run(e, db);
    }

    private static void produce(String bootstrap, String prefix, EngagementScenario s)
            throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[] r : s.requests) {
                acks.add(
                        producer.send(
                                new ProducerRecord<>(Topic.CONTENT_REQUESTS.name(prefix), r)));
            }
            for (byte[] r : s.publications) {
                acks.add(producer.send(new ProducerRecord<>(Topic.PUBLISH_EVENTS.name(prefix), r)));
            }
            for (EngagementScenario.Message m : s.engagement) {
                acks.add(
                        producer.send(
                                new ProducerRecord<>(
                                        Topic.ENGAGEMENT_EVENTS.name(prefix), m.key(), m.value())));
            }
            producer.flush();
        }
        // A record the broker never took would show up later as a wrong total; fail here instead.
        for (Future<RecordMetadata> ack : acks) {
            ack.get();
        }
    }

    private static void assertAll(EngagementScenario s, Run run) throws Exception {
        try (Connection c = TestDatabase.connect(run.db());
                Statement st = c.createStatement()) {
            assertVideoTotals(s, st);
            assertWindows(s, st);
            assertLateEvents(s, st);
        }
        assertKafkaOutput(s, run.endpoints());
        assertDeadLetters(s, run.endpoints());
    }

    private static void assertVideoTotals(EngagementScenario s, Statement st) throws Exception {
        Map<String, EngagementScenario.Sums> actual = new HashMap<>();
        Map<String, String> arms = new HashMap<>();
        try (ResultSet rs =
                st.executeQuery(
                        "SELECT t.*, a.niche FROM kpi_video_totals t"
                                + " LEFT JOIN kpi_arms a USING (arm_id)")) {
            while (rs.next()) {
                String video = rs.getString("video_id");
                actual.put(video, sums(rs));
                arms.put(video, rs.getString("niche"));
                long views = rs.getLong("views");
                if (views > 0) {
                    assertThat(rs.getDouble("engaged_view_rate"))
                            .isCloseTo((double) rs.getLong("engaged_views") / views, within(1e-12));
                    assertThat(rs.getDouble("like_rate"))
                            .isCloseTo((double) rs.getLong("likes") / views, within(1e-12));
                }
                assertThat(rs.getLong("subscribers_net"))
                        .isEqualTo(
                                rs.getLong("subscribers_gained") - rs.getLong("subscribers_lost"));
            }
        }
        assertThat(actual.keySet()).isEqualTo(s.videoTotals.keySet());
        for (var e : s.videoTotals.entrySet()) {
            assertSame(e.getKey(), actual.get(e.getKey()), e.getValue());
            assertThat(arms.get(e.getKey())).isEqualTo(s.nicheOfVideo.get(e.getKey()));
        }
    }

    private static void assertWindows(EngagementScenario s, Statement st) throws Exception {
        Map<EngagementScenario.WindowKey, EngagementScenario.Sums> actual = new HashMap<>();
        try (ResultSet rs =
                st.executeQuery(
                        "SELECT w.*, a.niche, (extract(epoch FROM w.window_start) * 1000)::bigint"
                                + " AS start_ms FROM kpi_arm_windows w JOIN kpi_arms a USING"
                                + " (arm_id)")) {
            while (rs.next()) {
                actual.put(
                        new EngagementScenario.WindowKey(
                                rs.getString("niche"),
                                rs.getString("platform"),
                                rs.getInt("window_seconds"),
                                rs.getLong("start_ms")),
                        sums(rs));
            }
        }
        assertThat(actual.keySet()).isEqualTo(s.windows.keySet());
        for (var e : s.windows.entrySet()) {
            assertSame(e.getKey().toString(), actual.get(e.getKey()), e.getValue());
        }
    }

    private static void assertLateEvents(EngagementScenario s, Statement st) throws Exception {
        Set<String> late = new HashSet<>();
        try (ResultSet rs = st.executeQuery("SELECT event_id, reason FROM kpi_late_events")) {
            while (rs.next()) {
                late.add(rs.getString("event_id"));
                assertThat(rs.getString("reason")).isEqualTo(LateEvent.BEYOND_ALLOWED_LATENESS);
            }
        }
        assertThat(late).isEqualTo(s.lateEventIds);
    }

    /** read_committed: per video, snapshots only grow (no duplicate), and the last is exact. */
    private static void assertKafkaOutput(EngagementScenario s, Endpoints e) throws Exception {
        Map<String, JsonNode> last = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r :
                KafkaOutput.readCommitted(e.bootstrapServers(), e.kpiVideoTopic())) {
            JsonNode n = JSON.readTree(r.value());
            String video = n.get("video_id").asText();
            JsonNode before = last.get(video);
            if (before != null) {
                assertThat(n.get("events").asLong())
                        .as("snapshots of %s are committed once each, in order", video)
                        .isGreaterThanOrEqualTo(before.get("events").asLong());
                assertThat(n.toString()).isNotEqualTo(before.toString());
            }
            last.put(video, n);
        }
        assertThat(last.keySet()).isEqualTo(s.videoTotals.keySet());
        for (var x : s.videoTotals.entrySet()) {
            JsonNode n = last.get(x.getKey());
            EngagementScenario.Sums want = x.getValue();
            assertThat(n.get("events").asLong()).isEqualTo(want.events);
            assertThat(n.get("views").asLong()).isEqualTo(want.views);
            assertThat(n.get("likes").asLong()).isEqualTo(want.likes);
            assertThat(n.get("minutes_watched").asDouble()).isEqualTo(want.minutes);
            assertThat(n.get("subscribers_net").asLong()).isEqualTo(want.gained - want.lost);
            JsonNode revenue = n.get("estimated_revenue_micro_usd");
            assertThat(revenue.isNull() ? null : revenue.asLong()).isEqualTo(want.revenue);
        }
    }

    private static void assertDeadLetters(EngagementScenario s, Endpoints e) {
        EventCodec codec = EventCodec.standard();
        List<byte[]> originals = new ArrayList<>();
        Set<String> kinds = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r :
                KafkaOutput.readCommitted(e.bootstrapServers(), e.topic(Topic.DLQ))) {
            DeadLetter d = codec.decode(r.value()).eventAs(DeadLetter.class);
            assertThat(d.getReason()).isNotBlank();
            assertThat(d.getSourceTopic()).isEqualTo(e.topic(Topic.ENGAGEMENT_EVENTS));
            kinds.add(d.getFailureKind());
            ByteBuffer b = d.getOriginalValue();
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            originals.add(bytes);
        }
        // Two DLQ writers commit their own transactions: compare as multisets, not in order.
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
        assertThat(originals.stream().map(b64::encodeToString).sorted().toList())
                .isEqualTo(s.malformed.stream().map(b64::encodeToString).sorted().toList());
        assertThat(kinds)
                .containsExactlyInAnyOrder(
                        "BAD_HEADER", "UNKNOWN_SCHEMA", "CORRUPT_BODY", "INVALID");
    }

    private static EngagementScenario.Sums sums(ResultSet rs) throws Exception {
        EngagementScenario.Sums x = new EngagementScenario.Sums();
        x.events = rs.getLong("events");
        x.views = rs.getLong("views");
        x.engaged = rs.getLong("engaged_views");
        x.likes = rs.getLong("likes");
        x.comments = rs.getLong("comments");
        x.shares = rs.getLong("shares");
        x.gained = rs.getLong("subscribers_gained");
        x.lost = rs.getLong("subscribers_lost");
        x.impressions = rs.getLong("impressions");
        x.minutes = rs.getDouble("minutes_watched");
        x.pctWeighted = rs.getDouble("view_percent_weighted");
        x.pctViews = rs.getLong("view_percent_views");
        x.revenue = rs.getObject("revenue_micro_usd", Long.class);
        return x;
    }

    private static void assertSame(
            String what, EngagementScenario.Sums actual, EngagementScenario.Sums want) {
        assertThat(actual).as(what).isNotNull();
        assertThat(actual).as(what).usingRecursiveComparison().isEqualTo(want);
    }

    /**
     * Slows the input until the first checkpoint completes, lets a few more records through, then
     * fails the job once; after the restart from that checkpoint it passes everything.
     */
    static final class FailOnceAfterCheckpoint
            implements MapFunction<Inbound, Inbound>, CheckpointListener {
        private static final long serialVersionUID = 1L;
        static final AtomicBoolean FAILED = new AtomicBoolean();
        static final AtomicInteger RECORDS_AFTER_RESTART = new AtomicInteger();
        private boolean checkpointed;
        private int sinceCheckpoint;

        static void reset() {
            FAILED.set(false);
            RECORDS_AFTER_RESTART.set(0);
        }

        @Override
        public Inbound map(Inbound in) throws Exception {
            if (FAILED.get()) {
                RECORDS_AFTER_RESTART.incrementAndGet();
                return in;
            }
            if (checkpointed && ++sinceCheckpoint >= 25) {
                FAILED.set(true);
                throw new IllegalStateException("failure injected right after a checkpoint");
            }
            Thread.sleep(2);
            return in;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }
}
