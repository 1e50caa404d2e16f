package io.flywheel.streaming.engagement;

import io.flywheel.config.StreamingSettings;
import io.flywheel.schemas.Topic;
import io.flywheel.streaming.Endpoints;
import io.flywheel.streaming.KafkaEndpoints;
import io.flywheel.streaming.source.EventSources;
import io.flywheel.streaming.source.Inbound;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Real-time engagement KPIs: reads engagement events, publications and content requests from Kafka,
 * writes per-video running totals, per-arm 1-minute and 1-hour windows, arms and late events to
 * PostgreSQL, totals to {@code flywheel.kpi.video} and undecodable records to the DLQ.
 */
public final class EngagementKpiJob {
    public static final String NAME = io.flywheel.config.StreamingSettings.ENGAGEMENT_JOB;

    private EngagementKpiJob() {}

    /** While catching up a backlog, snapshots go this many times less often than live. */
    static final int CATCH_UP_FLUSH_FACTOR = 10;

    /** The topology settings from the config. */
    public static EngagementKpiTopology.Settings settings(StreamingSettings s) {
        return new EngagementKpiTopology.Settings(
                s.allowedLateness(),
                s.dedupeTtl(),
                s.flushInterval(),
                s.flushInterval().multipliedBy(CATCH_UP_FLUSH_FACTOR),
                Duration.ofDays(7),
                s.stateBackend());
    }

    /**
     * Adds the job to {@code env}: sources, topology, sinks.
     *
     * @param watermarkStep emit a watermark as soon as the newest event time moved this far (1 s in
     *     production; 0 in tests, so that lateness depends on the record order alone)
     * @param engagementTap applied to the decoded engagement input before the topology (identity in
     *     production; tests inject failures here)
     */
    public static void attach(
            StreamExecutionEnvironment env,
            Endpoints e,
            StreamingSettings s,
            Duration watermarkStep,
            UnaryOperator<DataStream<Inbound>> engagementTap) {
        DataStreamSource<Inbound> engagement =
                EventSources.engagement(
                        env, e, s, watermarkStep, NAME, "engagement source", "engagement-source");
        DataStreamSource<Inbound> arms =
                EventSources.arms(
                        env,
                        e,
                        s,
                        watermarkStep,
                        NAME,
                        "requests and publications source",
                        "arm-source");
        EngagementKpiTopology.Streams out =
                EngagementKpiTopology.build(engagementTap.apply(engagement), arms, settings(s));

        out.videoTotals()
                .sinkTo(KpiTables.videoTotals(e.postgres()))
                .name("video totals to postgres")
                .uid("sink-video-totals-pg");
        out.videoTotals()
                .sinkTo(
                        KafkaEndpoints.exactlyOnceSink(
                                e.bootstrapServers(),
                                e.transactionalIdPrefix() + "-kpi-video",
                                new VideoTotalsJson(e.kpiVideoTopic())))
                .name("video totals to kafka")
                .uid("sink-video-totals-kafka");
        out.armWindows()
                .sinkTo(KpiTables.armWindows(e.postgres()))
                .name("arm windows to postgres")
                .uid("sink-arm-windows-pg");
        // One writer per arm: two writers upserting the same arms in different orders deadlock.
        out.arms()
                .keyBy(new ArmIdOf())
                .sinkTo(KpiTables.arms(e.postgres()))
                .name("arms to postgres")
                .uid("sink-arms-pg");
        out.lateEvents()
                .sinkTo(KpiTables.lateEvents(e.postgres()))
                .name("late events to postgres")
                .uid("sink-late-events-pg");
        out.deadLetters()
                .sinkTo(
                        KafkaEndpoints.deadLetterSink(
                                e.bootstrapServers(),
                                e.topic(Topic.DLQ),
                                e.transactionalIdPrefix()))
                .name("dead letters to dlq")
                .uid("sink-dlq");
    }

    /**
     * This job alone on a cluster (e.g. application mode): the arguments of {@link
     * io.flywheel.streaming.ClusterJobs} without {@code --job}.
     */
    public static void main(String[] args) throws Exception {
        io.flywheel.streaming.ClusterJobs.mainOf(NAME, args);
    }

    public static final class ArmIdOf implements KeySelector<ArmRequest, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(ArmRequest a) {
            return a.armId;
        }
    }
}
