package io.flywheel.batch.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flywheel.batch.BronzeFixture;
import io.flywheel.batch.ControlEvents;
import io.flywheel.batch.ControlTopic;
import io.flywheel.batch.TestDatabase;
import io.flywheel.batch.TestSpark;
import io.flywheel.batch.curate.CurateJob;
import io.flywheel.batch.db.Jdbc;
import io.flywheel.batch.lake.Lake;
import io.flywheel.batch.recommend.RecommendJob;
import io.flywheel.batch.registry.ModelRecord;
import io.flywheel.batch.registry.ModelRegistry;
import io.flywheel.batch.synthetic.EventStream;
import io.flywheel.batch.synthetic.PlantedSignal;
import io.flywheel.effects.EffectsModel;
import io.flywheel.effects.EffectsModelFile;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.schemas.KafkaTopics;
import io.flywheel.schemas.ModelPromoted;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.RecommendationsPublished;
import io.flywheel.schemas.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The learning half of the loop on synthetic outcomes with a planted signal ({@link
 * PlantedSignal}): curate → train (promoted) → a worse challenger (rejected) → recommend.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LearningLoopTest {
    private static final long START = 1_700_000_000_000L;
    private static final String PREFIX = "learning-test.";
    private static final String MODEL = "engaged_views-72h";
    @TempDir static Path dir;
    static SparkSession spark;
    static Lake lake;
    static Jdbc jdbc;
    static String bootstrap;
    static Clock clock;

    @BeforeAll
    static void curatePlantedOutcomes() {
        spark = TestSpark.session();
        lake = new Lake(dir.resolve("lake"));
        jdbc = TestDatabase.create("learning");
        bootstrap = Ephemeral.kafka().spec().bootstrapServers();
        KafkaTopics.ensure(bootstrap, Topic.allNames(PREFIX), 1, (short) 1, 3_600_000L);
        new BronzeFixture()
                .add(new EventStream(21, START).videos(3000, 3))
                .appendTo(spark, lake.table(Lake.BRONZE_EVENTS));
        clock = Clock.fixed(Instant.ofEpochMilli(START + 40L * 24 * 3_600_000L), ZoneOffset.UTC);
        new CurateJob(
                        spark,
                        lake,
                        new CurateJob.Settings(72, "engaged_views", Duration.ofDays(30)),
                        clock)
                .run();
    }

    private static TrainJob.Settings settings(int rounds, int depth) {
        return new TrainJob.Settings(
                MODEL, "engaged_views", 3, rounds, depth, 0.1, 0.02, 0.2, 7L, 100);
    }

    private static TrainJob train(TrainJob.Settings s, ControlEvents events) {
        return new TrainJob(
                spark, lake, dir.resolve("models"), new ModelRegistry(jdbc), events, s, clock);
    }

    @Test
    @Order(1)
    void thePlantedSignalIsLearnedAndTheFirstModelIsPromoted() throws Exception {
        TrainJob.Outcome out;
        try (ControlEvents events = ControlEvents.kafka(bootstrap, PREFIX, "train-test")) {
            out = train(settings(150, 4), events).run();
        }

        assertThat(out.promoted()).isTrue();
        assertThat(out.challenger().rmse()).isLessThanOrEqualTo(0.7 * out.baseline().rmse());
        assertThat(out.challenger().r2()).isGreaterThan(0.5);
        assertThat(out.challenger().ndcgAt5()).isGreaterThan(out.baseline().ndcgAt5());
        assertThat(out.challenger().rows()).isBetween(500L, 700L);
        assertThat(out.modelDir().resolve("member-00.ubj")).isNotEmptyFile();
        assertThat(out.modelDir().resolve("member-02.ubj")).isNotEmptyFile();
        assertThat(out.modelDir().resolve("metadata.json"))
                .content()
                .contains("\"trainingTableVersion\"");
        assertThat(Files.readAllBytes(out.modelDir().resolve("feature-importance.png")))
                .startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        assertThat(out.modelDir().resolve("predicted-vs-actual.png")).isNotEmptyFile();
        // The API loads this directory with the model module's classes, and its models page names
        // the trees' splits through the one feature map, typed as the TrainJob declared them.
        io.flywheel.model.ModelMetadata meta = io.flywheel.model.ModelMetadata.read(out.modelDir());
        for (java.nio.file.Path member : io.flywheel.model.Ensemble.members(out.modelDir())) {
            ml.dmlc.xgboost4j.java.Booster b =
                    ml.dmlc.xgboost4j.java.XGBoost.loadModel(Files.readAllBytes(member));
            try {
                assertThat(io.flywheel.model.FeatureMap.totalGain(b).keySet())
                        .contains("hook_style")
                        .isSubsetOf(meta.features());
            } finally {
                b.dispose();
            }
        }
        // the effects model beside the boosters, fitted to every row that reached the horizon
        EffectsModel effects = EffectsModelFile.read(out.modelDir());
        assertThat(effects.rows())
                .isEqualTo(out.record().trainRows() + out.record().validationRows());
        assertThat(effects.members()).isEqualTo(EffectsTrainer.DRAWS);
        assertThat(effects.layout().segments()).hasSize(4);
        assertThat(effects.noise()).isPositive();
        assertThat(out.effectsSeconds()).isPositive();

        ModelRecord champion = new ModelRegistry(jdbc).champion(MODEL).orElseThrow();
        assertThat(champion.version()).isEqualTo(1);
        assertThat(champion.trainingTableVersion()).isEqualTo(out.record().trainingTableVersion());
        assertThat(champion.metrics().get("rmse")).isEqualTo(out.challenger().rmse());
        List<ModelPromoted> promoted = ControlTopic.read(bootstrap, PREFIX, ModelPromoted.class, 1);
        assertThat(promoted).hasSize(1);
        assertThat(promoted.get(0).getModelVersion()).isEqualTo("1");
        assertThat(promoted.get(0).getMetrics()).containsKey("rmse");
    }

    @Test
    @Order(2)
    void aWorseChallengerIsNotPromoted() {
        TrainJob.Outcome out = train(settings(3, 1), ControlEvents.none()).run();

        assertThat(out.promoted()).isFalse();
        assertThat(out.champion()).isPresent();
        assertThat(out.challenger().rmse()).isGreaterThan(out.champion().get().rmse());
        ModelRegistry registry = new ModelRegistry(jdbc);
        assertThat(registry.champion(MODEL).orElseThrow().version()).isEqualTo(1);
        ModelRecord rejected = registry.find(MODEL, 2).orElseThrow();
        assertThat(rejected.status()).isEqualTo(ModelRecord.REJECTED);
        assertThat(rejected.championVersion()).isEqualTo(1);
        assertThat(rejected.decision()).contains("champion v1");
    }

    @Test
    @Order(3)
    void thePlantedBestArmRanksFirstInEverySegment() throws Exception {
        RecommendJob.Result result;
        RecommendJob.Settings s =
                new RecommendJob.Settings(MODEL, 10, 0.2, 50_000, 3L, List.of("general"));
        try (ControlEvents events = ControlEvents.kafka(bootstrap, PREFIX, "recommend-test")) {
            new RecommendJob(spark, lake, new ModelRegistry(jdbc), jdbc, events, s, clock).run();
            result =
                    new RecommendJob(spark, lake, new ModelRegistry(jdbc), jdbc, events, s, clock)
                            .run();
        }

        assertThat(result.modelVersion()).isEqualTo(1);
        assertThat(result.segments()).hasSize(4);
        assertThat(result.count()).isEqualTo(40);
        try (Connection c = jdbc.connect()) {
            for (Platform p : PlantedSignal.PLATFORMS) {
                for (String niche : PlantedSignal.NICHES) {
                    try (PreparedStatement st =
                            c.prepareStatement(
                                    "SELECT * FROM recommendations WHERE platform = ? AND niche = ?"
                                            + " ORDER BY rank")) {
                        st.setString(1, p.name());
                        st.setString(2, niche);
                        try (ResultSet rs = st.executeQuery()) {
                            assertThat(rs.next()).isTrue();
                            String segment = PlantedSignal.segment(p, niche);
                            assertThat(rs.getString("hook_style"))
                                    .as(segment)
                                    .isEqualTo(PlantedSignal.BEST_HOOK.get(segment).name());
                            assertThat(rs.getString("pacing")).isEqualTo("FAST");
                            assertThat(rs.getString("music_mood")).isEqualTo("UPBEAT");
                            assertThat(rs.getString("caption_style")).isEqualTo("WORD_HIGHLIGHT");
                            assertThat(rs.getString("visual_style")).isEqualTo("BOLD");
                            assertThat(rs.getInt("target_duration_s")).isEqualTo(30);
                            assertThat(rs.getBoolean("exploration")).isFalse();
                            assertThat(rs.getInt("model_version")).isEqualTo(1);
                            assertThat(rs.getDouble("predicted_sd")).isGreaterThanOrEqualTo(0);
                            int rows = 1;
                            int exploring = 0;
                            while (rs.next()) {
                                rows++;
                                exploring += rs.getBoolean("exploration") ? 1 : 0;
                            }
                            assertThat(rows).as("replaced, not appended").isEqualTo(10);
                            assertThat(exploring).isEqualTo(2);
                        }
                    }
                }
            }
        }
        List<RecommendationsPublished> published =
                ControlTopic.read(bootstrap, PREFIX, RecommendationsPublished.class, 2);
        assertThat(published).hasSize(2);
        assertThat(published.get(1).getRecommendationCount()).isEqualTo(40);
        assertThat(published.get(1).getModelVersion()).isEqualTo(MODEL + "-v1");
        assertThat(result.policyVersion())
                .as("the champion has an effects model: it ranks")
                .isEqualTo("effects@" + MODEL + "-v1");
    }

    @Test
    @Order(4)
    void retrainingFromTheRecordedTableVersionGivesTheSameBoosters() throws Exception {
        ModelRecord v1 = new ModelRegistry(jdbc).find(MODEL, 1).orElseThrow();

        TrainJob.Outcome again = train(settings(150, 4), ControlEvents.none()).run();

        assertThat(again.record().trainingTableVersion()).isEqualTo(v1.trainingTableVersion());
        assertThat(again.promoted()).as("equal is not better by the margin").isFalse();
        Path first = Path.of(java.net.URI.create(v1.artifactUri()));
        for (int k = 0; k < 3; k++) {
            String member = String.format("member-%02d.ubj", k);
            assertThat(Files.readAllBytes(again.modelDir().resolve(member)))
                    .as(member)
                    .isEqualTo(Files.readAllBytes(first.resolve(member)));
        }
        // The effects model's empirical-Bayes loop starts from the champion's variances, so the
        // same rows give the same posterior up to the loop's tolerance, not to the byte.
        EffectsModel a = EffectsModelFile.read(first);
        EffectsModel b = EffectsModelFile.read(again.modelDir());
        assertThat(b.layout().size()).isEqualTo(a.layout().size());
        for (int i = 0; i < a.mean().length; i++) {
            assertThat(b.mean()[i]).as("effect " + i).isCloseTo(a.mean()[i], within(0.02));
        }
    }
}
