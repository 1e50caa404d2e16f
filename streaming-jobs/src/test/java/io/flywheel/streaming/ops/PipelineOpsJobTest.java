package io.flywheel.streaming.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flywheel.config.StreamingSettings;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.embedded.KafkaOutput;
import io.flywheel.schemas.BudgetBreached;
import io.flywheel.schemas.DeadLetter;
import io.flywheel.schemas.Envelope;
import io.flywheel.schemas.EventCodec;
import io.flywheel.schemas.KafkaTopics;
import io.flywheel.schemas.Stage;
import io.flywheel.schemas.StageCompleted;
import io.flywheel.schemas.StageFailed;
import io.flywheel.schemas.StageStarted;
import io.flywheel.schemas.Topic;
import io.flywheel.schemas.VideoRendered;
import io.flywheel.streaming.Endpoints;
import io.flywheel.streaming.FlinkSetup;
import io.flywheel.streaming.Jdbc;
import io.flywheel.streaming.TestDatabase;
import io.flywheel.streaming.TestProducer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * PipelineOpsJob on a MiniCluster against the real broker and PostgreSQL: two UTC days of stage
 * attempts; the first day crosses the budget, the second does not. The right answer is computed
 * here from the generated attempts. Runs on RocksDB with incremental checkpoints, as production
 * does (the engagement tests use the local hash-map backend).
 */
class PipelineOpsJobTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    static final long DAY1 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    static final long DAY2 = DAY1 + 86_400_000L;
    static final String[] PROVIDERS = {"espeak-ng", "openai-tts", "local-sd"};
    static final Stage[] STAGES = {Stage.SCRIPT, Stage.NARRATION, Stage.VISUALS, Stage.ASSEMBLY};

    @TempDir Path checkpoints;

    record Attempt(
            String jobId,
            Stage stage,
            String provider,
            long time,
            long latency,
            long cost,
            boolean failed) {}

    @Test
    void minuteStatsCostsAndExactlyOneBudgetBreach() throws Exception {
        Random rnd = new Random(11);
        EventCodec codec = EventCodec.standard();
        List<byte[]> messages = new ArrayList<>();
        List<Attempt> attempts = new ArrayList<>();
        Map<String, String> videoOfJob = new HashMap<>();
        for (long dayStart : new long[] {DAY1 + 3_600_000L, DAY2 + 3_600_000L}) {
            int jobs = dayStart < DAY2 ? 30 : 10;
            for (int j = 0; j < jobs; j++) {
                String jobId = uuid(rnd);
                long t = dayStart + j * 20_000L;
                for (Stage stage : STAGES) {
                    String provider = PROVIDERS[rnd.nextInt(PROVIDERS.length)];
                    int tries = rnd.nextInt(6) == 0 ? 2 : 1;
                    for (int attempt = 1; attempt <= tries; attempt++) {
                        messages.add(
                                codec.encode(started(rnd, jobId, stage, provider, attempt, t)));
                        long latency = 5 + (long) Math.exp(rnd.nextDouble() * 8);
                        long cost = 1_000 + rnd.nextInt(200_000);
                        t += latency;
                        boolean failed = attempt < tries;
                        attempts.add(new Attempt(jobId, stage, provider, t, latency, cost, failed));
                        messages.add(
                                codec.encode(
                                        failed
                                                ? failed(
                                                        rnd, jobId, stage, provider, attempt, t,
                                                        latency, cost)
                                                : completed(
                                                        rnd, jobId, stage, provider, attempt, t,
                                                        latency, cost)));
                    }
                }
                String videoId = uuid(rnd);
                videoOfJob.put(jobId, videoId);
                messages.add(codec.encode(rendered(rnd, jobId, videoId, t + 1)));
            }
        }
        // Producer retries: every 9th message again, a little later. Costs must not change.
        List<byte[]> withRepeats = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            withRepeats.add(messages.get(i));
            if (i % 9 == 4) {
                withRepeats.add(messages.get(i - 3));
            }
        }
        messages = withRepeats;
        messages.add(5, "garbage".getBytes(StandardCharsets.UTF_8));

        long day1Spend =
                attempts.stream().filter(a -> a.time() < DAY2).mapToLong(Attempt::cost).sum();
        long day2Spend =
                attempts.stream().filter(a -> a.time() >= DAY2).mapToLong(Attempt::cost).sum();
        long budget = day1Spend * 6 / 10;
        assertThat(day2Spend).isLessThan(budget);
        long maxCost = attempts.stream().mapToLong(Attempt::cost).max().orElseThrow();

        String bootstrap = Ephemeral.kafka().spec().bootstrapServers();
        String prefix = "ops" + UUID.randomUUID().toString().substring(0, 6) + ".";
        KafkaTopics.ensure(bootstrap, Topic.allNames(prefix), 1, (short) 1, 3_600_000L);
        TestProducer.produce(bootstrap, Topic.RENDER_EVENTS.name(prefix), messages);
        Jdbc.Target db = TestDatabase.migrated("ops");
        Endpoints e = new Endpoints(bootstrap, prefix, db, prefix + "ops", prefix + "ops", true, 1);
        StreamingSettings settings =
                new StreamingSettings(
                        2,
                        Duration.ofMillis(500),
                        "rocksdb", // the production backend, incremental checkpoints
                        checkpoints,
                        0,
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(60),
                        Duration.ZERO,
                        Duration.ofHours(1),
                        Duration.ofMillis(50),
                        budget,
                        io.flywheel.config.ConfigLoader.defaults().streaming().trend());
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        FlinkSetup.configuration(settings));
        FlinkSetup.configure(env, settings);
        PipelineOpsJob.attach(env, e, settings, Duration.ZERO);
        env.execute("pipeline-ops-test");

        // The budget guard: exactly one breach, for day 1, at the attempt that crossed it.
        List<BudgetBreached> breaches = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r :
                KafkaOutput.readCommitted(bootstrap, Topic.CONTROL.name(prefix))) {
            breaches.add(codec.decode(r.value()).eventAs(BudgetBreached.class));
        }
        assertThat(breaches).hasSize(1);
        assertThat(breaches.get(0).getBudgetPeriod()).isEqualTo("2026-01-01");
        assertThat(breaches.get(0).getBudgetMicroUsd()).isEqualTo(budget);
        // Emitted by the attempt that crossed the budget (attempts of different jobs interleave).
        assertThat(breaches.get(0).getSpentMicroUsd())
                .isGreaterThanOrEqualTo(budget)
                .isLessThan(budget + maxCost);

        List<ConsumerRecord<byte[], byte[]>> dlq =
                KafkaOutput.readCommitted(bootstrap, Topic.DLQ.name(prefix));
        assertThat(dlq).hasSize(1);
        assertThat(codec.decode(dlq.get(0).value()).eventAs(DeadLetter.class).getFailureKind())
                .isEqualTo("BAD_HEADER");

        try (Connection c = TestDatabase.connect(db);
                Statement st = c.createStatement()) {
            assertBudgetDays(st, budget, day1Spend, day2Spend);
            assertStageMinutes(st, attempts);
            assertJobCosts(st, attempts, videoOfJob);
            assertProviderDays(st, attempts);
        }
    }

    private static void assertBudgetDays(Statement st, long budget, long day1, long day2)
            throws Exception {
        try (ResultSet rs =
                st.executeQuery(
                        "SELECT day::text, budget_micro_usd, spent_micro_usd, breached_at"
                                + " FROM ops_budget_days ORDER BY day")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("2026-01-01");
            assertThat(rs.getLong(2)).isEqualTo(budget);
            assertThat(rs.getLong(3)).isEqualTo(day1);
            assertThat(rs.getObject(4)).isNotNull();
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("2026-01-02");
            assertThat(rs.getLong(3)).isEqualTo(day2);
            assertThat(rs.getObject(4)).as("a new day starts unbreached").isNull();
            assertThat(rs.next()).isFalse();
        }
    }

    private static void assertStageMinutes(Statement st, List<Attempt> attempts) throws Exception {
        Map<String, List<Attempt>> byMinute = new TreeMap<>();
        for (Attempt a : attempts) {
            long start = a.time() / 60_000 * 60_000;
            byMinute.computeIfAbsent(
                            a.stage() + "|" + a.provider() + "|" + start, k -> new ArrayList<>())
                    .add(a);
        }
        int rows = 0;
        try (ResultSet rs =
                st.executeQuery(
                        "SELECT stage, provider, (extract(epoch FROM window_start) * 1000)::bigint,"
                                + " attempts, failures, failure_rate, latency_p50_ms,"
                                + " latency_p95_ms, latency_p99_ms, cost_micro_usd"
                                + " FROM ops_stage_minutes")) {
            while (rs.next()) {
                rows++;
                List<Attempt> want =
                        byMinute.get(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getLong(3));
                assertThat(want).isNotNull();
                assertThat(rs.getLong(4)).isEqualTo(want.size());
                long failures = want.stream().filter(Attempt::failed).count();
                assertThat(rs.getLong(5)).isEqualTo(failures);
                assertThat(rs.getDouble(6))
                        .isCloseTo((double) failures / want.size(), within(1e-12));
                long[] sorted = want.stream().mapToLong(Attempt::latency).sorted().toArray();
                assertThat(rs.getDouble(7))
                        .isCloseTo(rank(sorted, 0.50), within(rank(sorted, 0.50) * 0.02 + 1));
                assertThat(rs.getDouble(8))
                        .isCloseTo(rank(sorted, 0.95), within(rank(sorted, 0.95) * 0.02 + 1));
                assertThat(rs.getDouble(9))
                        .isCloseTo(rank(sorted, 0.99), within(rank(sorted, 0.99) * 0.02 + 1));
                assertThat(rs.getLong(10)).isEqualTo(want.stream().mapToLong(Attempt::cost).sum());
            }
        }
        assertThat(rows).isEqualTo(byMinute.size());
    }

    /** Nearest-rank quantile of sorted values: what the sketch approximates within 1%. */
    private static double rank(long[] sorted, double q) {
        int r = (int) Math.max(1, Math.ceil(q * sorted.length));
        return sorted[r - 1];
    }

    private static void assertJobCosts(
            Statement st, List<Attempt> attempts, Map<String, String> videos) throws Exception {
        Map<String, Long> want = new HashMap<>();
        attempts.forEach(a -> want.merge(a.jobId(), a.cost(), Long::sum));
        Map<String, Long> got = new HashMap<>();
        try (ResultSet rs =
                st.executeQuery("SELECT job_id, video_id, cost_micro_usd FROM ops_job_costs")) {
            while (rs.next()) {
                got.put(rs.getString(1), rs.getLong(3));
                assertThat(rs.getString(2)).isEqualTo(videos.get(rs.getString(1)));
            }
        }
        assertThat(got).isEqualTo(want);
    }

    private static void assertProviderDays(Statement st, List<Attempt> attempts) throws Exception {
        Map<String, Long> want = new HashMap<>();
        attempts.forEach(
                a ->
                        want.merge(
                                BudgetGuard.dayOf(a.time()) + "|" + a.provider(),
                                a.cost(),
                                Long::sum));
        Map<String, Long> got = new HashMap<>();
        try (ResultSet rs =
                st.executeQuery(
                        "SELECT day::text, provider, cost_micro_usd FROM ops_provider_daily_costs")) {
            while (rs.next()) {
                got.put(rs.getString(1) + "|" + rs.getString(2), rs.getLong(3));
            }
        }
        assertThat(got).isEqualTo(want);
    }

    private static Envelope env(Random rnd, Class<? extends SpecificRecord> type, long time) {
        return Envelope.newBuilder()
                .setEventId(uuid(rnd))
                .setEventType(type.getSimpleName())
                .setEventTime(time)
                .setProducer("test")
                .setTraceId(uuid(rnd))
                .build();
    }

    private static StageStarted started(
            Random rnd, String job, Stage stage, String provider, int attempt, long t) {
        return StageStarted.newBuilder()
                .setEnvelope(env(rnd, StageStarted.class, t))
                .setJobId(job)
                .setStage(stage)
                .setProvider(provider)
                .setAttempt(attempt)
                .build();
    }

    private static StageCompleted completed(
            Random rnd,
            String job,
            Stage stage,
            String provider,
            int attempt,
            long t,
            long latency,
            long cost) {
        return StageCompleted.newBuilder()
                .setEnvelope(env(rnd, StageCompleted.class, t))
                .setJobId(job)
                .setStage(stage)
                .setProvider(provider)
                .setAttempt(attempt)
                .setLatencyMs(latency)
                .setCostMicroUsd(cost)
                .build();
    }

    private static StageFailed failed(
            Random rnd,
            String job,
            Stage stage,
            String provider,
            int attempt,
            long t,
            long latency,
            long cost) {
        return StageFailed.newBuilder()
                .setEnvelope(env(rnd, StageFailed.class, t))
                .setJobId(job)
                .setStage(stage)
                .setProvider(provider)
                .setAttempt(attempt)
                .setLatencyMs(latency)
                .setCostMicroUsd(cost)
                .setErrorClass("timeout")
                .setMessage("timed out")
                .setRetryable(true)
                .build();
    }

    private static VideoRendered rendered(Random rnd, String job, String video, long t) {
        return VideoRendered.newBuilder()
                .setEnvelope(env(rnd, VideoRendered.class, t))
                .setJobId(job)
                .setVideoId(video)
                .setTitle("t")
                .setDurationMs(30_000)
                .setRenditions(
                        List.of(
                                io.flywheel.schemas.Rendition.newBuilder()
                                        .setLabel("1080x1920")
                                        .setWidth(1080)
                                        .setHeight(1920)
                                        .setDurationMs(30_000)
                                        .setBytes(1000)
                                        .setUri("media/" + video + ".mp4")
                                        .build()))
                .setTotalBytes(1)
                .build();
    }

    private static String uuid(Random rnd) {
        return new UUID(rnd.nextLong(), rnd.nextLong()).toString();
    }
}
