package io.flywheel.batch.train;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.flywheel.batch.ControlEvents;
import io.flywheel.batch.curate.Objectives;
import io.flywheel.batch.lake.DeltaWrites;
import io.flywheel.batch.lake.Lake;
import io.flywheel.batch.model.Metrics;
import io.flywheel.batch.model.Plots;
import io.flywheel.batch.quality.QualityChecks;
import io.flywheel.batch.recommend.RecommendJob;
import io.flywheel.batch.registry.ModelRecord;
import io.flywheel.batch.registry.ModelRegistry;
import io.flywheel.effects.EffectsModel;
import io.flywheel.effects.EffectsModelFile;
import io.flywheel.effects.EffectsPrior;
import io.flywheel.model.Arm;
import io.flywheel.model.Ensemble;
import io.flywheel.model.FeatureEncoder;
import io.flywheel.model.ModelMetadata;
import io.flywheel.model.ParameterTable;
import io.flywheel.schemas.Envelopes;
import io.flywheel.schemas.ModelPromoted;
import io.flywheel.storage.ModelArtifacts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import ml.dmlc.xgboost4j.java.Booster;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the performance model on {@code gold.video_outcomes} rows whose horizon is reached: a
 * bootstrap ensemble of XGBoost boosters (xgboost4j-spark), a time-based split (the newest share of
 * videos is the validation set), metrics against the mean baseline and the champion on that same
 * validation set, native booster files + metadata + plots in the model store, a registry row, and
 * {@code ModelPromoted} when the challenger beats the champion by the configured margin. Beside the
 * boosters, the version holds the effects model ({@link EffectsTrainer}, {@code effects.json})
 * fitted to every row, which the RecommendJob and the strategy API choose arms with.
 */
public final class TrainJob {
    private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @param modelName the registry's name for this model, e.g. {@code engaged_views-72h}
     * @param validationShare the newest share of videos held out for validation
     * @param minRows fewer horizon-reached videos than this is a data-quality failure
     */
    public record Settings(
            String modelName,
            String objective,
            int ensembleSize,
            int boostRounds,
            int maxDepth,
            double eta,
            double promotionMargin,
            double validationShare,
            long seed,
            long minRows) {}

    /** What a run produced and decided. */
    public record Outcome(
            ModelRecord record,
            boolean promoted,
            Metrics challenger,
            Metrics baseline,
            Optional<Metrics> champion,
            Path modelDir,
            double trainSeconds,
            double effectsSeconds) {}

    private final SparkSession spark;
    private final Lake lake;
    private final ModelRegistry registry;
    private final ControlEvents events;
    private final Settings settings;
    private final Clock clock;
    private final ModelArtifacts artifacts;
    private final ModelVersionWriter writer;
    private final PromotionRule promotion;

    /** A job whose versions stay in {@code modelStore} (no bucket). */
    public TrainJob(
            SparkSession spark,
            Lake lake,
            Path modelStore,
            ModelRegistry registry,
            ControlEvents events,
            Settings settings,
            Clock clock) {
        this(
                spark,
                lake,
                modelStore,
                registry,
                events,
                settings,
                clock,
                ModelArtifacts.local(modelStore));
    }

    /**
     * @param artifacts publishes each version's directory (to the bucket when storage.url names
     *     one) and finds the champion's files
     */
    public TrainJob(
            SparkSession spark,
            Lake lake,
            Path modelStore,
            ModelRegistry registry,
            ControlEvents events,
            Settings settings,
            Clock clock,
            ModelArtifacts artifacts) {
        this.artifacts = artifacts;
        this.spark = spark;
        this.lake = lake;
        this.registry = registry;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
        this.writer = new ModelVersionWriter(modelStore, artifacts);
        this.promotion = new PromotionRule(settings.promotionMargin());
    }

    /**
     * The publication time from which rows are validation rows: the newest {@code share} of them.
     * To a rank error of 0.1% of the rows (one row in a thousand-row set): an exact quantile keeps
     * every value in the sketch and took 1–1.5 s on 1M rows, a third of a fit (bench/training). The
     * same rows give the same cutoff, so a re-training from time travel splits the same way.
     */
    public static double validationCutoff(Dataset<Row> rows, double share) {
        return rows.stat().approxQuantile("published_at", new double[] {1 - share}, 1e-3)[0];
    }

    /**
     * The pure part: gold rows → the rows to learn from (arm, publication time, label), the label
     * being the configured {@code objective} ({@link Objectives}); rows without it (revenue not
     * reported) are left out.
     */
    public static Dataset<Row> trainingSet(Dataset<Row> gold, String objective) {
        List<String> cols = new ArrayList<>(ParameterTable.names());
        cols.add("published_at");
        List<org.apache.spark.sql.Column> select = new ArrayList<>();
        cols.forEach(c -> select.add(col(c)));
        select.add(Objectives.value(objective).as("label"));
        return gold.where(col("horizon_reached"))
                .select(select.toArray(new org.apache.spark.sql.Column[0]))
                .where(col("label").isNotNull());
    }

    public Outcome run() {
        String table = lake.table(Lake.GOLD_VIDEO_OUTCOMES);
        long tableVersion = DeltaWrites.version(spark, table);
        if (tableVersion < 0) {
            throw new NotEnoughDataException("no gold table at " + table + " yet");
        }
        // Time travel pins the exact rows: re-running from this version re-trains the same model.
        Dataset<Row> gold =
                spark.read().format("delta").option("versionAsOf", tableVersion).load(table);
        List<String> objective =
                gold.select("objective")
                        .as(org.apache.spark.sql.Encoders.STRING())
                        .limit(1)
                        .collectAsList();
        if (objective.isEmpty()) {
            // A fresh install curates an empty gold table before any video reached the horizon.
            throw new NotEnoughDataException("the gold table has no videos yet");
        }
        if (!settings.objective().equals(objective.get(0))) {
            LOG.info(
                    "learning {} (configured) from gold curated for {}",
                    settings.objective(),
                    objective.get(0));
        }
        Dataset<Row> rows = trainingSet(gold, settings.objective()).cache();
        try {
            return train(rows, table, tableVersion);
        } finally {
            rows.unpersist();
        }
    }

    private Outcome train(Dataset<Row> rows, String table, long tableVersion) {
        long reached = rows.count();
        if (reached < settings.minRows()) {
            throw new NotEnoughDataException(
                    reached
                            + " videos have reached the horizon; training needs "
                            + settings.minRows());
        }
        QualityChecks.on("training set of " + Lake.GOLD_VIDEO_OUTCOMES + "@v" + tableVersion)
                .notNull(ParameterTable.names().toArray(new String[0]))
                .notNull("label", "published_at")
                .inRange("label", 0, 1e12)
                .evaluate(rows)
                .orThrow();
        double cutoff = validationCutoff(rows, settings.validationShare());
        Dataset<Row> trainRows = rows.where(col("published_at").lt(cutoff));
        Dataset<Row> validRows = rows.where(col("published_at").geq(cutoff));

        long trainCount = trainRows.count();
        double trainMean = trainRows.agg(avg("label")).first().getDouble(0);

        int version = registry.nextVersion(settings.modelName());
        Path dir = writer.createVersion(settings.modelName(), version);
        long started = System.nanoTime();
        EnsembleTrainer.Trained trained =
                new EnsembleTrainer(
                                settings.ensembleSize(),
                                settings.boostRounds(),
                                settings.maxDepth(),
                                settings.eta(),
                                settings.seed())
                        .fit(trainRows);
        FeatureEncoder encoder = trained.encoder();
        Map<String, Double> importance = trained.importance();
        try {
            writer.writeBoosters(dir, trained.boosters());
        } finally {
            trained.boosters().forEach(Booster::dispose);
        }
        double trainSeconds = (System.nanoTime() - started) / 1e9;

        // The effects model, which chooses the arms: every row (the newest outcomes matter most to
        // a decision), its group variances starting from the champion's
        long effectsStarted = System.nanoTime();
        EffectsModel effects =
                new EffectsTrainer(
                                EffectsPrior.DEFAULT,
                                EffectsTrainer.DRAWS,
                                settings.seed(),
                                RecommendJob.DEFAULT_SPACE)
                        .fit(rows, championVariances());
        writer.writeEffects(dir, effects);
        double effectsSeconds = (System.nanoTime() - effectsStarted) / 1e9;

        List<Row> valid = validRows.collectAsList();
        if (valid.isEmpty()) {
            throw new IllegalStateException("the validation split is empty");
        }
        List<Arm> arms = valid.stream().map(io.flywheel.batch.model.SparkFeatures::arm).toList();
        double[] actual = valid.stream().mapToDouble(r -> r.<Double>getAs("label")).toArray();
        Ensemble challenger = Ensemble.load(dir, encoder);
        double[] predicted = challenger.mean(arms);
        challenger.dispose();
        Metrics challengerMetrics = Metrics.of(actual, predicted, arms);
        double[] constant = new double[actual.length];
        java.util.Arrays.fill(constant, trainMean);
        Metrics baseline = Metrics.of(actual, constant, arms);

        Optional<ModelRecord> champion = registry.champion(settings.modelName());
        Optional<Metrics> championMetrics = champion.flatMap(c -> evaluate(c, arms, actual));
        PromotionRule.Decision decision =
                promotion.decide(
                        challengerMetrics.rmse(),
                        champion.map(
                                c ->
                                        new PromotionRule.Champion(
                                                c.version(),
                                                championMetrics
                                                        .map(m -> OptionalDouble.of(m.rmse()))
                                                        .orElse(OptionalDouble.empty()))));
        boolean promote = decision.promote();

        Plots.featureImportance(
                importance,
                settings.modelName() + " v" + version + ": feature importance (gain, member 0)",
                dir.resolve("feature-importance.png"));
        Plots.predictedVsActual(
                actual,
                predicted,
                settings.modelName() + " v" + version + ": validation, predicted vs actual",
                dir.resolve("predicted-vs-actual.png"));

        Instant cutoffTime = Instant.ofEpochMilli((long) cutoff);
        Map<String, Object> params = params();
        ModelMetadata meta =
                new ModelMetadata(
                        settings.modelName(),
                        version,
                        settings.objective(),
                        ParameterTable.featureNames(),
                        encoder.learned(),
                        params,
                        table,
                        tableVersion,
                        trainCount,
                        valid.size(),
                        cutoffTime.toString(),
                        challengerMetrics.asMap(),
                        baseline.asMap(),
                        championMetrics.map(Metrics::asMap).orElse(null),
                        importance,
                        clock.instant().toString());
        writer.writeMetadata(dir, meta);
        String artifactUri = writer.publish(dir);

        ModelRecord record =
                new ModelRecord(
                        settings.modelName(),
                        version,
                        decision.status(),
                        settings.objective(),
                        artifactUri,
                        table,
                        tableVersion,
                        trainCount,
                        valid.size(),
                        cutoffTime,
                        settings.ensembleSize(),
                        json(ParameterTable.featureNames()),
                        json(params),
                        challengerMetrics.asMap(),
                        baseline.asMap(),
                        champion.map(ModelRecord::version).orElse(null),
                        championMetrics.map(Metrics::asMap).orElse(null),
                        decision.reason());
        registry.register(record);
        LOG.info(
                "{} v{}: RMSE {} (mean baseline {}), {}: {}",
                settings.modelName(),
                version,
                challengerMetrics.rmse(),
                baseline.rmse(),
                promote ? "PROMOTED" : "rejected",
                decision.reason());
        if (promote) {
            announce(version, champion, artifactUri, tableVersion, challengerMetrics);
        }
        return new Outcome(
                record,
                promote,
                challengerMetrics,
                baseline,
                championMetrics,
                dir,
                trainSeconds,
                effectsSeconds);
    }

    /**
     * {@code ModelPromoted} on the control topic, which the strategy API follows to swap models.
     */
    private void announce(
            int version,
            Optional<ModelRecord> previous,
            String artifactUri,
            long tableVersion,
            Metrics metrics) {
        events.publish(
                ModelPromoted.newBuilder()
                        .setEnvelope(
                                Envelopes.create(
                                        ModelPromoted.class,
                                        Envelopes.producerName("train-job"),
                                        UUID.randomUUID().toString(),
                                        clock.millis()))
                        .setModelName(settings.modelName())
                        .setModelVersion(Integer.toString(version))
                        .setPreviousVersion(
                                previous.map(c -> Integer.toString(c.version())).orElse(null))
                        .setObjective(settings.objective())
                        .setArtifactUri(artifactUri)
                        .setTrainingTableVersion(tableVersion)
                        .setMetrics(metrics.asMap())
                        .build());
    }

    /** The champion's effects-model group variances, if it has an effects model that loads. */
    private double[] championVariances() {
        try {
            Optional<ModelRecord> c = registry.champion(settings.modelName());
            if (c.isEmpty()) {
                return null;
            }
            Path dir = artifacts.localDir(c.get().artifactUri());
            return EffectsModelFile.exists(dir) ? EffectsModelFile.read(dir).variances() : null;
        } catch (IOException | RuntimeException e) {
            LOG.warn("the champion's effects model cannot be read: {}", e.toString());
            return null;
        }
    }

    /** The champion's metrics on today's validation rows, with its own feature vocabulary. */
    private Optional<Metrics> evaluate(ModelRecord champion, List<Arm> arms, double[] actual) {
        try {
            Path dir = artifacts.localDir(champion.artifactUri());
            ModelMetadata meta = ModelMetadata.read(dir);
            Ensemble e = Ensemble.load(dir, meta.encoder());
            try {
                return Optional.of(Metrics.of(actual, e.mean(arms), arms));
            } finally {
                e.dispose();
            }
        } catch (RuntimeException e) {
            LOG.warn("champion v{} cannot be evaluated: {}", champion.version(), e.toString());
            return Optional.empty();
        }
    }

    private Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("objective", EnsembleTrainer.OBJECTIVE);
        p.put("tree_method", "hist");
        p.put("num_round", settings.boostRounds());
        p.put("max_depth", settings.maxDepth());
        p.put("eta", settings.eta());
        p.put("seed", settings.seed());
        p.put("ensemble_size", settings.ensembleSize());
        p.put("bootstrap", "member k: sample(withReplacement, 1.0, seed + k)");
        p.put("validation_share", settings.validationShare());
        p.put("spark_parallelism", spark.sparkContext().defaultParallelism());
        p.put("effects_prior", EffectsPrior.DEFAULT.toString());
        p.put("effects_draws", EffectsTrainer.DRAWS);
        return p;
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
