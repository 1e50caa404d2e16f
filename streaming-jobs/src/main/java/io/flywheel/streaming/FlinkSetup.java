package io.flywheel.streaming;

import io.flywheel.config.StreamingSettings;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The execution settings every Flywheel job shares, in one place: exactly-once checkpoints, the
 * state backend (hash-map locally, RocksDB incremental in production), a restart strategy, and no
 * Kryo fallback (every record type has a Flink serializer of its own).
 */
public final class FlinkSetup {
    private FlinkSetup() {}

    public static Configuration configuration(StreamingSettings s) {
        Configuration c = new Configuration();
        c.set(PipelineOptions.GENERIC_TYPES, false);
        c.set(PipelineOptions.OBJECT_REUSE, true);
        c.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, s.checkpointInterval());
        c.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        c.set(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS, minPause(s.checkpointInterval()));
        c.set(StateBackendOptions.STATE_BACKEND, s.stateBackend());
        c.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, s.stateBackend().equals("rocksdb"));
        c.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, s.checkpointDir().toUri().toString());
        c.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                org.apache.flink.configuration.ExternalizedCheckpointRetention
                        .RETAIN_ON_CANCELLATION);
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        c.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF,
                Duration.ofSeconds(1));
        c.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF,
                Duration.ofMinutes(1));
        c.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(100));
        return c;
    }

    public static StreamExecutionEnvironment configure(
            StreamExecutionEnvironment env, StreamingSettings s) {
        env.configure(configuration(s));
        // Functions never keep a reference to a record they emitted, so records can be reused.
        env.getConfig().enableObjectReuse();
        env.setParallelism(s.parallelism());
        return env;
    }

    private static Duration minPause(Duration interval) {
        return interval.dividedBy(4);
    }
}
