package io.flywheel.flinkcluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flywheel.config.ConfigLoader;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.config.StorageSettings;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.embedded.FlinkRest;
import io.flywheel.embedded.FlinkSessionCluster;
import io.flywheel.embedded.FreePorts;
import io.flywheel.embedded.KafkaOutput;
import io.flywheel.schemas.KafkaTopics;
import io.flywheel.schemas.Topic;
import io.flywheel.storage.S3Clients;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The streaming job jar on a real Flink standalone session cluster (one JobManager, two
 * TaskManagers, each its own JVM from Flink's own entry points), submitted through the REST API,
 * against the real Kafka broker and PostgreSQL: the KPI totals equal the known answer exactly, also
 * after one TaskManager is killed with SIGKILL mid-stream and a replacement is started as the
 * supervisor would.
 */
class StreamingJobsOnClusterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Path HOME = ConfigLoader.homeFrom(System.getenv());
    static final Path JOB_JAR =
            HOME.resolve("streaming-jobs/target/flywheel-streaming-jobs-job.jar");

    /** Under target/, so the processes' logs are there to read after a failure. */
    private final Path dir =
            Path.of("target/cluster-test", UUID.randomUUID().toString().substring(0, 8))
                    .toAbsolutePath();

    private FlinkSessionCluster cluster;

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.stop();
        }
    }

    @Test
    void exactTotalsThroughRestSubmissionAndAKilledTaskManager() throws Exception {
        String bootstrap = Ephemeral.kafka().spec().bootstrapServers();
        String prefix = "fc" + UUID.randomUUID().toString().substring(0, 6) + ".";
        List<String> topics = new ArrayList<>(Topic.allNames(prefix));
        topics.add(prefix + "kpi.video");
        KafkaTopics.ensure(bootstrap, topics, 2, (short) 1, 3_600_000L);
        Map<String, String> db = ClusterJobsFixture.migratedDatabase("fc");

        cluster =
                new FlinkSessionCluster(
                        spec(
                                ClusterJobsFixture.jobEnv(
                                        HOME,
                                        dir.resolve("data"),
                                        bootstrap,
                                        prefix,
                                        db,
                                        2,
                                        2,
                                        2000),
                                2));
        long t0 = System.nanoTime();
        cluster.start(false, Duration.ofSeconds(300));
        System.out.printf("cluster ready in %.1f s%n", seconds(t0));
        FlinkRest rest = cluster.rest();
        assertThat(rest.taskManagers())
                .extracting(FlinkRest.TaskManager::id)
                .containsExactlyInAnyOrder("tm-1", "tm-2");

        String jar = rest.uploadJar(JOB_JAR);
        String engagement =
                rest.runJar(
                        jar,
                        FlinkRest.Run.of(
                                "io.flywheel.streaming.ClusterJobs",
                                List.of("--job", "engagement")));
        String ops = rest.runJar(jar, FlinkRest.Run.of("", List.of("--job", "ops")));
        // Fixed ids: the checkpoints of a job are found under its id after any restart.
        assertThat(engagement).isEqualTo("f1e1ee1000000000000000000000e001");
        assertThat(ops).isEqualTo("f1e1ee1000000000000000000000e002");
        rest.awaitRunning(engagement, Duration.ofSeconds(240));
        rest.awaitRunning(ops, Duration.ofSeconds(240));
        System.out.printf("both jobs RUNNING at %.1f s%n", seconds(t0));

        KnownEvents events = new KnownEvents(19);
        try (KafkaProducer<byte[], byte[]> producer =
                ClusterJobsFixture.producer(bootstrap, new Properties())) {
            ClusterJobsFixture.send(producer, prefix, events.videos(12, 6));
            ClusterJobsFixture.send(producer, prefix, events.next(600));
            // Mid-stream, with state in a completed checkpoint of both jobs.
            awaitTrue(
                    () -> rowCount(db, "kpi_video_totals") > 0 && rowCount(db, "ops_job_costs") > 0,
                    Duration.ofSeconds(180),
                    "first totals in PostgreSQL");
            long cpE = rest.completedCheckpoints(engagement);
            long cpO = rest.completedCheckpoints(ops);
            awaitTrue(
                    () ->
                            rest.completedCheckpoints(engagement) > cpE
                                    && rest.completedCheckpoints(ops) > cpO,
                    Duration.ofSeconds(180),
                    "a checkpoint of both jobs after the first events");
            assertThat(
                            rest.taskManagers().stream()
                                    .filter(t -> t.id().equals("tm-1"))
                                    .findFirst()
                                    .orElseThrow()
                                    .freeSlots())
                    .as("tm-1 runs tasks")
                    .isLessThan(2);

            // Events keep flowing while a TaskManager dies and its replacement starts.
            Thread sender =
                    new Thread(
                            () -> {
                                for (int i = 0; i < 30; i++) {
                                    ClusterJobsFixture.send(producer, prefix, events.next(50));
                                    sleep(200);
                                }
                            });
            sender.start();
            sleep(1500);
            ProcessHandle tm1 = cluster.taskManager(1).process().orElseThrow();
            long killed = System.nanoTime();
            tm1.destroyForcibly(); // SIGKILL
            tm1.onExit().get();
            sleep(1000); // the supervisor's first backoff
            cluster.taskManager(1).launch(false);
            awaitTrue(
                    () ->
                            rest.job(engagement).map(j -> !j.fullyRunning()).orElse(true)
                                    || rest.job(ops).map(j -> !j.fullyRunning()).orElse(true),
                    Duration.ofSeconds(120),
                    "the JobManager to notice the lost TaskManager");
            rest.awaitRunning(engagement, Duration.ofSeconds(360));
            rest.awaitRunning(ops, Duration.ofSeconds(360));
            double recovery = seconds(killed);
            System.out.printf(
                    "RECOVERY: both jobs RUNNING again %.1f s after the kill%n", recovery);
            sender.join();
            assertThat(rest.taskManagers())
                    .extracting(FlinkRest.TaskManager::id)
                    .containsExactlyInAnyOrder("tm-1", "tm-2");

            ClusterJobsFixture.send(producer, prefix, events.next(300));
            ClusterJobsFixture.send(producer, prefix, events.remainingDuplicates());
        }
        assertThat(events.duplicates).isGreaterThan(50);
        System.out.printf("sent %d duplicates among the events%n", events.duplicates);

        awaitTrue(
                () -> videoTotals(db).equals(expectedVideoTotals(events)),
                Duration.ofSeconds(180),
                "the video totals in PostgreSQL");
        assertThat(videoTotals(db)).isEqualTo(expectedVideoTotals(events));
        awaitTrue(
                () -> jobCosts(db).equals(events.jobCosts),
                Duration.ofSeconds(120),
                "the job costs in PostgreSQL");
        assertThat(jobCosts(db)).isEqualTo(events.jobCosts);
        awaitTrue(
                () -> lastSnapshots(bootstrap, prefix).equals(expectedVideoTotals(events)),
                Duration.ofSeconds(120),
                "the last kpi.video snapshot of every video");
        assertKpiVideoCommittedOnce(bootstrap, prefix);
        assertThat(rest.job(engagement).orElseThrow().state()).isEqualTo("RUNNING");
        assertThat(rest.job(ops).orElseThrow().state()).isEqualTo("RUNNING");
        System.out.printf("test done at %.1f s%n", seconds(t0));
    }

    /**
     * With {@code storage.url=s3://…}: the job's checkpoints, and a savepoint taken by
     * stop-with-savepoint over REST, are written to the S3 server's bucket by Flink's S3 plugin
     * (one TaskManager, the ops job alone, to stay light).
     */
    @Test
    void checkpointsAndASavepointInTheS3Bucket() throws Exception {
        String bootstrap = Ephemeral.kafka().spec().bootstrapServers();
        String prefix = "fs" + UUID.randomUUID().toString().substring(0, 6) + ".";
        List<String> topics = new ArrayList<>(Topic.allNames(prefix));
        topics.add(prefix + "kpi.video");
        KafkaTopics.ensure(bootstrap, topics, 1, (short) 1, 3_600_000L);
        Map<String, String> db = ClusterJobsFixture.migratedDatabase("fc");
        Map<String, String> env =
                ClusterJobsFixture.jobEnv(
                        HOME, dir.resolve("data"), bootstrap, prefix, db, 2, 2, 2000);
        env.putAll(Ephemeral.s3().spec().environment());
        env.put("FLYWHEEL_STORAGE_URL", storageUrl(prefix));
        env.put("FLYWHEEL_KAFKA_TOPIC_PARTITIONS", "1");

        cluster = new FlinkSessionCluster(spec(env, 1));
        long t0 = System.nanoTime();
        cluster.start(false, Duration.ofSeconds(300));
        FlinkRest rest = cluster.rest();
        String ops =
                rest.runJar(
                        rest.uploadJar(JOB_JAR),
                        FlinkRest.Run.of(
                                "io.flywheel.streaming.ops.PipelineOpsJob",
                                List.of("--set", "streaming.parallelism=1")));
        rest.awaitRunning(ops, Duration.ofSeconds(240));
        KnownEvents events = new KnownEvents(20);
        events.videos(1, 3);
        try (KafkaProducer<byte[], byte[]> producer =
                ClusterJobsFixture.producer(bootstrap, new Properties())) {
            ClusterJobsFixture.send(producer, prefix, events.next(80));
        }
        awaitTrue(
                () -> jobCosts(db).equals(events.jobCosts),
                Duration.ofSeconds(180),
                "the job costs in PostgreSQL");
        awaitTrue(
                () -> rest.completedCheckpoints(ops) > 0,
                Duration.ofSeconds(180),
                "a completed checkpoint");
        assertThat(checkpointMetadata(prefix, ops)).hasSize(1);

        String savepoint = rest.stopWithSavepoint(ops, Optional.empty(), Duration.ofSeconds(180));
        String bucket = Ephemeral.s3().spec().bucket();
        assertThat(savepoint)
                .startsWith(
                        "s3://" + bucket + "/" + prefix.replace(".", "") + "/flink/savepoints/");
        assertThat(objectKeys(savepoint.substring(("s3://" + bucket + "/").length())))
                .anyMatch(k -> k.endsWith("/_metadata"));
        assertThat(rest.job(ops).orElseThrow().state()).isEqualTo("FINISHED");
        System.out.printf("S3 checkpoint and savepoint test done in %.1f s%n", seconds(t0));
    }

    /**
     * The cluster as {@code up --profile cluster} would make it, but on free ports in the test's
     * directory, with checkpoints and savepoints where the environment's {@code storage.url} says
     * (S3 through Flink's S3 plugin, or the data directory).
     */
    private FlinkSessionCluster.Spec spec(Map<String, String> env, int taskManagers) {
        FlywheelConfig c = ConfigLoader.load(Optional.empty(), env, Map.of(), HOME);
        return new FlinkSessionCluster.Spec(
                "127.0.0.1",
                FreePorts.pick(),
                FreePorts.pick(),
                dir.resolve("flink-cluster"),
                HOME.resolve("flink-cluster/target/lib"),
                c.storage().s3()
                        ? Optional.of(HOME.resolve("flink-cluster/target/plugins"))
                        : Optional.empty(),
                taskManagers,
                2,
                "576m",
                "960m",
                FlinkSessionCluster.storageConfig(c),
                env);
    }

    private static String storageUrl(String prefix) {
        return "s3://" + Ephemeral.s3().spec().bucket() + "/" + prefix.replace(".", "");
    }

    /** The keys of the retained checkpoints' metadata of a job in the bucket. */
    private static List<String> checkpointMetadata(String prefix, String jobId) {
        return objectKeys(prefix.replace(".", "") + "/flink/checkpoints/" + jobId + "/").stream()
                .filter(k -> k.endsWith("/_metadata"))
                .toList();
    }

    private static List<String> objectKeys(String keyPrefix) {
        StorageSettings s = Ephemeral.s3().spec().storage();
        try (S3Client s3 = S3Clients.create(s)) {
            return s3
                    .listObjectsV2(
                            ListObjectsV2Request.builder()
                                    .bucket(s.bucket())
                                    .prefix(keyPrefix)
                                    .build())
                    .contents()
                    .stream()
                    .map(S3Object::key)
                    .toList();
        }
    }

    private static Map<String, List<Number>> expectedVideoTotals(KnownEvents events) {
        Map<String, List<Number>> out = new HashMap<>();
        events.videoTotals.forEach(
                (v, s) ->
                        out.put(
                                v,
                                List.of(
                                        s.events,
                                        s.views,
                                        s.likes,
                                        s.engaged,
                                        s.impressions,
                                        s.minutes)));
        return out;
    }

    private static Map<String, List<Number>> videoTotals(Map<String, String> db) throws Exception {
        Map<String, List<Number>> out = new HashMap<>();
        try (Connection c = connect(db);
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery(
                                "SELECT video_id, events, views, likes, engaged_views,"
                                        + " impressions, minutes_watched FROM kpi_video_totals")) {
            while (rs.next()) {
                out.put(
                        rs.getString(1),
                        List.of(
                                rs.getLong(2),
                                rs.getLong(3),
                                rs.getLong(4),
                                rs.getLong(5),
                                rs.getLong(6),
                                rs.getDouble(7)));
            }
        }
        return out;
    }

    private static Map<String, Long> jobCosts(Map<String, String> db) throws Exception {
        Map<String, Long> out = new java.util.TreeMap<>();
        try (Connection c = connect(db);
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT job_id, cost_micro_usd FROM ops_job_costs")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    private static long rowCount(Map<String, String> db, String table) throws Exception {
        try (Connection c = connect(db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection connect(Map<String, String> db) throws Exception {
        return DriverManager.getConnection(db.get("url"), db.get("user"), db.get("password"));
    }

    /** The newest committed snapshot of every video on kpi.video. */
    private static Map<String, List<Number>> lastSnapshots(String bootstrap, String prefix)
            throws Exception {
        Map<String, List<Number>> out = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r :
                KafkaOutput.readCommitted(bootstrap, prefix + "kpi.video")) {
            JsonNode n = JSON.readTree(r.value());
            out.put(n.get("video_id").asText(), snapshot(n));
        }
        return out;
    }

    private static List<Number> snapshot(JsonNode n) {
        return List.of(
                n.get("events").asLong(),
                n.get("views").asLong(),
                n.get("likes").asLong(),
                n.get("engaged_views").asLong(),
                n.get("impressions").asLong(),
                n.get("minutes_watched").asDouble());
    }

    /**
     * read_committed: per video (one partition each, in order) the snapshots only grow and none is
     * there twice, so nothing the killed TaskManager had sent before its checkpoint was repeated.
     */
    private static void assertKpiVideoCommittedOnce(String bootstrap, String prefix)
            throws Exception {
        Map<String, JsonNode> last = new HashMap<>();
        int n = 0;
        for (ConsumerRecord<byte[], byte[]> r :
                KafkaOutput.readCommitted(bootstrap, prefix + "kpi.video")) {
            JsonNode s = JSON.readTree(r.value());
            String video = s.get("video_id").asText();
            JsonNode before = last.get(video);
            if (before != null) {
                assertThat(s.get("events").asLong())
                        .as("snapshots of %s committed once each, in order", video)
                        .isGreaterThanOrEqualTo(before.get("events").asLong());
                assertThat(s.toString()).isNotEqualTo(before.toString());
            }
            last.put(video, s);
            n++;
        }
        System.out.printf("kpi.video: %d committed snapshots of %d videos%n", n, last.size());
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void awaitTrue(Check check, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(300);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
