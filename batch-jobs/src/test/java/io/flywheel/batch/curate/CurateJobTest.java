package io.flywheel.batch.curate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flywheel.batch.BronzeFixture;
import io.flywheel.batch.TestSpark;
import io.flywheel.batch.lake.Lake;
import io.flywheel.batch.quality.DataQualityException;
import io.flywheel.batch.synthetic.EventStream;
import io.flywheel.schemas.EngagementObserved;
import io.flywheel.schemas.VideoPublished;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurateJobTest {
    private static final long START = 1_700_000_000_000L;
    private static final long HOUR = 3_600_000L;
    private static final CurateJob.Settings SETTINGS =
            new CurateJob.Settings(72, "engaged_views", Duration.ofDays(30));
    @TempDir Path dir;

    @Test
    void curatingTwiceGivesTheSameGoldWithOutcomesAtTheHorizon() {
        SparkSession spark = TestSpark.session();
        Lake lake = new Lake(dir);
        List<SpecificRecord> events = new EventStream(11, START).videos(30, 4);
        BronzeFixture bronze = new BronzeFixture().add(events);
        bronze.add(events.subList(0, 12)); // redelivered: the same event ids again
        bronze.raw("flywheel.engagement.events", "x", new byte[] {1, 2, 3});
        bronze.appendTo(spark, lake.table(Lake.BRONZE_EVENTS));
        Clock clock = Clock.fixed(Instant.ofEpochMilli(START + 74 * HOUR), ZoneOffset.UTC);
        CurateJob job = new CurateJob(spark, lake, SETTINGS, clock);

        job.run();
        List<Row> first = sorted(spark, lake.table(Lake.GOLD_VIDEO_OUTCOMES));
        List<Row> firstDaily = sorted(spark, lake.table(Lake.GOLD_ARM_DAILY));
        job.run();

        assertThat(sorted(spark, lake.table(Lake.GOLD_VIDEO_OUTCOMES))).isEqualTo(first);
        assertThat(sorted(spark, lake.table(Lake.GOLD_ARM_DAILY))).isEqualTo(firstDaily);
        assertThat(count(spark, lake.table(Lake.SILVER_CONTENT_REQUESTED))).isEqualTo(30);
        assertThat(count(spark, lake.table(Lake.SILVER_VIDEO_PUBLISHED))).isEqualTo(30);
        assertThat(count(spark, lake.table(Lake.SILVER_ENGAGEMENT))).isEqualTo(120);
        Row bad = spark.read().format("delta").load(lake.table(Lake.SILVER_QUARANTINE)).first();
        assertThat(bad.<String>getAs("reason")).startsWith("BAD_HEADER");

        Map<String, Long> expected = engagedAtHorizon(events);
        assertThat(first).hasSize(30);
        int reached = 0;
        for (Row r : first) {
            String video = r.getAs("video_id");
            assertThat(r.<Double>getAs("objective_value"))
                    .isEqualTo(expected.get(video).doubleValue());
            assertThat(r.<Long>getAs("periods_observed")).isEqualTo(3L);
            long published = r.getAs("published_at");
            // "Now" is event time: the newest period reported ends 96 h after the last video.
            boolean shouldBeReached = published + 72 * HOUR <= START + 290 * 60_000L + 96 * HOUR;
            assertThat(r.<Boolean>getAs("horizon_reached")).isEqualTo(shouldBeReached);
            reached += shouldBeReached ? 1 : 0;
            assertThat(r.<String>getAs("policy_version")).isEqualTo("uniform-random");
            assertThat(r.<String>getAs("arm_key")).contains("|");
        }
        assertThat(reached).isEqualTo(30);
        long dailyViews =
                spark.read()
                        .format("delta")
                        .load(lake.table(Lake.GOLD_ARM_DAILY))
                        .agg(org.apache.spark.sql.functions.sum("engaged_views"))
                        .first()
                        .getLong(0);
        assertThat(dailyViews).isEqualTo(totalEngaged(events));
    }

    @Test
    void theHorizonIsMeasuredInEventTimeNotOnTheWallClock() {
        SparkSession spark = TestSpark.session();
        Lake lake = new Lake(dir);
        // The sandbox's simulated time runs ahead of the wall clock: ten videos published at the
        // simulated start, reported for four days; ten more two simulated days later, reported
        // for two days. Only ten minutes passed on the wall clock.
        List<SpecificRecord> early = new EventStream(21, START).videos(10, 4);
        List<SpecificRecord> late = new EventStream(22, START + 48 * HOUR).videos(10, 2);
        new BronzeFixture().add(early).add(late).appendTo(spark, lake.table(Lake.BRONZE_EVENTS));
        Clock wall = Clock.fixed(Instant.ofEpochMilli(START + 10 * 60_000L), ZoneOffset.UTC);

        new CurateJob(spark, lake, SETTINGS, wall).run();

        Map<String, Long> engaged = engagedAtHorizon(early);
        List<Row> gold = sorted(spark, lake.table(Lake.GOLD_VIDEO_OUTCOMES));
        assertThat(gold).hasSize(20);
        for (Row r : gold) {
            String video = r.getAs("video_id");
            boolean isEarly = engaged.containsKey(video);
            // newest period end: START + 48 h + 90 min + 48 h; early horizons end by START + 73.5
            // h,
            // late ones at START + 120 h or later.
            assertThat(r.<Boolean>getAs("horizon_reached")).as(video).isEqualTo(isEarly);
            if (isEarly) {
                assertThat(r.<Double>getAs("objective_value"))
                        .isEqualTo(engaged.get(video).doubleValue());
            }
        }
    }

    @Test
    void aFailingQualityCheckFailsTheJobWithAReadableReportAndWritesNoGold() {
        SparkSession spark = TestSpark.session();
        Lake lake = new Lake(dir);
        new BronzeFixture()
                .add(new EventStream(12, START).videos(5, 3))
                .appendTo(spark, lake.table(Lake.BRONZE_EVENTS));
        // Sixty days later nothing new was published: gold is stale.
        Clock late = Clock.fixed(Instant.ofEpochMilli(START + 60 * 24 * HOUR), ZoneOffset.UTC);

        assertThatThrownBy(() -> new CurateJob(spark, lake, SETTINGS, late).run())
                .isInstanceOf(DataQualityException.class)
                .hasMessageContaining("data quality of gold/video_outcomes (5 rows)")
                .hasMessageContaining("FAIL  freshness: newest published_at within PT720H");
        assertThat(
                        io.flywheel.batch.lake.DeltaWrites.exists(
                                spark, lake.table(Lake.GOLD_VIDEO_OUTCOMES)))
                .isFalse();
    }

    private static Map<String, Long> engagedAtHorizon(List<SpecificRecord> events) {
        Map<String, Long> published = new HashMap<>();
        for (SpecificRecord e : events) {
            if (e instanceof VideoPublished p) {
                published.put(p.getVideoId(), p.getPublishedAt());
            }
        }
        Map<String, Long> out = new HashMap<>();
        for (SpecificRecord e : events) {
            if (e instanceof EngagementObserved o
                    && o.getPeriodEnd() <= published.get(o.getVideoId()) + 72 * HOUR) {
                out.merge(o.getVideoId(), o.getEngagedViews(), Long::sum);
            }
        }
        return out;
    }

    private static long totalEngaged(List<SpecificRecord> events) {
        return events.stream()
                .filter(e -> e instanceof EngagementObserved)
                .mapToLong(e -> ((EngagementObserved) e).getEngagedViews())
                .sum();
    }

    private static List<Row> sorted(SparkSession spark, String path) {
        Dataset<Row> t = spark.read().format("delta").load(path);
        return t.orderBy(t.columns()[0], t.columns()).collectAsList();
    }

    private static long count(SparkSession spark, String path) {
        return spark.read().format("delta").load(path).count();
    }
}
