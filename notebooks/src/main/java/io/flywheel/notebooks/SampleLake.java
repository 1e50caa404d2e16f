package io.flywheel.notebooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flywheel.batch.ControlEvents;
import io.flywheel.batch.SparkSessions;
import io.flywheel.batch.curate.CurateJob;
import io.flywheel.batch.db.Jdbc;
import io.flywheel.batch.experiment.ExperimentReportJob;
import io.flywheel.batch.ingest.IngestJob;
import io.flywheel.batch.lake.Lake;
import io.flywheel.batch.registry.ModelRegistry;
import io.flywheel.batch.synthetic.EventStream;
import io.flywheel.batch.synthetic.PlantedSignal;
import io.flywheel.batch.train.TrainJob;
import io.flywheel.model.Arm;
import io.flywheel.model.Parameter;
import io.flywheel.model.ParameterTable;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.Envelopes;
import io.flywheel.schemas.EventCodec;
import io.flywheel.schemas.EventType;
import io.flywheel.schemas.Stage;
import io.flywheel.schemas.StageCompleted;
import io.flywheel.schemas.StageFailed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small lake for the notebooks when there is no real one: the batch jobs' own synthetic events
 * with a planted signal ({@link PlantedSignal}, as the learning tests use), the render stage
 * attempts of each video, and one experiment, written to bronze in two batches and run through the
 * real jobs (curate, train twice with a retrain on more data and a weak challenger, experiment
 * report). Deterministic for a seed.
 */
public final class SampleLake {
    private static final Logger LOG = LoggerFactory.getLogger(SampleLake.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final long START = 1_700_000_000_000L;
    static final String MODEL = "engaged_views-72h";
    static final String EXPERIMENT = "exp-hooks";
    static final StructType KAFKA =
            new StructType()
                    .add("key", DataTypes.BinaryType)
                    .add("value", DataTypes.BinaryType)
                    .add("topic", DataTypes.StringType)
                    .add("partition", DataTypes.IntegerType)
                    .add("offset", DataTypes.LongType)
                    .add("timestamp", DataTypes.TimestampType);

    /** Videos per bronze batch; the experiment's videos come on top, in the second batch. */
    private final int videosPerBatch;

    private final int experimentVideos;
    private long offset;

    public SampleLake(int videosPerBatch, int experimentVideos) {
        this.videosPerBatch = videosPerBatch;
        this.experimentVideos = experimentVideos;
    }

    /** Outcome: the rows written to bronze and the model versions registered. */
    public record Prepared(long bronzeRecords, int modelVersions, long seconds) {}

    public Prepared prepare(Path dataDir, Jdbc jdbc) throws SQLException {
        long t0 = System.nanoTime();
        Lake lake = new Lake(dataDir.resolve("lake"));
        Path models = dataDir.resolve("models");
        SparkSession spark = SparkSessions.create("local[2]", "flywheel-notebooks-sample");
        Random random = new Random(7);
        Clock clock =
                Clock.fixed(Instant.ofEpochMilli(START + 14L * 24 * 3_600_000L), ZoneOffset.UTC);
        CurateJob.Settings curate =
                new CurateJob.Settings(72, "engaged_views", Duration.ofDays(30));
        defineExperiment(jdbc);

        EventStream stream = new EventStream(21, START);
        List<SpecificRecord> first = withStages(stream.videos(videosPerBatch, 3), random);
        long records = append(spark, lake, first, UNDECODABLE);
        new CurateJob(spark, lake, curate, clock).run();
        train(spark, lake, models, jdbc, clock, 40, 3);

        List<SpecificRecord> second = new ArrayList<>(stream.videos(videosPerBatch, 3));
        second.addAll(
                stream.inExperiment(EXPERIMENT, experimentArms()).videos(experimentVideos, 3));
        records += append(spark, lake, withStages(second, random), 0);
        new CurateJob(spark, lake, curate, clock).run();
        train(spark, lake, models, jdbc, clock, 80, 4);
        train(spark, lake, models, jdbc, clock, 2, 1);
        new ExperimentReportJob(spark, lake, jdbc, clock).run();
        spark.stop();
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        int versions = new ModelRegistry(jdbc).nextVersion(MODEL) - 1;
        LOG.info(
                "sample lake: {} bronze records, {} model versions, {} s",
                records,
                versions,
                seconds);
        return new Prepared(records, versions, seconds);
    }

    private static void train(
            SparkSession spark,
            Lake lake,
            Path models,
            Jdbc jdbc,
            Clock clock,
            int rounds,
            int depth) {
        new TrainJob(
                        spark,
                        lake,
                        models,
                        new ModelRegistry(jdbc),
                        ControlEvents.none(),
                        new TrainJob.Settings(
                                MODEL, "engaged_views", 3, rounds, depth, 0.3, 0.02, 0.2, 7L, 100),
                        clock)
                .run();
    }

    /**
     * Three arms differing only in the planted parameter ({@link PlantedSignal#PLANTED}): its
     * control value, the segment's best, another.
     */
    static List<ContentParameters> experimentArms() {
        Arm base = Arm.fromAvro(PlantedSignal.randomArm(new Random(3)));
        Parameter planted = ParameterTable.get(PlantedSignal.PLANTED);
        List<String> levels = new ArrayList<>(List.of(PlantedSignal.CONTROL));
        String best = PlantedSignal.best(base.segment());
        if (!best.equals(PlantedSignal.CONTROL)) {
            levels.add(best);
        }
        for (String v : planted.values()) {
            if (levels.size() < 3 && !levels.contains(v)) {
                levels.add(v);
            }
        }
        return levels.stream().map(v -> base.with(planted, v).toAvro()).toList();
    }

    private static void defineExperiment(Jdbc jdbc) throws SQLException {
        try (Connection c = jdbc.connect()) {
            try (PreparedStatement s =
                    c.prepareStatement(
                            "INSERT INTO experiments (experiment_id, name, control_arm) VALUES (?, ?, ?)"
                                    + " ON CONFLICT DO NOTHING")) {
                s.setString(1, EXPERIMENT);
                s.setString(2, "which hook opens best");
                s.setString(3, "arm-0");
                s.executeUpdate();
            }
            List<ContentParameters> arms = experimentArms();
            for (int k = 0; k < arms.size(); k++) {
                try (PreparedStatement s =
                        c.prepareStatement(
                                "INSERT INTO experiment_arms (experiment_id, arm, traffic_share,"
                                        + " parameters) VALUES (?, ?, ?, ?::jsonb) ON CONFLICT DO NOTHING")) {
                    s.setString(1, EXPERIMENT);
                    s.setString(2, "arm-" + k);
                    s.setDouble(3, 1.0 / arms.size());
                    s.setString(4, plantedJson(arms.get(k)));
                    s.executeUpdate();
                }
            }
        }
    }

    /** The experiment arm's parameters as experiment_arms holds them: the planted one's value. */
    static String plantedJson(ContentParameters arm) {
        Parameter planted = ParameterTable.get(PlantedSignal.PLANTED);
        try {
            return JSON.writeValueAsString(Map.of(planted.name(), planted.text(Arm.fromAvro(arm))));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Adds each requested video's render attempts: one per stage, some failed and retried. */
    static List<SpecificRecord> withStages(List<SpecificRecord> events, Random r) {
        List<SpecificRecord> out = new ArrayList<>(events);
        for (SpecificRecord e : events) {
            if (e instanceof ContentRequested req) {
                String job = req.getJobId().toString();
                long t = req.getEnvelope().getEventTime();
                for (StageProfile p : StageProfile.ALL) {
                    int attempt = 1;
                    while (attempt < 3 && r.nextDouble() < p.failureRate) {
                        long latency = p.latency(r);
                        t += latency;
                        out.add(
                                StageFailed.newBuilder()
                                        .setEnvelope(
                                                Envelopes.create(
                                                        StageFailed.class, "sample", job, t))
                                        .setJobId(job)
                                        .setStage(p.stage)
                                        .setProvider(p.provider)
                                        .setAttempt(attempt)
                                        .setLatencyMs(latency)
                                        .setCostMicroUsd(p.cost / 2)
                                        .setErrorClass(p.errors[r.nextInt(p.errors.length)])
                                        .setMessage("sample failure")
                                        .setRetryable(true)
                                        .build());
                        attempt++;
                    }
                    long latency = p.latency(r);
                    t += latency;
                    out.add(
                            StageCompleted.newBuilder()
                                    .setEnvelope(
                                            Envelopes.create(
                                                    StageCompleted.class, "sample", job, t))
                                    .setJobId(job)
                                    .setStage(p.stage)
                                    .setProvider(p.provider)
                                    .setAttempt(attempt)
                                    .setLatencyMs(latency)
                                    .setCostMicroUsd(p.cost)
                                    .build());
                }
            }
        }
        return out;
    }

    /** How long, how costly and how fallible each stage is in the sample (log-normal latency). */
    record StageProfile(
            Stage stage,
            String provider,
            double medianMs,
            double sigma,
            long cost,
            double failureRate,
            String[] errors) {
        static final List<StageProfile> ALL =
                List.of(
                        new StageProfile(
                                Stage.SCRIPT,
                                "llm",
                                2500,
                                0.4,
                                1800,
                                0.03,
                                new String[] {"ProviderTimeout", "RateLimited"}),
                        new StageProfile(
                                Stage.MODERATION,
                                "llm",
                                600,
                                0.3,
                                300,
                                0.01,
                                new String[] {"ProviderTimeout"}),
                        new StageProfile(
                                Stage.NARRATION,
                                "espeak-ng",
                                150,
                                0.3,
                                0,
                                0.005,
                                new String[] {"ProcessFailed"}),
                        new StageProfile(
                                Stage.CAPTIONS,
                                "aligner",
                                300,
                                0.3,
                                0,
                                0.0,
                                new String[] {"AlignmentFailed"}),
                        new StageProfile(
                                Stage.VISUALS,
                                "stock",
                                4000,
                                0.6,
                                6000,
                                0.05,
                                new String[] {"ProviderTimeout", "NoResults", "RateLimited"}),
                        new StageProfile(
                                Stage.MUSIC,
                                "library",
                                200,
                                0.2,
                                500,
                                0.0,
                                new String[] {"NoResults"}),
                        new StageProfile(
                                Stage.ASSEMBLY,
                                "ffmpeg",
                                9000,
                                0.25,
                                0,
                                0.02,
                                new String[] {"FfmpegFailed"}),
                        new StageProfile(
                                Stage.THUMBNAIL,
                                "ffmpeg",
                                400,
                                0.2,
                                0,
                                0.0,
                                new String[] {"FfmpegFailed"}),
                        new StageProfile(
                                Stage.QA,
                                "ffprobe",
                                800,
                                0.2,
                                0,
                                0.04,
                                new String[] {"LoudnessOutOfRange", "BlackFrames"}),
                        new StageProfile(
                                Stage.PUBLISH,
                                "sandbox",
                                1200,
                                0.5,
                                0,
                                0.02,
                                new String[] {"QuotaExceeded", "UploadInterrupted"}));

        long latency(Random r) {
            return Math.max(1, Math.round(medianMs * Math.exp(sigma * r.nextGaussian())));
        }
    }

    /**
     * Records that are not Avro at all: curation quarantines them, the lake notebook shows them.
     */
    static final int UNDECODABLE = 3;

    private long append(SparkSession spark, Lake lake, List<SpecificRecord> events, int garbage) {
        EventCodec codec = EventCodec.standard();
        List<Row> rows = new ArrayList<>(events.size());
        for (SpecificRecord e : events) {
            EventType type = EventType.of(e);
            rows.add(
                    RowFactory.create(
                            type.keyOf(e).getBytes(StandardCharsets.UTF_8),
                            codec.encode(e),
                            type.topic().name("flywheel."),
                            0,
                            offset++,
                            new Timestamp(START + offset)));
        }
        for (int i = 0; i < garbage; i++) {
            rows.add(
                    RowFactory.create(
                            ("garbage-" + i).getBytes(StandardCharsets.UTF_8),
                            ("not an event " + i).getBytes(StandardCharsets.UTF_8),
                            io.flywheel.schemas.Topic.values()[0].name("flywheel."),
                            0,
                            offset++,
                            new Timestamp(START + offset)));
        }
        IngestJob.toBronze(spark.createDataFrame(rows, KAFKA))
                .write()
                .format("delta")
                .mode("append")
                .save(lake.table(Lake.BRONZE_EVENTS));
        return rows.size();
    }
}
