package io.flywheel.flinkcluster;

import io.flywheel.config.ConfigLoader;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.embedded.FlinkRest;
import io.flywheel.embedded.FlinkSessionCluster;
import io.flywheel.embedded.FreePorts;
import io.flywheel.embedded.KafkaBroker;
import io.flywheel.embedded.KafkaCluster;
import io.flywheel.schemas.KafkaTopics;
import io.flywheel.schemas.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * bench/cluster's streaming part, on a 3-node Kafka cluster (replication 3, min.insync 2): the
 * engagement job from the job jar, submitted through Flink's REST API to a session cluster of one
 * JobManager and one TaskManager (parallelism 1), then to a new one with two TaskManagers
 * (parallelism 2; one slot each), over the same events read from the start each time. Throughput is
 * the distinct events counted in {@code kpi_video_totals} from the first total there to the known
 * count, polled every 200 ms (the JDBC sink flushes every 100 ms). Then, on the two TaskManager
 * cluster, a TaskManager is killed with SIGKILL and started again (time until the job is RUNNING
 * again), and a Kafka node is killed and started again (time until every partition of the bench's
 * topics has all three replicas in sync).
 *
 * <p>Environment: BENCH_FLINK_EVENTS (default 300000). Last line: {@code PART
 * flink_tm1_events_per_s=… flink_tm2_events_per_s=… flink_tm2_vs_tm1=… recovery_tm_s=…
 * recovery_kafka_s=…}
 */
public final class FlinkClusterBench {
    static final Path HOME = ConfigLoader.homeFrom(System.getenv());
    static final Path JOB_JAR =
            HOME.resolve("streaming-jobs/target/flywheel-streaming-jobs-job.jar");
    static final String ENGAGEMENT = "f1e1ee1000000000000000000000e001";
    static final int PARTITIONS = 4;

    private FlinkClusterBench() {}

    public static void main(String[] args) throws Exception {
        long total = Long.parseLong(env("BENCH_FLINK_EVENTS", "300000"));
        Path dir = Files.createTempDirectory("flywheel-bench-flink-");
        KafkaCluster kafka = null;
        int code = 0;
        long t0 = System.nanoTime();
        try {
            kafka = startKafka(dir);
            String bootstrap = kafka.bootstrapServers();
            System.out.printf(Locale.ROOT, "flink: 3 Kafka nodes up in %.1f s%n", secs(t0));
            String prefix = "bc.";
            List<String> topics = new ArrayList<>(Topic.allNames(prefix));
            topics.add(prefix + "kpi.video");
            KafkaTopics.ensure(bootstrap, topics, PARTITIONS, (short) 3, 3_600_000L);

            KnownEvents events = new KnownEvents(42);
            long t1 = System.nanoTime();
            long engagementRecords;
            try (KafkaProducer<byte[], byte[]> producer =
                    ClusterJobsFixture.producer(bootstrap, batching())) {
                ClusterJobsFixture.send(producer, prefix, events.videos(200, 20));
                engagementRecords = 0;
                for (long sent = 0; sent < total; sent += 20_000) {
                    engagementRecords +=
                            ClusterJobsFixture.send(
                                    producer,
                                    prefix,
                                    events.next((int) Math.min(20_000, total - sent)));
                }
                engagementRecords +=
                        ClusterJobsFixture.send(producer, prefix, events.remainingDuplicates());
            }
            long expected = events.videoTotals.values().stream().mapToLong(s -> s.events).sum();
            System.out.printf(
                    Locale.ROOT,
                    "flink: produced %d records (%d engagement, %d distinct, %d duplicates) in"
                            + " %.1f s%n",
                    total + events.duplicates,
                    engagementRecords,
                    expected,
                    events.duplicates,
                    secs(t1));

            double one = run(dir.resolve("tm1"), bootstrap, prefix, 1, expected, null, null)[0];
            resetGroups(bootstrap);
            double[] two = run(dir.resolve("tm2"), bootstrap, prefix, 2, expected, kafka, topics);
            System.out.printf(
                    Locale.ROOT,
                    "PART flink_tm1_events_per_s=%.0f flink_tm2_events_per_s=%.0f"
                            + " flink_tm2_vs_tm1=%.2f recovery_tm_s=%.1f recovery_kafka_s=%.1f%n",
                    one,
                    two[0],
                    two[0] / one,
                    two[1],
                    two[2]);
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            code = 1;
        } finally {
            if (kafka != null) {
                kafka.stop();
            }
            Ephemeral.postgres().stop();
        }
        System.exit(code);
    }

    /**
     * Three nodes; a second try on a fresh directory if the quorum does not form (on a loaded
     * machine a node can give up registering with the controllers, Kafka's 60 s).
     */
    static KafkaCluster startKafka(Path dir) {
        for (int attempt = 1; ; attempt++) {
            KafkaCluster kafka =
                    new KafkaCluster(
                            "127.0.0.1",
                            List.of(FreePorts.pick(), FreePorts.pick(), FreePorts.pick()),
                            List.of(FreePorts.pick(), FreePorts.pick(), FreePorts.pick()),
                            dir.resolve("kafka-" + attempt),
                            HOME.resolve("kafka-broker/target/lib"),
                            "384m");
            try {
                kafka.start(false, Duration.ofSeconds(150));
                return kafka;
            } catch (RuntimeException e) {
                kafka.stop();
                if (attempt == 2) {
                    throw e;
                }
                System.out.println(
                        "flink: the Kafka cluster did not start ("
                                + e.getMessage().lines().findFirst().orElse("")
                                + "), trying again");
            }
        }
    }

    /**
     * The job on a new cluster of {@code tms} TaskManagers: events/s, and with {@code kafka} given,
     * the recoveries of a killed TaskManager and a killed Kafka node.
     */
    static double[] run(
            Path dir,
            String bootstrap,
            String prefix,
            int tms,
            long expected,
            KafkaCluster kafka,
            List<String> topics)
            throws Exception {
        Map<String, String> db = ClusterJobsFixture.migratedDatabase("bench");
        FlinkSessionCluster cluster =
                new FlinkSessionCluster(
                        spec(
                                dir,
                                tms,
                                ClusterJobsFixture.jobEnv(
                                        HOME,
                                        dir.resolve("data"),
                                        bootstrap,
                                        prefix,
                                        db,
                                        PARTITIONS,
                                        tms,
                                        5000)));
        try {
            long t0 = System.nanoTime();
            cluster.start(false, Duration.ofSeconds(150));
            FlinkRest rest = cluster.rest();
            String jar = rest.uploadJar(JOB_JAR);
            System.out.printf(
                    Locale.ROOT,
                    "flink: %d TaskManager(s) up and the job jar uploaded in %.1f s%n",
                    tms,
                    secs(t0));
            long submitted = System.nanoTime();
            String job =
                    rest.runJar(
                            jar,
                            FlinkRest.Run.of(
                                    "io.flywheel.streaming.ClusterJobs",
                                    List.of("--job", "engagement")));
            rest.awaitRunning(job, Duration.ofSeconds(120));
            double running = secs(submitted);
            long first = 0;
            long firstCount = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
            long count = 0;
            while (count < expected) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "kpi_video_totals counts " + count + " of " + expected + " events");
                }
                Thread.sleep(200);
                count = counted(db);
                if (first == 0 && count > 0) {
                    first = System.nanoTime();
                    firstCount = count;
                }
            }
            long end = System.nanoTime();
            if (count != expected) {
                throw new AssertionError("counted " + count + ", expected " + expected);
            }
            double s = (end - first) / 1e9;
            double rate = (expected - firstCount) / s;
            System.out.printf(
                    Locale.ROOT,
                    "flink: %d TaskManager(s), parallelism %d: %d events counted (known answer"
                            + " %d); RUNNING %.1f s after submission, %.2f s from the first"
                            + " total to the last: %.0f events/s (%.0f from submission)%n",
                    tms,
                    tms,
                    count,
                    expected,
                    running,
                    s,
                    rate,
                    expected / ((end - submitted) / 1e9));
            if (kafka == null) {
                rest.cancel(job);
                return new double[] {rate, Double.NaN, Double.NaN};
            }
            double tm = killTaskManager(cluster, rest, job);
            double broker = killKafkaNode(kafka, topics);
            if (!"RUNNING".equals(rest.job(job).orElseThrow().state())) {
                throw new AssertionError("the job is not RUNNING after the Kafka node came back");
            }
            return new double[] {rate, tm, broker};
        } finally {
            cluster.stop();
        }
    }

    /** Kills tm-1, starts it again after the supervisor's first backoff, until the job runs. */
    static double killTaskManager(FlinkSessionCluster cluster, FlinkRest rest, String job)
            throws Exception {
        ProcessHandle tm1 = cluster.taskManager(1).process().orElseThrow();
        long killed = System.nanoTime();
        tm1.destroyForcibly(); // SIGKILL
        tm1.onExit().get();
        Thread.sleep(1000);
        cluster.taskManager(1).launch(false);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (rest.job(job).map(FlinkRest.Job::fullyRunning).orElse(false)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the JobManager did not notice the lost TaskManager");
            }
            Thread.sleep(200);
        }
        rest.awaitRunning(job, Duration.ofSeconds(150));
        double s = secs(killed);
        System.out.printf(
                Locale.ROOT,
                "RECOVERY TaskManager: the job RUNNING again %.1f s after the kill%n",
                s);
        return s;
    }

    /** Kills Kafka node 2, starts it again, until every partition has three replicas in sync. */
    static double killKafkaNode(KafkaCluster kafka, List<String> topics) throws Exception {
        KafkaBroker node = kafka.nodes().get(1);
        ProcessHandle p = node.process().orElseThrow();
        long killed = System.nanoTime();
        p.destroyForcibly(); // SIGKILL
        p.onExit().get();
        Thread.sleep(1000);
        node.awaitHealthy(node.launch(false), Duration.ofSeconds(120));
        Properties ap = new Properties();
        ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(ap)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (!allInSync(admin, topics)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("replicas not back in sync after a node restart");
                }
                Thread.sleep(200);
            }
        }
        double s = secs(killed);
        System.out.printf(
                Locale.ROOT,
                "RECOVERY Kafka node: back, every partition with 3 in-sync replicas %.1f s after"
                        + " the kill%n",
                s);
        return s;
    }

    private static boolean allInSync(Admin admin, List<String> topics) {
        try {
            Map<String, TopicDescription> d =
                    admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS);
            return d.values().stream()
                    .flatMap(t -> t.partitions().stream())
                    .allMatch(p -> p.isr().size() == 3 && p.leader() != null);
        } catch (Exception e) {
            return false;
        }
    }

    /** The first run's committed offsets would make the second start at the end. */
    private static void resetGroups(String bootstrap) throws Exception {
        Properties ap = new Properties();
        ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(ap)) {
            List<String> groups =
                    admin.listConsumerGroups().all().get().stream()
                            .map(ConsumerGroupListing::groupId)
                            .toList();
            if (!groups.isEmpty()) {
                admin.deleteConsumerGroups(groups).all().get(60, TimeUnit.SECONDS);
            }
        }
    }

    private static FlinkSessionCluster.Spec spec(Path dir, int tms, Map<String, String> env) {
        Map<String, String> flink = new LinkedHashMap<>();
        flink.put(
                "execution.checkpointing.dir",
                dir.resolve("data/flink/checkpoints").toUri().toString());
        flink.put(
                "execution.checkpointing.savepoint-dir",
                dir.resolve("data/flink/savepoints").toUri().toString());
        return new FlinkSessionCluster.Spec(
                "127.0.0.1",
                FreePorts.pick(),
                FreePorts.pick(),
                dir.resolve("flink-cluster"),
                HOME.resolve("flink-cluster/target/lib"),
                Optional.empty(),
                tms,
                1,
                "576m",
                "960m",
                flink,
                env);
    }

    private static long counted(Map<String, String> db) throws Exception {
        try (Connection c =
                        DriverManager.getConnection(
                                db.get("url"), db.get("user"), db.get("password"));
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT coalesce(sum(events), 0) FROM kpi_video_totals")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Larger batches, compressed: the bench sends many more events than the tests. */
    private static Properties batching() {
        Properties p = new Properties();
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return p;
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }
}
