package io.flywheel.streaming.trends;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.config.ConfigLoader;
import io.flywheel.config.StreamingSettings;
import io.flywheel.config.TrendSettings;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.embedded.KafkaOutput;
import io.flywheel.model.Arm;
import io.flywheel.model.Parameter;
import io.flywheel.model.ParameterTable;
import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.EngagementObserved;
import io.flywheel.schemas.EventCodec;
import io.flywheel.schemas.KafkaTopics;
import io.flywheel.schemas.Topic;
import io.flywheel.schemas.TrendDetected;
import io.flywheel.schemas.VideoPublished;
import io.flywheel.schemas.samples.SampleEvents;
import io.flywheel.streaming.Endpoints;
import io.flywheel.streaming.FlinkSetup;
import io.flywheel.streaming.Jdbc;
import io.flywheel.streaming.TestDatabase;
import io.flywheel.streaming.TestProducer;
import io.flywheel.streaming.engagement.ArmRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * TrendJob on a MiniCluster against the real broker and PostgreSQL. Six arms (different niches, the
 * other parameters shared) with two videos each get engaged views as a Poisson process of 5 per
 * minute per arm for two hours (each event one engaged view, a few events sent twice). In the
 * rising stream one arm's rate ramps from 5 to 15 per minute over ten minutes from minute 60; in
 * the flat stream nothing changes.
 */
class TrendJobTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    static final long MINUTE = 60_000;
    static final int MINUTES = 120;
    static final int RAMP_AT = 60;
    static final int ARMS = 6;
    static final double RATE = 5.0;

    /** The planted trend must be confirmed within this many windows after the ramp starts. */
    static final int DETECTED_WITHIN_WINDOWS = 15;

    static final TrendSettings DEFAULTS = ConfigLoader.defaults().streaming().trend();

    @TempDir Path checkpoints;

    @Test
    void aPlantedRisingArmIsDetectedWithinFifteenWindows() throws Exception {
        Run run = run(42, true, DEFAULTS);
        Arm rising = run.arms.get(0);
        String risingId = ArmRequest.armId(rising.armKey());
        long rampStart = T0 + RAMP_AT * MINUTE;

        // Every key that trends is the rising arm or one of its own parameter values.
        Set<String> ownKeys = new HashSet<>();
        ownKeys.add(TrendPoint.ARM + "=" + risingId);
        for (Parameter p : ParameterTable.ALL) {
            ownKeys.add(p.name() + "=" + p.text(rising));
        }
        assertThat(run.rows).isNotEmpty();
        for (Row r : run.rows) {
            assertThat(ownKeys).as("a key the rising arm is not part of trends").contains(r.key());
            assertThat(r.platform).isEqualTo(rising.platform());
            assertThat(r.z).isGreaterThanOrEqualTo(DEFAULTS.zThreshold());
            assertThat(r.views).isGreaterThanOrEqualTo(DEFAULTS.minViews());
            assertThat(r.windowEnd).as("nothing trends before the ramp").isGreaterThan(rampStart);
        }

        Row armOnset =
                run.rows.stream()
                        .filter(r -> r.onset && r.key().equals(TrendPoint.ARM + "=" + risingId))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("the rising arm was not found"));
        assertThat(armOnset.armKey).isEqualTo(rising.armKey());
        long windowsAfterRamp = (armOnset.windowEnd - rampStart) / MINUTE;
        assertThat(windowsAfterRamp).isBetween(1L, (long) DETECTED_WITHIN_WINDOWS);
        // Its niche is the rising arm's alone: it trends with it.
        assertThat(run.rows).anyMatch(r -> r.onset && r.key().equals("niche=" + rising.niche()));

        // One TrendDetected per onset row, the same figures.
        List<Row> onsets = run.rows.stream().filter(r -> r.onset).toList();
        assertThat(run.events).hasSameSizeAs(onsets);
        for (Row o : onsets) {
            assertThat(run.events)
                    .anyMatch(
                            e ->
                                    e.getDimension().equals(o.dimension)
                                            && e.getValue().equals(o.value)
                                            && e.getWindowEnd() == o.windowEnd
                                            && e.getEngagedViews() == o.views);
        }
        TrendDetected armEvent =
                run.events.stream()
                        .filter(e -> e.getDimension().equals(TrendPoint.ARM))
                        .findFirst()
                        .orElseThrow();
        assertThat(armEvent.getValue()).isEqualTo(risingId);
        assertThat(armEvent.getArmKey()).isEqualTo(rising.armKey());
        assertThat(armEvent.getZScore()).isGreaterThanOrEqualTo(3.5);
    }

    @Test
    void aFlatStreamWithPoissonNoiseTrendsNowhere() throws Exception {
        Run run = run(7, false, DEFAULTS);
        assertThat(run.viewsSent).isGreaterThan(ARMS * MINUTES * 4L);
        assertThat(run.rows).isEmpty();
        assertThat(run.events).isEmpty();
    }

    @Test
    void theJobTakesItsThresholdFromTheConfig() throws Exception {
        TrendSettings lowered =
                ConfigLoader.load(
                                Optional.empty(),
                                Map.of(),
                                Map.of(
                                        "streaming.trend.z.threshold", "1.5",
                                        "streaming.trend.consecutive", "1"),
                                checkpoints)
                        .streaming()
                        .trend();
        assertThat(lowered.zThreshold()).isEqualTo(1.5);
        // The flat stream of the test above: with z ≥ 1.5 once, the noise itself trends.
        Run run = run(7, false, lowered);
        assertThat(run.rows).isNotEmpty();
        assertThat(run.rows).allMatch(r -> r.z >= 1.5 && r.views >= DEFAULTS.minViews());
        assertThat(run.rows)
                .as("windows the default threshold would not have written")
                .anyMatch(r -> r.z < DEFAULTS.zThreshold());
        assertThat(run.events).hasSameSizeAs(run.rows.stream().filter(r -> r.onset).toList());
    }

    record Row(
            String platform,
            String dimension,
            String value,
            String armKey,
            long windowEnd,
            long views,
            double z,
            boolean onset) {
        String key() {
            return dimension + "=" + value;
        }
    }

    record Run(List<Arm> arms, long viewsSent, List<Row> rows, List<TrendDetected> events) {}

    private Run run(long seed, boolean rising, TrendSettings trend) throws Exception {
        Random rnd = new Random(seed);
        SampleEvents samples = new SampleEvents(seed, T0 - 30 * MINUTE);
        EventCodec codec = EventCodec.standard();
        Arm base = Arm.fromAvro(samples.parameters());
        Parameter niche = ParameterTable.get("niche");
        List<Arm> arms = new ArrayList<>();
        List<byte[]> requests = new ArrayList<>();
        List<byte[]> publications = new ArrayList<>();
        List<List<String>> videosOfArm = new ArrayList<>();
        for (int a = 0; a < ARMS; a++) {
            Arm arm = base.with(niche, "trend-niche-" + a);
            arms.add(arm);
            List<String> videos = new ArrayList<>();
            for (int v = 0; v < 2; v++) {
                String jobId = UUID.randomUUID().toString();
                String videoId = UUID.randomUUID().toString();
                ContentRequested request = samples.contentRequested(jobId, jobId, arm.toAvro());
                request.getEnvelope().setEventTime(T0 - 20 * MINUTE + a * 1000 + v);
                requests.add(codec.encode(request));
                publications.add(codec.encode(published(samples, jobId, videoId)));
                videos.add(videoId);
            }
            videosOfArm.add(videos);
        }

        // Poisson arrivals: per arm and minute, a Poisson count of one-view events at random times.
        List<long[]> views = new ArrayList<>(); // {time, arm, video}
        for (int m = 0; m < MINUTES; m++) {
            for (int a = 0; a < ARMS; a++) {
                double rate = RATE;
                if (rising && a == 0 && m >= RAMP_AT) {
                    rate = RATE + 2 * RATE * Math.min(1.0, (m - RAMP_AT) / 10.0);
                }
                int n = poisson(rnd, rate);
                for (int i = 0; i < n; i++) {
                    views.add(
                            new long[] {
                                T0 + m * MINUTE + rnd.nextInt((int) MINUTE), a, rnd.nextInt(2)
                            });
                }
            }
        }
        views.sort((x, y) -> Long.compare(x[0], y[0]));
        List<byte[]> engagement = new ArrayList<>();
        for (int i = 0; i < views.size(); i++) {
            long[] v = views.get(i);
            String videoId = videosOfArm.get((int) v[1]).get((int) v[2]);
            EngagementObserved e = samples.engagement(videoId, videoId, v[0], 2L, 0L);
            byte[] bytes = codec.encode(e);
            engagement.add(bytes);
            if (i % 25 == 3) {
                engagement.add(bytes); // a producer retry: counted once
            }
        }

        String bootstrap = Ephemeral.kafka().spec().bootstrapServers();
        String prefix = "trend" + UUID.randomUUID().toString().substring(0, 6) + ".";
        KafkaTopics.ensure(bootstrap, Topic.allNames(prefix), 1, (short) 1, 3_600_000L);
        TestProducer.produce(bootstrap, Topic.CONTENT_REQUESTS.name(prefix), requests);
        TestProducer.produce(bootstrap, Topic.PUBLISH_EVENTS.name(prefix), publications);
        TestProducer.produce(bootstrap, Topic.ENGAGEMENT_EVENTS.name(prefix), engagement);
        Jdbc.Target db = TestDatabase.migrated("trend");
        Endpoints e =
                new Endpoints(bootstrap, prefix, db, prefix + "trend", prefix + "trend", true, 1);
        StreamingSettings settings =
                new StreamingSettings(
                        2,
                        Duration.ofMillis(500),
                        "hashmap",
                        checkpoints,
                        0,
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(60),
                        Duration.ZERO,
                        Duration.ofHours(1),
                        Duration.ofMillis(50),
                        1_000_000L,
                        trend);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        FlinkSetup.configuration(settings));
        FlinkSetup.configure(env, settings);
        TrendJob.attach(env, e, settings, TrendJob.settings(settings), Duration.ZERO);
        env.execute("trend-test");

        List<Row> rows = new ArrayList<>();
        try (Connection c = TestDatabase.connect(db);
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery(
                                "SELECT platform, dimension, value, arm_key, window_end,"
                                        + " engaged_views, z_score, onset FROM stream_trends"
                                        + " ORDER BY window_end, dimension, value")) {
            while (rs.next()) {
                rows.add(
                        new Row(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getObject(5, java.time.OffsetDateTime.class)
                                        .toInstant()
                                        .toEpochMilli(),
                                rs.getLong(6),
                                rs.getDouble(7),
                                rs.getBoolean(8)));
            }
        }
        List<TrendDetected> events = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r :
                KafkaOutput.readCommitted(bootstrap, Topic.CONTROL.name(prefix))) {
            events.add(codec.decode(r.value()).eventAs(TrendDetected.class));
        }
        return new Run(arms, views.size(), rows, events);
    }

    private static VideoPublished published(SampleEvents samples, String jobId, String videoId) {
        VideoPublished p =
                (VideoPublished)
                        samples.oneOfEach().stream()
                                .filter(x -> x instanceof VideoPublished)
                                .findFirst()
                                .orElseThrow();
        p.setVideoId(videoId);
        p.setJobId(jobId);
        p.getEnvelope().setEventId(UUID.randomUUID().toString());
        p.getEnvelope().setEventTime(T0 - 10 * MINUTE);
        p.setPublishedAt(T0 - 10 * MINUTE);
        return p;
    }

    /** Knuth's method; fine for small rates. */
    private static int poisson(Random rnd, double rate) {
        double l = Math.exp(-rate);
        double p = 1.0;
        int k = 0;
        do {
            k++;
            p *= rnd.nextDouble();
        } while (p > l);
        return k - 1;
    }
}
