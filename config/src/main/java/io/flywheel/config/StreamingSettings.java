package io.flywheel.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the Flink streaming jobs run.
 *
 * @param parallelism default operator parallelism of each job
 * @param checkpointInterval time between exactly-once checkpoints (Kafka transactions commit on
 *     each)
 * @param stateBackend {@code hashmap} (local default: fastest, state on the heap) or {@code
 *     rocksdb} (production: incremental checkpoints, state larger than memory)
 * @param checkpointDir where checkpoints are kept
 * @param webUiPort the Flink web UI of the local MiniCluster (0 picks a free port)
 * @param outOfOrderness how far behind the newest event time an event may arrive and still be in
 *     order
 * @param allowedLateness how long after its window closes an event still updates it; later ones go
 *     to the late table
 * @param idleness a partition silent for this long no longer holds the watermark back
 * @param dedupeTtl how long event ids are remembered for de-duplication
 * @param flushInterval at most one running-totals update per video per interval
 * @param dailyBudgetMicroUsd the generation cost budget per UTC day, in millionths of a dollar
 * @param trend when the trend job calls a key trending ({@code streaming.trend.*})
 */
public record StreamingSettings(
        int parallelism,
        Duration checkpointInterval,
        String stateBackend,
        Path checkpointDir,
        int webUiPort,
        Duration outOfOrderness,
        Duration allowedLateness,
        Duration idleness,
        Duration dedupeTtl,
        Duration flushInterval,
        long dailyBudgetMicroUsd,
        TrendSettings trend) {

    /** The streaming jobs by name, as Flink lists them; the local process runs them all. */
    public static final String ENGAGEMENT_JOB = "engagement-kpi-job";

    public static final String OPS_JOB = "pipeline-ops-job";

    public static final String TREND_JOB = "trend-job";

    public static final java.util.List<String> JOBS =
            java.util.List.of(ENGAGEMENT_JOB, OPS_JOB, TREND_JOB);

    public StreamingSettings {
        if (!stateBackend.equals("hashmap") && !stateBackend.equals("rocksdb")) {
            throw new ConfigException(
                    "streaming.state.backend must be hashmap or rocksdb, not '"
                            + stateBackend
                            + "'");
        }
    }
}
