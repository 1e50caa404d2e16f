package io.flywheel.batch.curate;

import io.flywheel.batch.lake.Codecs;
import io.flywheel.model.Arm;
import io.flywheel.model.Parameter;
import io.flywheel.model.ParameterTable;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.DecodeResult;
import io.flywheel.schemas.EngagementObserved;
import io.flywheel.schemas.Envelope;
import io.flywheel.schemas.Envelopes;
import io.flywheel.schemas.VideoPublished;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Decodes bronze rows with the {@code schemas} codec into one wide typed row: the envelope, a
 * {@code kind} ({@code ContentRequested}, {@code VideoPublished}, {@code EngagementObserved},
 * {@value #OTHER} for events silver does not curate, {@value #QUARANTINED} for bytes that do not
 * decode or validate) and the fields of its kind; the rest stay null. The job then selects each
 * silver table's columns from it.
 */
public final class SilverDecoder implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    public static final String OTHER = "_other";
    public static final String QUARANTINED = "_quarantined";

    private static final StructType ENVELOPE_AND_JOB =
            new StructType()
                    // where it came from
                    .add("topic", DataTypes.StringType, false)
                    .add("kafka_partition", DataTypes.IntegerType, false)
                    .add("kafka_offset", DataTypes.LongType, false)
                    .add("kind", DataTypes.StringType, false)
                    .add("reason", DataTypes.StringType, true)
                    .add("value", DataTypes.BinaryType, true)
                    // envelope
                    .add("event_id", DataTypes.StringType, true)
                    .add("event_time", DataTypes.LongType, true)
                    .add("producer", DataTypes.StringType, true)
                    .add("trace_id", DataTypes.StringType, true)
                    // ContentRequested
                    .add("job_id", DataTypes.StringType, true)
                    .add("brief_id", DataTypes.StringType, true);

    /**
     * The wide row: the envelope and job, every content parameter (as the table lists them), the
     * rest.
     */
    public static final StructType SCHEMA =
            withParameters(ENVELOPE_AND_JOB)
                    .add("policy_version", DataTypes.StringType, true)
                    .add("selection_probability", DataTypes.DoubleType, true)
                    .add("experiment_id", DataTypes.StringType, true)
                    .add("experiment_arm", DataTypes.StringType, true)
                    // VideoPublished (+ job_id, platform)
                    .add("video_id", DataTypes.StringType, true)
                    .add("platform_video_id", DataTypes.StringType, true)
                    .add("published_at", DataTypes.LongType, true)
                    // EngagementObserved (+ video_id, platform, platform_video_id)
                    .add("period_start", DataTypes.LongType, true)
                    .add("period_end", DataTypes.LongType, true)
                    .add("views", DataTypes.LongType, true)
                    .add("engaged_views", DataTypes.LongType, true)
                    .add("minutes_watched", DataTypes.DoubleType, true)
                    .add("average_view_duration_s", DataTypes.DoubleType, true)
                    .add("likes", DataTypes.LongType, true)
                    .add("comments", DataTypes.LongType, true)
                    .add("shares", DataTypes.LongType, true)
                    .add("subscribers_gained", DataTypes.LongType, true)
                    .add("subscribers_lost", DataTypes.LongType, true)
                    .add("impressions", DataTypes.LongType, true)
                    // EngagementObserved v2 (null in v1 events)
                    .add(Objectives.REVENUE_COLUMN, DataTypes.LongType, true);

    private static StructType withParameters(StructType head) {
        StructType s = head;
        for (Parameter p : ParameterTable.ALL) {
            s = s.add(p.name(), p.integer() ? DataTypes.IntegerType : DataTypes.StringType, true);
        }
        return s;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> bronze) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return bronze.hasNext();
            }

            @Override
            public Row next() {
                return decode(bronze.next());
            }
        };
    }

    static Row decode(Row b) {
        Object[] v = new Object[SCHEMA.size()];
        v[0] = b.getAs("topic");
        v[1] = b.getAs("kafka_partition");
        v[2] = b.getAs("kafka_offset");
        byte[] bytes = b.getAs("value");
        DecodeResult result = Codecs.shared().decode(bytes);
        if (result instanceof DecodeResult.Failed f) {
            v[3] = QUARANTINED;
            v[4] = f.kind() + ": " + f.reason();
            v[5] = bytes;
            return RowFactory.create(v);
        }
        DecodeResult.Decoded d = (DecodeResult.Decoded) result;
        Envelope e = Envelopes.of(d.event());
        v[6] = e.getEventId();
        v[7] = e.getEventTime();
        v[8] = e.getProducer();
        v[9] = e.getTraceId();
        if (d.event() instanceof ContentRequested cr) {
            v[3] = "ContentRequested";
            ContentParameters p = cr.getParameters();
            set(v, "job_id", cr.getJobId());
            set(v, "brief_id", cr.getBriefId());
            Arm arm = Arm.fromAvro(p);
            for (Parameter param : ParameterTable.ALL) {
                set(v, param.name(), arm.get(param));
            }
            set(v, "policy_version", cr.getPolicyVersion());
            set(v, "selection_probability", cr.getSelectionProbability());
            set(v, "experiment_id", cr.getExperimentId());
            set(v, "experiment_arm", cr.getExperimentArm());
        } else if (d.event() instanceof VideoPublished vp) {
            v[3] = "VideoPublished";
            set(v, "video_id", vp.getVideoId());
            set(v, "job_id", vp.getJobId());
            set(v, "platform", vp.getPlatform().name());
            set(v, "platform_video_id", vp.getPlatformVideoId());
            set(v, "published_at", vp.getPublishedAt());
        } else if (d.event() instanceof EngagementObserved eo) {
            v[3] = "EngagementObserved";
            set(v, "video_id", eo.getVideoId());
            set(v, "platform", eo.getPlatform().name());
            set(v, "platform_video_id", eo.getPlatformVideoId());
            set(v, "period_start", eo.getPeriodStart());
            set(v, "period_end", eo.getPeriodEnd());
            set(v, "views", eo.getViews());
            set(v, "engaged_views", eo.getEngagedViews());
            set(v, "minutes_watched", eo.getEstimatedMinutesWatched());
            set(v, "average_view_duration_s", eo.getAverageViewDuration());
            set(v, "likes", eo.getLikes());
            set(v, "comments", eo.getComments());
            set(v, "shares", eo.getShares());
            set(v, "subscribers_gained", eo.getSubscribersGained());
            set(v, "subscribers_lost", eo.getSubscribersLost());
            set(v, "impressions", eo.getImpressions());
            set(v, Objectives.REVENUE_COLUMN, eo.getEstimatedRevenueMicroUsd());
        } else {
            v[3] = OTHER;
        }
        return RowFactory.create(v);
    }

    private static void set(Object[] v, String field, Object value) {
        int i = SCHEMA.fieldIndex(field);
        DataType t = SCHEMA.fields()[i].dataType();
        if (value != null && t == DataTypes.LongType && value instanceof Integer n) {
            value = n.longValue();
        }
        v[i] = value;
    }
}
