package io.flywheel.streaming.trends;

import io.flywheel.config.TrendSettings;
import io.flywheel.streaming.engagement.ArmOfVideo;
import io.flywheel.streaming.engagement.ArmRequest;
import io.flywheel.streaming.engagement.Engagement;
import io.flywheel.streaming.engagement.EngagementKpiJob;
import io.flywheel.streaming.engagement.EngagementKpiTopology;
import io.flywheel.streaming.engagement.VideoArm;
import io.flywheel.streaming.source.Inbound;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFilterFunction;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The trend pipeline without its sources and sinks; tests and {@link TrendJob} build it through
 * this same method.
 *
 * <pre>
 * engagement ─► keyBy(video) ───────────────────────────────────────────┐
 * requests + publications ─► keyBy(job) ─► arm of video ─► keyBy(video) ─► views of video (dedupe, arm)
 *      arm requests ─► keyBy(arm) ──────────────────────────────────────► trend keys of arm (arm + each parameter value)
 *                                                  ─► keyBy(platform|dimension|value) ─► trend detector
 * </pre>
 *
 * Undecodable records are left to the engagement job, which dead-letters them; here they are
 * counted ({@code skippedRecords}) and dropped, so the DLQ gets each once.
 */
public final class TrendTopology {
    private TrendTopology() {}

    /**
     * @param rule when a key is trending
     * @param dedupeTtl how long event ids are remembered
     * @param waitTtl how long views wait for their video's arm and an arm for its parameters
     */
    public record Settings(TrendSettings rule, Duration dedupeTtl, Duration waitTtl)
            implements Serializable {}

    public static DataStream<TrendWindow> build(
            DataStream<Inbound> engagementInput, DataStream<Inbound> armInput, Settings s) {
        DataStream<Engagement> engagement =
                engagementInput
                        .filter(new Decoded())
                        .name("trend engagement decoded")
                        .uid("trend-engagement-decoded")
                        .setParallelism(engagementInput.getParallelism())
                        .map(new EngagementKpiTopology.ToEngagement())
                        .name("trend to engagement")
                        .uid("trend-to-engagement")
                        .setParallelism(engagementInput.getParallelism());
        SingleOutputStreamOperator<VideoArm> videoArms =
                armInput.filter(new Decoded())
                        .name("trend arm input decoded")
                        .uid("trend-arm-decoded")
                        .setParallelism(armInput.getParallelism())
                        .keyBy(new EngagementKpiTopology.JobOfInbound())
                        .process(new ArmOfVideo(s.waitTtl()))
                        .name("trend arm of video")
                        .uid("trend-arm-of-video");
        DataStream<ArmRequest> arms = videoArms.getSideOutput(ArmOfVideo.ARMS);

        SingleOutputStreamOperator<ArmViews> views =
                videoArms
                        .keyBy(new EngagementKpiTopology.VideoOfArm())
                        .connect(engagement.keyBy(new EngagementKpiTopology.VideoOfEngagement()))
                        .process(new ViewsOfVideo(s.dedupeTtl(), s.waitTtl()))
                        .name("views of video")
                        .uid("trend-views-of-video");
        SingleOutputStreamOperator<TrendPoint> points =
                arms.keyBy(new EngagementKpiJob.ArmIdOf())
                        .connect(views.keyBy(new ArmIdOfViews()))
                        .process(new TrendKeysOfArm(s.waitTtl()))
                        .name("trend keys of arm")
                        .uid("trend-keys-of-arm");
        return points.keyBy(new KeyOfPoint())
                .process(new TrendDetector(s.rule()))
                .name("trend detector")
                .uid("trend-detector");
    }

    static final class Decoded extends RichFilterFunction<Inbound> {
        private static final long serialVersionUID = 1L;
        private transient Counter skipped;

        @Override
        public void open(OpenContext openContext) {
            skipped = getRuntimeContext().getMetricGroup().counter("skippedRecords");
        }

        @Override
        public boolean filter(Inbound in) {
            if (in.isDeadLetter()) {
                skipped.inc();
                return false;
            }
            return true;
        }
    }

    static final class ArmIdOfViews implements KeySelector<ArmViews, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(ArmViews v) {
            return v.armId;
        }
    }

    static final class KeyOfPoint implements KeySelector<TrendPoint, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(TrendPoint p) {
            return p.key();
        }
    }

    /** Only the windows that start a trend become events. */
    static final class Onsets implements FilterFunction<TrendWindow> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean filter(TrendWindow w) {
            return w.onset;
        }
    }
}
