package io.flywheel.batch.recommend;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;

import io.flywheel.batch.ControlEvents;
import io.flywheel.batch.db.Jdbc;
import io.flywheel.batch.lake.DeltaWrites;
import io.flywheel.batch.lake.Lake;
import io.flywheel.batch.quality.QualityReport;
import io.flywheel.batch.registry.ModelRecord;
import io.flywheel.batch.registry.ModelRegistry;
import io.flywheel.effects.EffectsModel;
import io.flywheel.effects.EffectsModelFile;
import io.flywheel.model.ChannelLocales;
import io.flywheel.model.Ensemble;
import io.flywheel.model.ModelMetadata;
import io.flywheel.model.Parameter;
import io.flywheel.model.ParameterSpace;
import io.flywheel.model.ParameterTable;
import io.flywheel.schemas.Envelopes;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.RecommendationsPublished;
import io.flywheel.storage.ModelArtifacts;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For each segment (platform × niche) seen in gold: enumerate (or sample) candidate arms, score
 * them with the champion ensemble, rank them ({@link Ranking}) and replace the segment's rows in
 * {@code recommendations} atomically; then announce {@code RecommendationsPublished}. With no
 * champion yet (cold start) each segment gets a diverse exploration set ({@link
 * CandidateArms#diverse}) instead, flagged as exploration and without predictions.
 */
public final class RecommendJob {
    private static final Logger LOG = LoggerFactory.getLogger(RecommendJob.class);

    /** Every arm a renderer supports, every hour of the day; values gold has seen are added. */
    public static final ParameterSpace DEFAULT_SPACE = ParameterSpace.DEFAULT;

    /**
     * @param defaultNiches segments used with every platform when gold has none yet
     * @param locales the locales each platform's segments are offered ({@code render.locales})
     */
    public record Settings(
            String modelName,
            int perSegment,
            double explorationShare,
            int maxCandidates,
            long seed,
            List<String> defaultNiches,
            ChannelLocales locales) {

        /** Settings where every channel makes videos in the default locale only. */
        public Settings(
                String modelName,
                int perSegment,
                double explorationShare,
                int maxCandidates,
                long seed,
                List<String> defaultNiches) {
            this(
                    modelName,
                    perSegment,
                    explorationShare,
                    maxCandidates,
                    seed,
                    defaultNiches,
                    ChannelLocales.DEFAULT);
        }
    }

    /** What was published. */
    public record Result(
            String policyVersion, Integer modelVersion, List<String> segments, int count) {}

    private final SparkSession spark;
    private final Lake lake;
    private final ModelRegistry registry;
    private final RecommendationStore store;
    private final ControlEvents events;
    private final Settings settings;
    private final Clock clock;
    private final ModelArtifacts artifacts;

    /** A job that reads the champion's files from its {@code file:} artifact URI. */
    public RecommendJob(
            SparkSession spark,
            Lake lake,
            ModelRegistry registry,
            Jdbc jdbc,
            ControlEvents events,
            Settings settings,
            Clock clock) {
        this(spark, lake, registry, jdbc, events, settings, clock, null);
    }

    /**
     * @param artifacts finds the champion's files (mirrored from the bucket when storage.url names
     *     one); null for {@code file:} URIs only
     */
    public RecommendJob(
            SparkSession spark,
            Lake lake,
            ModelRegistry registry,
            Jdbc jdbc,
            ControlEvents events,
            Settings settings,
            Clock clock,
            ModelArtifacts artifacts) {
        this.artifacts = artifacts;
        this.spark = spark;
        this.lake = lake;
        this.registry = registry;
        this.store = new RecommendationStore(jdbc);
        this.events = events;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * The parameters whose values are open (no closed Avro enum): the values gold has seen of these
     * are added to a segment's space.
     */
    static final List<Parameter> OPEN =
            ParameterTable.chosen().stream().filter(p -> p.vocabulary().isEmpty()).toList();

    /**
     * The segments and what each has tried: platform, niche, then the sorted distinct values of
     * each {@link #OPEN} parameter, in order.
     */
    public static List<Row> segments(Dataset<Row> gold) {
        Column[] tried =
                OPEN.stream()
                        .map(p -> array_sort(collect_set(col(p.name()))).as(p.name()))
                        .toArray(Column[]::new);
        return gold.groupBy("platform", "niche")
                .agg(tried[0], java.util.Arrays.copyOfRange(tried, 1, tried.length))
                .orderBy("platform", "niche")
                .collectAsList();
    }

    /** The default space with the values a segment's gold row has tried ({@link #segments}). */
    static ParameterSpace tried(Row segment) {
        ParameterSpace space = DEFAULT_SPACE;
        for (int i = 0; i < OPEN.size(); i++) {
            space = space.plus(OPEN.get(i), segment.getList(2 + i));
        }
        return space;
    }

    public Result run() {
        String table = lake.table(Lake.GOLD_VIDEO_OUTCOMES);
        List<Segment> segments = new ArrayList<>();
        if (DeltaWrites.exists(spark, table)) {
            for (Row r : segments(spark.read().format("delta").load(table))) {
                segments.add(
                        new Segment(
                                r.getString(0),
                                r.getString(1),
                                settings.locales().space(r.getString(0), tried(r))));
            }
        }
        if (segments.isEmpty()) {
            for (Platform p : Platform.values()) {
                if (p != Platform.UNKNOWN) {
                    for (String niche : settings.defaultNiches()) {
                        segments.add(
                                new Segment(
                                        p.name(),
                                        niche,
                                        settings.locales().space(p.name(), DEFAULT_SPACE)));
                    }
                }
            }
        }
        Optional<ModelRecord> champion = registry.champion(settings.modelName());
        Result result =
                champion.isPresent() ? scored(segments, champion.get()) : coldStart(segments);
        events.publish(
                RecommendationsPublished.newBuilder()
                        .setEnvelope(
                                Envelopes.create(
                                        RecommendationsPublished.class,
                                        Envelopes.producerName("recommend-job"),
                                        UUID.randomUUID().toString(),
                                        clock.millis()))
                        .setPolicyVersion(result.policyVersion())
                        .setModelVersion(
                                result.modelVersion() == null
                                        ? null
                                        : settings.modelName() + "-v" + result.modelVersion())
                        .setSegments(result.segments())
                        .setRecommendationCount(result.count())
                        .build());
        LOG.info(
                "published {} recommendations for {} segments with {}",
                result.count(),
                result.segments().size(),
                result.policyVersion());
        return result;
    }

    private Result scored(List<Segment> segments, ModelRecord champion) {
        Path dir =
                artifacts == null
                        ? Path.of(URI.create(champion.artifactUri()))
                        : artifacts.localDir(champion.artifactUri());
        if (EffectsModelFile.exists(dir)) {
            return withEffects(segments, champion, dir);
        }
        ModelMetadata meta = ModelMetadata.read(dir);
        Ensemble ensemble = Ensemble.load(dir, meta.encoder());
        String policy = "thompson@" + settings.modelName() + "-v" + champion.version();
        Random random = new Random(settings.seed());
        List<String> names = new ArrayList<>();
        int count = 0;
        try {
            for (Segment s : segments) {
                ParameterSpace space = known(s.space(), meta);
                List<Recommendation> recs =
                        Recommender.scored(
                                ensemble,
                                s.platform(),
                                s.niche(),
                                space,
                                settings.perSegment(),
                                settings.explorationShare(),
                                settings.maxCandidates(),
                                settings.seed() ^ s.name().hashCode(),
                                random);
                count += publish(s, recs, champion, policy);
                names.add(s.name());
            }
        } finally {
            ensemble.dispose();
        }
        return new Result(policy, champion.version(), names, count);
    }

    /**
     * With the champion's effects model: each segment's list is every arm a brief's video can get
     * from it (the mean's best and its one-parameter explorations), ranked by the draws.
     */
    private Result withEffects(List<Segment> segments, ModelRecord champion, Path dir) {
        EffectsModel model;
        try {
            model = EffectsModelFile.read(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String policy = "effects@" + settings.modelName() + "-v" + champion.version();
        Random random = new Random(settings.seed());
        List<String> names = new ArrayList<>();
        int count = 0;
        for (Segment s : segments) {
            List<Recommendation> recs =
                    Recommender.effectsRanked(
                            model,
                            s.platform(),
                            s.niche(),
                            s.space(),
                            settings.perSegment(),
                            settings.explorationShare(),
                            random);
            count += publish(s, recs, champion, policy);
            names.add(s.name());
        }
        return new Result(policy, champion.version(), names, count);
    }

    /** Checks a segment's list and replaces its served rows with it; how many rows it has. */
    private int publish(Segment s, List<Recommendation> recs, ModelRecord champion, String policy) {
        check(s.name(), recs);
        store.replaceSegment(
                s.platform(),
                s.niche(),
                recs,
                settings.modelName(),
                champion.version(),
                policy,
                clock.instant());
        return recs.size();
    }

    private Result coldStart(List<Segment> segments) {
        String policy = "cold-start-diverse";
        List<String> names = new ArrayList<>();
        int count = 0;
        for (Segment s : segments) {
            List<Recommendation> recs =
                    Recommender.coldStart(
                            s.platform(),
                            s.niche(),
                            s.space(),
                            settings.perSegment(),
                            settings.seed() ^ s.name().hashCode());
            check(s.name(), recs);
            store.replaceSegment(
                    s.platform(), s.niche(), recs, null, null, policy, clock.instant());
            names.add(s.name());
            count += recs.size();
        }
        return new Result(policy, null, names, count);
    }

    /**
     * The checks on a segment's rows before they replace the served ones: a failing check fails the
     * job and the previous recommendations stay in place.
     */
    static void check(String segment, List<Recommendation> recs) {
        List<QualityReport.Result> results = new ArrayList<>();
        boolean ranks = true;
        for (int i = 0; i < recs.size(); i++) {
            ranks &= recs.get(i).rank() == i + 1;
        }
        results.add(
                new QualityReport.Result(
                        "ranks are 1.." + recs.size(), ranks, recs.size() + " rows"));
        long distinct = recs.stream().map(r -> r.arm().armKey()).distinct().count();
        results.add(
                new QualityReport.Result(
                        "unique: arm_key",
                        distinct == recs.size(),
                        (recs.size() - distinct) + " duplicated values"));
        long bad =
                recs.stream()
                        .filter(
                                r ->
                                        r.predictedMean() != null
                                                && (!Double.isFinite(r.predictedMean())
                                                        || !Double.isFinite(r.predictedSd())))
                        .count();
        results.add(new QualityReport.Result("finite: predictions", bad == 0, bad + " not finite"));
        long share =
                recs.stream().filter(r -> r.thompsonShare() < 0 || r.thompsonShare() > 1).count();
        results.add(
                new QualityReport.Result(
                        "range: thompson_share in [0, 1]",
                        share == 0,
                        share + " values out of range"));
        results.add(new QualityReport.Result("rows >= 1", !recs.isEmpty(), recs.size() + " rows"));
        new QualityReport("recommendations of " + segment, recs.size(), results).orThrow();
    }

    /**
     * Values of a learned vocabulary that the model never saw get no learned effect: offer the ones
     * it knows.
     */
    static ParameterSpace known(ParameterSpace space, ModelMetadata meta) {
        ParameterSpace out = space;
        for (Parameter p : ParameterTable.chosen()) {
            List<String> seen = meta.vocabularies().get(p.name());
            if (p.learned() && seen != null && !seen.isEmpty()) {
                out = out.with(p, seen);
            }
        }
        return out;
    }

    private record Segment(String platform, String niche, ParameterSpace space) {
        String name() {
            return platform + "/" + niche;
        }
    }
}
