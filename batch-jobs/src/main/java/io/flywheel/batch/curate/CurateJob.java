package io.flywheel.batch.curate;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.xxhash64;

import io.flywheel.batch.lake.ArmKey;
import io.flywheel.batch.lake.DeltaWrites;
import io.flywheel.batch.lake.Lake;
import io.flywheel.batch.quality.QualityChecks;
import io.flywheel.batch.quality.QualityReport;
import io.flywheel.model.Parameter;
import io.flywheel.model.ParameterTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * bronze → silver → gold. Silver: bronze decoded again with the {@code schemas} codec, typed,
 * de-duplicated by {@code event_id} and merged insert-only, so a re-run adds nothing twice; records
 * that do not decode or validate go to {@code silver/quarantine} with the reason. Gold: {@code
 * video_outcomes} (one row per published video: arm, policy, selection probability and the outcome
 * at the horizon) merged by video id, and {@code arm_daily}. Every table written passes its
 * data-quality checks first, or the job fails with the report.
 */
public final class CurateJob {
    private static final Logger LOG = LoggerFactory.getLogger(CurateJob.class);

    /** The engagement metrics summed into gold; each can be the objective. */
    public static final List<String> METRICS =
            List.of(
                    "views",
                    "engaged_views",
                    "minutes_watched",
                    "likes",
                    "comments",
                    "shares",
                    "subscribers_gained",
                    "impressions");

    private static final List<String> ENVELOPE =
            List.of("event_id", "event_time", "producer", "trace_id");
    private static final List<String> COORDINATES =
            List.of("topic", "kafka_partition", "kafka_offset");

    /** content_requested's columns: ids, every content parameter (the table's), the policy's. */
    static final List<String> CONTENT_REQUESTED = contentRequested();

    private static List<String> contentRequested() {
        List<String> out = new ArrayList<>(List.of("job_id", "brief_id"));
        out.addAll(ParameterTable.names());
        out.addAll(
                List.of(
                        "policy_version",
                        "selection_probability",
                        "experiment_id",
                        "experiment_arm"));
        return List.copyOf(out);
    }

    static final List<String> VIDEO_PUBLISHED =
            List.of("video_id", "job_id", "platform", "platform_video_id", "published_at");
    static final List<String> ENGAGEMENT =
            List.of(
                    "video_id",
                    "platform",
                    "platform_video_id",
                    "period_start",
                    "period_end",
                    "views",
                    "engaged_views",
                    "minutes_watched",
                    "average_view_duration_s",
                    "likes",
                    "comments",
                    "shares",
                    "subscribers_gained",
                    "subscribers_lost",
                    "impressions",
                    Objectives.REVENUE_COLUMN);

    /**
     * @param horizonHours how long after publication the outcome is measured
     * @param objective which metric is the objective
     * @param maxStaleness how old the newest published video may be before freshness fails
     */
    public record Settings(int horizonHours, String objective, Duration maxStaleness) {
        long horizonMs() {
            return horizonHours * 3_600_000L;
        }
    }

    private final SparkSession spark;
    private final Lake lake;
    private final Settings settings;
    private final Clock clock;

    public CurateJob(SparkSession spark, Lake lake, Settings settings, Clock clock) {
        this.spark = spark;
        this.lake = lake;
        this.settings = settings;
        this.clock = clock;
    }

    /** Bronze rows → decoded rows, one per event id (the first copy by Kafka coordinates). */
    public static Dataset<Row> decode(Dataset<Row> bronze) {
        Dataset<Row> decoded =
                bronze.select("topic", "kafka_partition", "kafka_offset", "value")
                        .mapPartitions(new SilverDecoder(), Encoders.row(SilverDecoder.SCHEMA));
        Dataset<Row> events =
                decoded.where(col("event_id").isNotNull())
                        .withColumn(
                                "copy",
                                row_number()
                                        .over(
                                                Window.partitionBy("event_id")
                                                        .orderBy(
                                                                "topic",
                                                                "kafka_partition",
                                                                "kafka_offset")))
                        .where(col("copy").equalTo(1))
                        .drop("copy");
        return events.unionByName(decoded.where(col("event_id").isNull()));
    }

    public static Dataset<Row> silver(Dataset<Row> decoded, String kind) {
        List<String> fields =
                switch (kind) {
                    case "ContentRequested" -> CONTENT_REQUESTED;
                    case "VideoPublished" -> VIDEO_PUBLISHED;
                    case "EngagementObserved" -> ENGAGEMENT;
                    default -> throw new IllegalArgumentException("silver has no " + kind);
                };
        List<String> columns = new ArrayList<>(ENVELOPE);
        columns.addAll(fields);
        columns.addAll(COORDINATES);
        return decoded.where(col("kind").equalTo(kind)).select(cols(columns));
    }

    public static Dataset<Row> quarantine(Dataset<Row> decoded) {
        return decoded.where(col("kind").equalTo(SilverDecoder.QUARANTINED))
                .select("topic", "kafka_partition", "kafka_offset", "reason", "value");
    }

    /**
     * One row per published video: its arm (from the content request), policy and selection
     * probability, and engagement summed over periods that end within the horizon. The horizon is
     * reached once {@code asOf} (event time: see {@link #eventTimeNow}) has passed it.
     */
    public static Dataset<Row> videoOutcomes(
            Dataset<Row> requested,
            Dataset<Row> published,
            Dataset<Row> engagement,
            long horizonMs,
            String objective,
            long asOf) {
        Dataset<Row> pub =
                firstBy(published, "video_id", "published_at")
                        .select("video_id", "job_id", "platform", "published_at");
        List<String> req = new ArrayList<>(CONTENT_REQUESTED);
        req.remove("platform");
        req.remove("brief_id");
        Dataset<Row> cr = firstBy(requested, "job_id", "event_time").select(cols(req));
        Dataset<Row> base =
                pub.join(cr, "job_id")
                        .withColumn("horizon_end", col("published_at").plus(horizonMs));
        List<Column> sums = new ArrayList<>();
        for (String m : METRICS) {
            sums.add(coalesce(sum(col("e." + m)), lit(0)).as(m));
        }
        // Revenue stays null where no period reported it (not reported is not zero).
        sums.add(sum(col("e." + Objectives.REVENUE_COLUMN)).as(Objectives.REVENUE_COLUMN));
        Dataset<Row> atHorizon =
                engagement
                        .as("e")
                        .join(base.select("video_id", "horizon_end").as("b"), "video_id")
                        .where(col("e.period_end").leq(col("b.horizon_end")))
                        .groupBy("video_id")
                        .agg(count(lit(1)).as("periods_observed"), sums.toArray(new Column[0]));
        Dataset<Row> out =
                base.join(
                                atHorizon,
                                base.col("video_id").equalTo(atHorizon.col("video_id")),
                                "left")
                        .drop(atHorizon.col("video_id"));
        out = out.withColumn("periods_observed", coalesce(col("periods_observed"), lit(0L)));
        for (String m : METRICS) {
            out = out.withColumn(m, coalesce(col(m), lit(0)));
        }
        out =
                out.withColumn("horizon_hours", lit((int) (horizonMs / 3_600_000L)))
                        .withColumn("horizon_reached", col("horizon_end").leq(asOf))
                        .withColumn("arm_key", ArmKey.column())
                        .withColumn("objective", lit(objective))
                        .withColumn("objective_value", Objectives.value(objective))
                        .withColumn(
                                "published_date", to_date(timestamp_millis(col("published_at"))));
        List<Column> outcome = new ArrayList<>();
        outcome.add(col("horizon_reached"));
        outcome.add(col("periods_observed"));
        outcome.add(col("objective"));
        for (String m : METRICS) {
            outcome.add(col(m));
        }
        outcome.add(col(Objectives.REVENUE_COLUMN));
        out = out.withColumn("outcome_hash", xxhash64(outcome.toArray(new Column[0])));
        List<String> order = new ArrayList<>();
        order.add("video_id");
        order.add("job_id");
        order.add("platform");
        order.add("niche");
        order.add("arm_key");
        order.addAll(List.of(ArmKey.PARAMETERS));
        order.addAll(
                List.of(
                        "policy_version",
                        "selection_probability",
                        "experiment_id",
                        "experiment_arm",
                        "published_at",
                        "published_date",
                        "horizon_hours",
                        "horizon_end",
                        "horizon_reached",
                        "periods_observed"));
        order.addAll(METRICS);
        order.addAll(
                List.of(Objectives.REVENUE_COLUMN, "objective", "objective_value", "outcome_hash"));
        return out.select(cols(order));
    }

    /** Daily engagement per arm and platform: the day is the engagement period's start (UTC). */
    public static Dataset<Row> armDaily(Dataset<Row> videoOutcomes, Dataset<Row> engagement) {
        List<Column> sums = new ArrayList<>();
        sums.add(count_distinct(col("e.video_id")).as("videos"));
        for (String m : METRICS) {
            sums.add(coalesce(sum(col("e." + m)), lit(0)).as(m));
        }
        sums.add(sum(col("e." + Objectives.REVENUE_COLUMN)).as(Objectives.REVENUE_COLUMN));
        return engagement
                .as("e")
                .join(videoOutcomes.select("video_id", "niche", "arm_key").as("v"), "video_id")
                .withColumn("day", to_date(timestamp_millis(col("e.period_start"))))
                .groupBy(col("day"), col("e.platform").as("platform"), col("niche"), col("arm_key"))
                .agg(sums.get(0), sums.subList(1, sums.size()).toArray(new Column[0]));
    }

    /** Runs the whole curation; returns the quality reports of every table written. */
    public List<QualityReport> run() {
        long now = clock.millis();
        List<QualityReport> reports = new ArrayList<>();
        if (!DeltaWrites.exists(spark, lake.table(Lake.BRONZE_EVENTS))) {
            LOG.info("no bronze table yet: nothing to curate");
            return reports;
        }
        Dataset<Row> bronze = spark.read().format("delta").load(lake.table(Lake.BRONZE_EVENTS));
        Dataset<Row> decoded = decode(bronze).cache();
        try {
            Map<String, String> tables = new LinkedHashMap<>();
            tables.put("ContentRequested", Lake.SILVER_CONTENT_REQUESTED);
            tables.put("VideoPublished", Lake.SILVER_VIDEO_PUBLISHED);
            tables.put("EngagementObserved", Lake.SILVER_ENGAGEMENT);
            for (var t : tables.entrySet()) {
                Dataset<Row> rows = silver(decoded, t.getKey());
                QualityChecks checks =
                        QualityChecks.on(t.getValue()).notNull("event_id", "event_time");
                switch (t.getKey()) {
                    case "ContentRequested" -> {
                        checks.notNull("job_id", "platform", "niche")
                                .inRange("selection_probability", 0, 1);
                        // Every whole-number parameter within the table's range.
                        for (Parameter p : ParameterTable.chosen()) {
                            if (p.range() != null) {
                                checks.inRange(p.name(), p.range().min(), p.range().max());
                            }
                        }
                    }
                    case "VideoPublished" -> checks.notNull("video_id", "job_id", "published_at");
                    default ->
                            checks.notNull("video_id", "period_start", "period_end")
                                    .inRange("views", 0, 1e12)
                                    .inRange("engaged_views", 0, 1e12);
                }
                reports.add(checks.evaluate(rows).orThrow());
                DeltaWrites.insertNew(spark, lake.table(t.getValue()), rows, "event_id");
            }
            Dataset<Row> quarantined = quarantine(decoded);
            DeltaWrites.insertNew(
                    spark,
                    lake.table(Lake.SILVER_QUARANTINE),
                    quarantined,
                    "topic",
                    "kafka_partition",
                    "kafka_offset");
        } finally {
            decoded.unpersist();
        }

        Dataset<Row> requested = read(Lake.SILVER_CONTENT_REQUESTED);
        Dataset<Row> published = read(Lake.SILVER_VIDEO_PUBLISHED);
        Dataset<Row> engagement = read(Lake.SILVER_ENGAGEMENT);
        long asOf = eventTimeNow(requested, published, engagement).orElse(now);
        LOG.info(
                "horizon measured at event time {} (wall clock {})",
                Instant.ofEpochMilli(asOf),
                Instant.ofEpochMilli(now));
        Dataset<Row> outcomes =
                videoOutcomes(
                                requested,
                                published,
                                engagement,
                                settings.horizonMs(),
                                settings.objective(),
                                asOf)
                        .cache();
        try {
            String path = lake.table(Lake.GOLD_VIDEO_OUTCOMES);
            reports.add(
                    QualityChecks.on(Lake.GOLD_VIDEO_OUTCOMES)
                            .notNull("video_id", "job_id", "platform", "niche", "published_at")
                            .unique("video_id")
                            .inRange("objective_value", 0, 1e12)
                            .inRange("selection_probability", 0, 1)
                            .freshness(
                                    "published_at",
                                    Instant.ofEpochMilli(now),
                                    settings.maxStaleness())
                            // MERGE never deletes: fewer videos than before means lost silver data.
                            .rowCountChange(DeltaWrites.count(spark, path), 1.0, 100.0, 1_000_000)
                            .evaluate(outcomes)
                            .orThrow());
            DeltaWrites.upsert(
                    spark, path, outcomes, "t.outcome_hash <> s.outcome_hash", "video_id");

            Dataset<Row> daily = armDaily(read(Lake.GOLD_VIDEO_OUTCOMES), engagement);
            reports.add(
                    QualityChecks.on(Lake.GOLD_ARM_DAILY)
                            .notNull("day", "platform", "niche", "arm_key")
                            .inRange("videos", 1, 1e12)
                            .inRange("engaged_views", 0, 1e12)
                            .evaluate(daily)
                            .orThrow());
            // A full recompute from silver: deterministic, so a re-run writes the same table.
            daily.write()
                    .format("delta")
                    .mode("overwrite")
                    .option("overwriteSchema", "true")
                    .save(lake.table(Lake.GOLD_ARM_DAILY));
        } finally {
            outcomes.unpersist();
        }
        for (QualityReport r : reports) {
            LOG.info("{}", r.render().strip());
        }
        return reports;
    }

    /**
     * "Now" for the horizon, in event time: the end of the newest engagement period reported, or,
     * before any engagement, the newest event time seen. Never the wall clock: the sandbox runs
     * simulated time (one day in seconds), so a video whose simulated horizon has passed has its
     * outcome even if only minutes passed on the wall clock; in production event time trails the
     * wall clock by the reporting lag, and this is the same rule.
     */
    public static OptionalLong eventTimeNow(
            Dataset<Row> requested, Dataset<Row> published, Dataset<Row> engagement) {
        Row reported = engagement.agg(max("period_end")).first();
        if (!reported.isNullAt(0)) {
            return OptionalLong.of(reported.getLong(0));
        }
        Long newest = null;
        for (Dataset<Row> t : List.of(requested, published)) {
            Row r = t.agg(max("event_time")).first();
            if (!r.isNullAt(0)) {
                newest = newest == null ? r.getLong(0) : Math.max(newest, r.getLong(0));
            }
        }
        return newest == null ? OptionalLong.empty() : OptionalLong.of(newest);
    }

    private Dataset<Row> read(String table) {
        return spark.read().format("delta").load(lake.table(table));
    }

    private static Dataset<Row> firstBy(Dataset<Row> rows, String key, String orderBy) {
        return rows.withColumn(
                        "copy",
                        row_number()
                                .over(
                                        Window.partitionBy(key)
                                                .orderBy(col(orderBy), col("event_id"))))
                .where(col("copy").equalTo(1))
                .drop("copy");
    }

    private static Column[] cols(List<String> names) {
        return names.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    }
}
