package io.flywheel.batch;

import io.flywheel.batch.curate.CurateJob;
import io.flywheel.batch.db.Jdbc;
import io.flywheel.batch.experiment.ExperimentReportJob;
import io.flywheel.batch.ingest.IngestJob;
import io.flywheel.batch.lake.Lake;
import io.flywheel.batch.lake.LakeStorage;
import io.flywheel.batch.maintenance.MaintenanceJob;
import io.flywheel.batch.recommend.RecommendJob;
import io.flywheel.batch.registry.ModelRegistry;
import io.flywheel.batch.train.NotEnoughDataException;
import io.flywheel.batch.train.TrainJob;
import io.flywheel.config.BatchSettings;
import io.flywheel.config.ConfigLoader;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.model.ChannelLocales;
import io.flywheel.schemas.Topic;
import io.flywheel.storage.ModelArtifacts;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one batch job (or the whole learning cycle) from the Flywheel configuration: {@code
 * BatchJobMain ingest|curate|train|recommend|experiments|maintenance|cycle}. Only wiring: every
 * job's logic lives in its class. Start it with the JVM flags of {@code
 * batch-jobs/target/spark-jvm-flags.txt} ({@code java @batch-jobs/target/spark-jvm-flags.txt -cp
 * ...}); under {@code spark-submit} the master comes from the submit command.
 */
public final class BatchJobMain {
    private static final Logger LOG = LoggerFactory.getLogger(BatchJobMain.class);
    public static final List<String> JOBS =
            List.of(
                    "ingest",
                    "curate",
                    "train",
                    "recommend",
                    "experiments",
                    "maintenance",
                    "learn",
                    "cycle");

    /** The learning chain that {@code learn} runs in this one JVM, each step reading the last. */
    static final List<String> LEARNING_CHAIN = List.of("ingest", "curate", "train", "recommend");

    /** {@code cycle} (the cluster's schedule): the learning chain, then the experiment report. */
    static final List<String> CYCLE =
            java.util.stream.Stream.concat(
                            LEARNING_CHAIN.stream(), java.util.stream.Stream.of("experiments"))
                    .toList();

    /** Fixed choices of the jobs, documented here rather than spread as literals. */
    static final Duration MAX_STALENESS = Duration.ofDays(30);

    // XGBoost's own default; at 100 rounds it reaches the noise floor where 0.1 does not
    // (bench/training).
    public static final double ETA = 0.3;
    static final double VALIDATION_SHARE = 0.2;
    static final long SEED = 42;
    static final int MAX_CANDIDATES = 50_000;
    static final List<String> DEFAULT_NICHES = List.of("general");
    static final int VACUUM_RETENTION_HOURS = MaintenanceJob.MIN_RETENTION_HOURS;

    private BatchJobMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || !JOBS.contains(args[0])) {
            System.err.println("usage: BatchJobMain " + String.join("|", JOBS));
            System.exit(2);
        }
        String job = args[0];
        FlywheelConfig config = ConfigLoader.fromEnvironment(Map.of());
        config.describe().forEach((k, v) -> LOG.info("config {} = {}", k, v));
        Jdbc jdbc = Jdbc.of(config.postgres());
        JobRuns runs = new JobRuns(jdbc);
        long runId = runs.start(job);
        AtomicBoolean finished = new AtomicBoolean();
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    if (finished.compareAndSet(false, true)) {
                                        runs.finish(runId, false, "stopped by a signal");
                                    }
                                }));
        SparkSession spark =
                SparkSessions.create(config.batch(), config.storage(), "flywheel-" + job);
        try {
            String summary = run(job, spark, config, jdbc);
            if (finished.compareAndSet(false, true)) {
                runs.finish(runId, true, summary);
            }
            LOG.info("{} done: {}", job, summary);
        } catch (Exception e) {
            if (finished.compareAndSet(false, true)) {
                runs.finish(runId, false, e.getMessage());
            }
            LOG.error("{} failed", job, e);
            spark.stop();
            System.exit(1);
        }
        spark.stop();
    }

    private static String train(
            SparkSession spark,
            BatchSettings b,
            Lake lake,
            Jdbc jdbc,
            ControlEvents events,
            String modelName,
            Clock clock,
            ModelArtifacts artifacts) {
        TrainJob.Outcome o =
                new TrainJob(
                                spark,
                                lake,
                                b.modelDir(),
                                new ModelRegistry(jdbc),
                                events,
                                new TrainJob.Settings(
                                        modelName,
                                        b.objective(),
                                        b.ensembleSize(),
                                        b.boostRounds(),
                                        b.maxDepth(),
                                        ETA,
                                        b.promotionMargin(),
                                        VALIDATION_SHARE,
                                        SEED,
                                        b.minTrainingRows()),
                                clock,
                                artifacts)
                        .run();
        return modelName
                + " v"
                + o.record().version()
                + " "
                + o.record().status()
                + ": "
                + o.record().decision();
    }

    /**
     * Steps in this JVM, one session for all of them, each reading what the one before wrote. The
     * summary gives each step's wall seconds and what it did, and the JVM's CPU seconds in all.
     */
    static String chain(List<String> steps, SparkSession spark, FlywheelConfig config, Jdbc jdbc)
            throws Exception {
        List<String> parts = new ArrayList<>();
        for (String step : steps) {
            long t = System.nanoTime();
            String summary = run(step, spark, config, jdbc);
            parts.add(
                    String.format(
                            Locale.ROOT,
                            "%s (%.0f s): %s",
                            step,
                            (System.nanoTime() - t) / 1e9,
                            summary));
        }
        java.lang.management.OperatingSystemMXBean os =
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            parts.add(
                    String.format(
                            Locale.ROOT,
                            "JVM CPU %.0f s since start",
                            sun.getProcessCpuTime() / 1e9));
        }
        return String.join("; ", parts);
    }

    static String run(String job, SparkSession spark, FlywheelConfig config, Jdbc jdbc)
            throws Exception {
        BatchSettings b = config.batch();
        Lake lake = LakeStorage.lake(b, config.storage());
        Clock clock = Clock.systemUTC();
        String modelName = b.objective() + "-" + b.horizonHours() + "h";
        String prefix = config.kafka().topicPrefix();
        String bootstrap = config.kafka().bootstrapServers();
        switch (job) {
            case "ingest":
                return "ingested "
                        + new IngestJob(spark, lake, bootstrap, Topic.allNames(prefix)).run()
                        + " records";
            case "curate":
                return new CurateJob(
                                        spark,
                                        lake,
                                        new CurateJob.Settings(
                                                b.horizonHours(), b.objective(), MAX_STALENESS),
                                        clock)
                                .run()
                                .size()
                        + " tables passed their checks";
            case "train":
                try (ControlEvents events = ControlEvents.kafka(bootstrap, prefix, "train-job")) {
                    return train(
                            spark,
                            b,
                            lake,
                            jdbc,
                            events,
                            modelName,
                            clock,
                            ModelArtifacts.of(config, b.modelDir()));
                } catch (NotEnoughDataException e) {
                    // Early on there is nothing to learn from: recommendations stay cold-start.
                    return "skipped: " + e.getMessage();
                }
            case "recommend":
                try (ControlEvents events =
                        ControlEvents.kafka(bootstrap, prefix, "recommend-job")) {
                    RecommendJob.Result r =
                            new RecommendJob(
                                            spark,
                                            lake,
                                            new ModelRegistry(jdbc),
                                            jdbc,
                                            events,
                                            new RecommendJob.Settings(
                                                    modelName,
                                                    b.recommendationsPerSegment(),
                                                    b.explorationShare(),
                                                    MAX_CANDIDATES,
                                                    SEED,
                                                    DEFAULT_NICHES,
                                                    new ChannelLocales(config.render().locales())),
                                            clock,
                                            ModelArtifacts.of(config, b.modelDir()))
                                    .run();
                    return r.count()
                            + " recommendations for "
                            + r.segments().size()
                            + " segments ("
                            + r.policyVersion()
                            + ")";
                }
            case "experiments":
                return new ExperimentReportJob(spark, lake, jdbc, clock).run()
                        + " experiments reported";
            case "maintenance":
                return new MaintenanceJob(spark, lake, VACUUM_RETENTION_HOURS).run().toString();
            case "learn":
                return chain(LEARNING_CHAIN, spark, config, jdbc);
            case "cycle":
                return chain(CYCLE, spark, config, jdbc);
            default:
                throw new IllegalArgumentException("unknown job " + job);
        }
    }
}
