package io.flywheel.batch.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.flywheel.batch.BronzeFixture;
import io.flywheel.batch.ControlEvents;
import io.flywheel.batch.TestDatabase;
import io.flywheel.batch.TestSpark;
import io.flywheel.batch.curate.CurateJob;
import io.flywheel.batch.db.Jdbc;
import io.flywheel.batch.lake.Lake;
import io.flywheel.batch.registry.ModelRegistry;
import io.flywheel.model.Arm;
import io.flywheel.model.Ensemble;
import io.flywheel.model.ModelMetadata;
import io.flywheel.schemas.CaptionStyle;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.EngagementObserved;
import io.flywheel.schemas.Envelopes;
import io.flywheel.schemas.HookStyle;
import io.flywheel.schemas.MusicMood;
import io.flywheel.schemas.Pacing;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.VideoPublished;
import io.flywheel.schemas.VisualStyle;
import io.flywheel.schemas.samples.OlderWriters;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Revenue as the objective, on literal events where the arm with more views earns less: revenue
 * reaches gold from the events (a v1 event, without revenue, leaves it null), and a model trained
 * on {@code revenue} ranks the earning arm first where one trained on {@code engaged_views} from
 * the same gold ranks the watched arm first; each model's metadata says its objective.
 */
class RevenueObjectiveTest {
    private static final long START = 1_700_000_000_000L;
    private static final long HOUR = 3_600_000L;
    @TempDir Path dir;

    /** Many views, little revenue. */
    private static final ContentParameters WATCHED = arm(HookStyle.QUESTION);

    /** A third of the views, ten times the revenue. */
    private static final ContentParameters EARNING = arm(HookStyle.BOLD_CLAIM);

    @Test
    void revenueReachesGoldAndTheRevenueModelPrefersTheEarningArm() throws Exception {
        SparkSession spark = TestSpark.session();
        Lake lake = new Lake(dir.resolve("lake"));
        Jdbc jdbc = TestDatabase.create("revenue");
        Random rnd = new Random(5);
        BronzeFixture bronze = new BronzeFixture();
        Map<String, Long> revenueOf = new HashMap<>();
        Map<String, Long> engagedOf = new HashMap<>();
        String v1Video = null;
        for (int i = 0; i < 160; i++) {
            boolean earning = i % 2 == 0;
            String job = UUID.nameUUIDFromBytes(("job" + i).getBytes()).toString();
            String video = UUID.nameUUIDFromBytes(("video" + i).getBytes()).toString();
            long published = START + i * 10 * 60_000L;
            ContentParameters p = earning ? EARNING : WATCHED;
            bronze.add(
                    ContentRequested.newBuilder()
                            .setEnvelope(
                                    Envelopes.create(
                                            ContentRequested.class, "test", job, published - HOUR))
                            .setJobId(job)
                            .setParameters(p)
                            .setPolicyVersion("uniform-random")
                            .setSelectionProbability(0.5)
                            .build());
            bronze.add(
                    VideoPublished.newBuilder()
                            .setEnvelope(
                                    Envelopes.create(VideoPublished.class, "test", job, published))
                            .setVideoId(video)
                            .setJobId(job)
                            .setPlatform(p.getPlatform())
                            .setPlatformVideoId("p" + i)
                            .setPublishedAt(published)
                            .build());
            boolean asV1 = i == 7; // a producer still on EngagementObserved v1
            for (int k = 0; k < 3; k++) {
                long engaged = (earning ? 100 : 300) + rnd.nextInt(40);
                long revenue = (earning ? 200_000 : 20_000) + rnd.nextInt(20_000);
                long start = published + k * 24 * HOUR;
                EngagementObserved e =
                        EngagementObserved.newBuilder()
                                .setEnvelope(
                                        Envelopes.create(
                                                EngagementObserved.class,
                                                "test",
                                                job,
                                                start + 24 * HOUR))
                                .setVideoId(video)
                                .setPlatform(p.getPlatform())
                                .setPlatformVideoId("p" + i)
                                .setPeriodStart(start)
                                .setPeriodEnd(start + 24 * HOUR)
                                .setViews(engaged * 2)
                                .setEngagedViews(engaged)
                                .setEstimatedMinutesWatched(engaged * 0.5)
                                .setEstimatedRevenueMicroUsd(revenue)
                                .build();
                if (asV1) {
                    bronze.raw("flywheel.engagement.events", video, OlderWriters.encode(e, 1));
                    v1Video = video;
                } else {
                    bronze.add(e);
                    revenueOf.merge(video, revenue, Long::sum);
                }
                engagedOf.merge(video, engaged, Long::sum);
            }
        }
        bronze.appendTo(spark, lake.table(Lake.BRONZE_EVENTS));
        Clock clock = Clock.fixed(Instant.ofEpochMilli(START + 40 * 24 * HOUR), ZoneOffset.UTC);
        new CurateJob(
                        spark,
                        lake,
                        new CurateJob.Settings(72, "revenue", Duration.ofDays(60)),
                        clock)
                .run();

        List<Row> gold =
                spark.read()
                        .format("delta")
                        .load(lake.table(Lake.GOLD_VIDEO_OUTCOMES))
                        .collectAsList();
        assertThat(gold).hasSize(160);
        for (Row r : gold) {
            String video = r.getAs("video_id");
            assertThat(r.<Long>getAs("engaged_views")).isEqualTo(engagedOf.get(video));
            assertThat(r.<String>getAs("objective")).isEqualTo("revenue");
            if (video.equals(v1Video)) {
                assertThat(r.<Long>getAs("revenue_micro_usd")).as("v1: not reported").isNull();
                assertThat(r.<Double>getAs("objective_value")).isNull();
            } else {
                assertThat(r.<Long>getAs("revenue_micro_usd")).isEqualTo(revenueOf.get(video));
                assertThat(r.<Double>getAs("objective_value"))
                        .isEqualTo(revenueOf.get(video) / 1e6);
            }
        }

        // watch_time learns minutes watched, from the same gold
        assertThat(
                        TrainJob.trainingSet(
                                        spark.read()
                                                .format("delta")
                                                .load(lake.table(Lake.GOLD_VIDEO_OUTCOMES)),
                                        "watch_time")
                                .agg(org.apache.spark.sql.functions.sum("label"))
                                .first()
                                .getDouble(0))
                .isEqualTo(engagedOf.values().stream().mapToLong(Long::longValue).sum() * 0.5);

        ModelRegistry registry = new ModelRegistry(jdbc);
        TrainJob.Outcome byRevenue = train(spark, lake, registry, clock, "revenue-72h", "revenue");
        TrainJob.Outcome byViews =
                train(spark, lake, registry, clock, "engaged_views-72h", "engaged_views");

        assertThat(byRevenue.record().trainRows() + byRevenue.record().validationRows())
                .as("the video without revenue is not learned from")
                .isEqualTo(159);
        assertThat(byViews.record().trainRows() + byViews.record().validationRows()).isEqualTo(160);
        assertThat(ModelMetadata.read(byRevenue.modelDir()).objective()).isEqualTo("revenue");
        assertThat(ModelMetadata.read(byViews.modelDir()).objective()).isEqualTo("engaged_views");
        assertThat(registry.champion("revenue-72h").orElseThrow().objective()).isEqualTo("revenue");

        List<Arm> arms = List.of(Arm.fromAvro(WATCHED), Arm.fromAvro(EARNING));
        double[] revenue = mean(byRevenue.modelDir(), arms);
        double[] views = mean(byViews.modelDir(), arms);
        assertThat(revenue[1])
                .as("revenue model: the earning arm is best")
                .isGreaterThan(revenue[0]);
        assertThat(revenue[1]).isBetween(0.5, 0.75); // ~0.63 USD at the horizon
        assertThat(views[0]).as("views model: the watched arm is best").isGreaterThan(views[1]);
    }

    private static double[] mean(Path modelDir, List<Arm> arms) {
        Ensemble e = Ensemble.load(modelDir);
        try {
            return e.mean(arms);
        } finally {
            e.dispose();
        }
    }

    private TrainJob.Outcome train(
            SparkSession spark,
            Lake lake,
            ModelRegistry registry,
            Clock clock,
            String name,
            String objective) {
        return new TrainJob(
                        spark,
                        lake,
                        dir.resolve("models"),
                        registry,
                        ControlEvents.none(),
                        new TrainJob.Settings(name, objective, 3, 60, 3, 0.1, 0.02, 0.2, 7L, 50),
                        clock)
                .run();
    }

    private static ContentParameters arm(HookStyle hook) {
        return ContentParameters.newBuilder()
                .setPlatform(Platform.YOUTUBE_SHORTS)
                .setNiche("fitness")
                .setHookStyle(hook)
                .setPacing(Pacing.FAST)
                .setTargetDurationS(30)
                .setVoice("en-us+f3")
                .setMusicMood(MusicMood.UPBEAT)
                .setCaptionStyle(CaptionStyle.WORD_HIGHLIGHT)
                .setVisualStyle(VisualStyle.BOLD)
                .setPostingHour(18)
                .build();
    }
}
