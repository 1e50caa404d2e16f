package io.flywheel.batch.deploy;

import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.batch.TestDatabase;
import io.flywheel.batch.TestSpark;
import io.flywheel.batch.db.Jdbc;
import io.flywheel.batch.lake.Lake;
import io.flywheel.batch.registry.ModelRecord;
import io.flywheel.batch.registry.ModelRegistry;
import io.flywheel.batch.synthetic.SyntheticGold;
import io.flywheel.config.ConfigLoader;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.embedded.LogTail;
import io.flywheel.embedded.PostgresServer;
import io.flywheel.embedded.SparkStandaloneCluster;
import io.flywheel.schemas.KafkaTopics;
import io.flywheel.schemas.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real TrainJob ({@code BatchJobMain train}), submitted with the spark-submit jar to a
 * standalone cluster of two workers, as the scheduler submits it, with one worker {@code kill -9}ed
 * while XGBoost trains across both executors (and started again, as the supervisor would). The
 * training completes, retried as the scheduler would if its attempt failed, with a champion model
 * trained by two XGBoost workers. Compared once with an undisturbed run on the same table
 * (2026-12-06, load ~20): the same version, rows and metrics, 422.9 s undisturbed and 488.4 s with
 * the kill; the undisturbed half is left out of the suite for its time.
 */
class TrainOnClusterTest {
    /**
     * Enough rows that the training split (80%) reaches the two-worker layout's floor ({@code
     * WorkerLayout}: two workers from 10,000 training rows; 12,000 rows trained on one).
     */
    static final long ROWS = 16_000;

    static final String PREFIX = "cluster-train.";
    static final String MODEL = "engaged_views-72h";
    static final int MAX_ATTEMPTS = 3;

    @Test
    void aTrainingOnTwoWorkersSurvivesAKilledWorker(@TempDir Path dir) throws Exception {
        Path gold = dir.resolve("lake");
        SyntheticGold.rows(TestSpark.session(), ROWS, 4, 11)
                .withColumn("objective", lit("engaged_views"))
                .write()
                .format("delta")
                .save(new Lake(gold).table(Lake.GOLD_VIDEO_OUTCOMES));
        String bootstrap = Ephemeral.kafka().spec().bootstrapServers();
        KafkaTopics.ensure(bootstrap, Topic.allNames(PREFIX), 1, (short) 1, 3_600_000L);

        SparkStandaloneCluster cluster = TestCluster.of(dir.resolve("cluster"), 2);
        try {
            cluster.start(Duration.ofSeconds(120));
            long t0 = System.nanoTime();
            Run disturbed = train(cluster, dir, "b", true);
            System.out.printf(
                    "with a worker killed %.1f s in %d attempt(s)%n",
                    (System.nanoTime() - t0) / 1e9, disturbed.attempts());

            assertThat(disturbed.killed()).isTrue();
            assertThat(Files.readString(disturbed.log()))
                    .contains(
                            "XGBoost on "
                                    + disturbed.record().trainRows()
                                    + " rows: 2 workers x 1 threads");
            assertThat(disturbed.record().version()).isEqualTo(1);
            assertThat(disturbed.record().status()).isEqualTo(ModelRecord.CHAMPION);
            assertThat(disturbed.record().trainRows()).isBetween(10_000L, ROWS);
            assertThat(disturbed.record().validationRows()).isPositive();
        } finally {
            cluster.stop();
        }
    }

    record Run(ModelRecord record, int attempts, boolean killed, Path log) {}

    /**
     * {@code BatchJobMain train} on its own database and model store; with {@code kill}, worker 2
     * is killed once XGBoost's barrier stage has started, and started again 5 s later.
     */
    private Run train(SparkStandaloneCluster cluster, Path dir, String name, boolean kill)
            throws Exception {
        Jdbc jdbc = TestDatabase.create("cluster_" + name);
        PostgresServer.Spec pg = Ephemeral.postgres().spec();
        Map<String, String> env = new HashMap<>();
        // The lake and the model store must lie inside the data directory.
        env.put(ConfigLoader.envName("data.dir"), dir.toString());
        env.put(ConfigLoader.envName("batch.lake.dir"), "lake");
        env.put(ConfigLoader.envName("batch.model.dir"), "models-" + name);
        env.put(ConfigLoader.envName("batch.spark.master"), cluster.masterUrl());
        env.put(ConfigLoader.envName("batch.ensemble.size"), "2");
        env.put(ConfigLoader.envName("batch.boost.rounds"), "30");
        env.put(ConfigLoader.envName("kafka.embedded"), "false");
        env.put(
                ConfigLoader.envName("kafka.bootstrap.servers"),
                Ephemeral.kafka().spec().bootstrapServers());
        env.put(ConfigLoader.envName("kafka.topic.prefix"), PREFIX);
        env.put(ConfigLoader.envName("postgres.embedded"), "false");
        env.put(ConfigLoader.envName("postgres.host"), pg.host());
        env.put(ConfigLoader.envName("postgres.port"), Integer.toString(pg.port()));
        env.put(
                ConfigLoader.envName("postgres.database"),
                jdbc.url().substring(jdbc.url().lastIndexOf('/') + 1));
        env.put(ConfigLoader.envName("postgres.user"), jdbc.user());
        env.put(ConfigLoader.envName("postgres.password"), jdbc.password());
        List<String> cmd =
                Submitted.command(cluster)
                        .command(
                                "flywheel-train",
                                "io.flywheel.batch.BatchJobMain",
                                Submitted.SUBMIT_JAR,
                                List.of("train"));
        boolean killed = false;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Path log = dir.resolve("train-" + name + "-a" + attempt + ".log");
            Process p = Submitted.start(cmd, env, log);
            if (kill && !killed) {
                killed = killWhileTraining(cluster, p, log);
            }
            int exit = Submitted.await(p, Duration.ofMinutes(8), log, dir.resolve("cluster"));
            if (exit == 0) {
                ModelRecord r = new ModelRegistry(jdbc).find(MODEL, 1).orElseThrow();
                return new Run(r, attempt, killed, log);
            }
            System.out.println(
                    "attempt " + attempt + " of " + name + " failed:\n" + LogTail.summary(log, 10));
        }
        throw new AssertionError("training " + name + " failed " + MAX_ATTEMPTS + " times");
    }

    private static boolean killWhileTraining(SparkStandaloneCluster cluster, Process p, Path log)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
        while (p.isAlive() && System.nanoTime() < deadline) {
            if (Files.exists(log) && LogTail.of(log, 400).contains("BarrierBoosting.java")) {
                cluster.killWorker(2);
                System.out.println("killed worker 2 while XGBoost trained");
                Thread.sleep(5_000);
                cluster.startWorker(2, Duration.ofSeconds(120));
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }
}
