package io.flywheel.streaming.trends;

import io.flywheel.config.StreamingSettings;
import io.flywheel.schemas.Topic;
import io.flywheel.streaming.Endpoints;
import io.flywheel.streaming.KafkaEndpoints;
import io.flywheel.streaming.source.EventSources;
import io.flywheel.streaming.source.Inbound;
import java.time.Duration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Trends from our own engagement stream: reads engagement events, content requests and
 * publications, finds the arms and parameter values whose engaged views rise faster than their own
 * baseline ({@link TrendStatistic}), writes every trending window to {@code stream_trends} and a
 * {@code TrendDetected} event per trend onset to {@code flywheel.control} (exactly once).
 */
public final class TrendJob {
    public static final String NAME = StreamingSettings.TREND_JOB;

    private TrendJob() {}

    /** The topology settings from the config. */
    public static TrendTopology.Settings settings(StreamingSettings s) {
        return new TrendTopology.Settings(s.trend(), s.dedupeTtl(), Duration.ofDays(7));
    }

    /**
     * Adds the job to {@code env}: sources, topology, sinks.
     *
     * @param watermarkStep as for the engagement job (1 s in production, 0 in tests)
     */
    public static void attach(
            StreamExecutionEnvironment env,
            Endpoints e,
            StreamingSettings s,
            TrendTopology.Settings settings,
            Duration watermarkStep) {
        DataStreamSource<Inbound> engagement =
                EventSources.engagement(
                        env,
                        e,
                        s,
                        watermarkStep,
                        NAME,
                        "trend engagement source",
                        "trend-engagement-source");
        DataStreamSource<Inbound> arms =
                EventSources.arms(
                        env,
                        e,
                        s,
                        watermarkStep,
                        NAME,
                        "trend requests and publications source",
                        "trend-arm-source");
        DataStream<TrendWindow> trends = TrendTopology.build(engagement, arms, settings);
        trends.sinkTo(TrendTables.trends(e.postgres()))
                .name("trends to postgres")
                .uid("sink-trends-pg");
        trends.filter(new TrendTopology.Onsets())
                .name("trend onsets")
                .uid("trend-onsets")
                .sinkTo(
                        KafkaEndpoints.exactlyOnceSink(
                                e.bootstrapServers(),
                                e.transactionalIdPrefix() + "-control",
                                new TrendDetectedSerializer(e.topic(Topic.CONTROL))))
                .name("trend onsets to control")
                .uid("sink-trend-control");
    }

    /**
     * This job alone on a cluster (e.g. application mode): the arguments of {@link
     * io.flywheel.streaming.ClusterJobs} without {@code --job}.
     */
    public static void main(String[] args) throws Exception {
        io.flywheel.streaming.ClusterJobs.mainOf(NAME, args);
    }
}
