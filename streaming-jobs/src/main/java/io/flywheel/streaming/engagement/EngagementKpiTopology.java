package io.flywheel.streaming.engagement;

import io.flywheel.streaming.source.DeadLetterRecord;
import io.flywheel.streaming.source.DeadLetterRouter;
import io.flywheel.streaming.source.Inbound;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engagement KPI pipeline without its sources and sinks: decoded inputs in, result streams out.
 * Tests and {@link EngagementKpiJob#main} build it through this same method.
 *
 * <pre>
 * engagement ─► dead letters ─► keyBy(video) ───────────────────────────────┐
 * requests + publications ─► dead letters ─► keyBy(job) ─► arm of video ─► keyBy(video)
 *        └─► video KPIs (dedupe by event_id, late filter, totals, arm; one operator)
 *        arm points (summed per video and minute) ─► keyBy(arm, platform) ─► 1 min windows ─► 1 h
 * </pre>
 */
public final class EngagementKpiTopology {
    private EngagementKpiTopology() {}

    /**
     * @param allowedLateness events later than this behind the watermark go to the late table
     * @param dedupeTtl how long event ids are remembered
     * @param flushInterval at most one totals snapshot per video per interval
     * @param catchUpFlushInterval the same while the engagement input reads a backlog
     * @param waitTtl how long an event waits for its video's arm (and a publication for its
     *     request)
     * @param stateBackend {@code hashmap} or {@code rocksdb}: the per-video de-duplication state
     *     takes the layout that suits it
     */
    public record Settings(
            Duration allowedLateness,
            Duration dedupeTtl,
            Duration flushInterval,
            Duration catchUpFlushInterval,
            Duration waitTtl,
            String stateBackend)
            implements Serializable {}

    /** What the pipeline produces; each goes to a sink. */
    public record Streams(
            DataStream<VideoTotals> videoTotals,
            DataStream<ArmWindowKpi> armWindows,
            DataStream<ArmRequest> arms,
            DataStream<LateEvent> lateEvents,
            DataStream<DeadLetterRecord> deadLetters) {}

    public static final Duration MINUTE = Duration.ofMinutes(1);

    public static Streams build(
            DataStream<Inbound> engagementInput, DataStream<Inbound> armInput, Settings s) {
        SingleOutputStreamOperator<Inbound> engagementDecoded =
                engagementInput
                        .process(new DeadLetterRouter())
                        .name("engagement dead letters")
                        .uid("engagement-dead-letters")
                        .setParallelism(engagementInput.getParallelism());
        KeyedStream<Engagement, String> byVideo =
                engagementDecoded
                        .map(new ToEngagement())
                        .name("to engagement")
                        .uid("to-engagement")
                        .setParallelism(engagementInput.getParallelism())
                        .keyBy(new VideoOfEngagement());

        SingleOutputStreamOperator<Inbound> armDecoded =
                armInput.process(new DeadLetterRouter())
                        .name("arm input dead letters")
                        .uid("arm-dead-letters")
                        .setParallelism(armInput.getParallelism());
        SingleOutputStreamOperator<VideoArm> videoArms =
                armDecoded
                        .keyBy(new JobOfInbound())
                        .process(new ArmOfVideo(s.waitTtl()))
                        .name("arm of video")
                        .uid("arm-of-video");

        SingleOutputStreamOperator<VideoTotals> totals =
                videoArms
                        .keyBy(new VideoOfArm())
                        .connect(byVideo)
                        .transform(
                                "video kpis",
                                TypeInformation.of(VideoTotals.class),
                                new VideoKpisOperator(
                                        new VideoKpis(
                                                s.flushInterval(),
                                                s.catchUpFlushInterval(),
                                                s.allowedLateness(),
                                                s.dedupeTtl(),
                                                s.waitTtl(),
                                                s.stateBackend())))
                        .uid("video-kpis");

        DataStream<ArmPoint> points = totals.getSideOutput(VideoKpis.ARM_POINTS);
        SingleOutputStreamOperator<ArmWindowKpi> minute =
                points.keyBy(new ArmPlatformOfPoint())
                        .window(TumblingWindowsOnEventTime.of(MINUTE))
                        .allowedLateness(s.allowedLateness())
                        .sideOutputLateData(WINDOW_LATE)
                        .aggregate(new ArmWindowSums(), new ArmWindowResult())
                        .name("arm window 1m")
                        .uid("arm-window-1m");
        SingleOutputStreamOperator<ArmWindowKpi> hour =
                DataStreamUtils.reinterpretAsKeyedStream(minute, new ArmPlatformOfWindow())
                        .process(new HourFromMinutes(s.allowedLateness()))
                        .name("arm window 1h from minutes")
                        .uid("arm-window-1h");

        DataStream<LateEvent> late =
                totals.getSideOutput(VideoKpis.LATE)
                        .union(
                                minute.getSideOutput(WINDOW_LATE)
                                        .flatMap(new WindowLate())
                                        .name("window late")
                                        .uid("window-late"));
        DataStream<DeadLetterRecord> dead =
                engagementDecoded
                        .getSideOutput(DeadLetterRouter.DEAD_LETTERS)
                        .union(armDecoded.getSideOutput(DeadLetterRouter.DEAD_LETTERS));
        return new Streams(
                totals, minute.union(hour), videoArms.getSideOutput(ArmOfVideo.ARMS), late, dead);
    }

    static final org.apache.flink.util.OutputTag<ArmPoint> WINDOW_LATE =
            new org.apache.flink.util.OutputTag<>("window-late") {};

    public static final class ToEngagement implements MapFunction<Inbound, Engagement> {
        private static final long serialVersionUID = 1L;

        @Override
        public Engagement map(Inbound in) {
            return in.engagement;
        }
    }

    /**
     * A safety net: what a window dropped as late. A minute's sums cannot be late (see {@link
     * VideoKpis}); should one ever be, it is counted and logged, as it names no single event.
     */
    static final class WindowLate extends RichFlatMapFunction<ArmPoint, LateEvent> {
        private static final long serialVersionUID = 1L;
        private static final Logger LOG = LoggerFactory.getLogger(WindowLate.class);
        private transient Counter lateSums;

        @Override
        public void open(OpenContext openContext) {
            lateSums = getRuntimeContext().getMetricGroup().counter("lateArmMinuteSums");
        }

        @Override
        public void flatMap(ArmPoint p, Collector<LateEvent> out) {
            if (p.engagement != null) {
                out.collect(new LateEvent(p.engagement, Long.MIN_VALUE, LateEvent.WINDOW_CLOSED));
            } else {
                lateSums.inc();
                LOG.error(
                        "arm window {} dropped the late sums of {} events of minute {}",
                        p.armPlatform,
                        p.sums.events,
                        p.minuteStart);
            }
        }
    }

    public static final class VideoOfEngagement implements KeySelector<Engagement, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(Engagement e) {
            return e.videoId();
        }
    }

    public static final class VideoOfArm implements KeySelector<VideoArm, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(VideoArm a) {
            return a.videoId;
        }
    }

    public static final class JobOfInbound implements KeySelector<Inbound, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(Inbound in) {
            return in.armRequest != null ? in.armRequest.jobId : in.publication.jobId;
        }
    }

    static final class ArmPlatformOfWindow implements KeySelector<ArmWindowKpi, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(ArmWindowKpi k) {
            return k.armId + "/" + k.platform;
        }
    }

    static final class ArmPlatformOfPoint implements KeySelector<ArmPoint, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(ArmPoint p) {
            return p.armPlatform;
        }
    }
}
