package io.flywheel.streaming;

import io.flywheel.config.FlywheelConfig;
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

    /**
     * The settings of a job on a cluster: as {@link #configuration(StreamingSettings)}, with
     * checkpoints and savepoints in the bucket of {@code storage.url} when it is S3 (Flink's S3
     * filesystem plugin reads them), else under the data directory.
     */
    public static Configuration configuration(FlywheelConfig c) {
        Configuration conf = configuration(c.streaming());
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointUri(c));
        conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, savepointUri(c));
        return conf;
    }

    /**
     * Where checkpoints go: {@code s3://bucket/prefix/flink/checkpoints} or the local directory.
     */
    public static String checkpointUri(FlywheelConfig c) {
        return c.storage().s3()
                ? c.storage().url("s3", "flink/checkpoints")
                : c.streaming().checkpointDir().toUri().toString();
    }

    /** Where savepoints go: next to the checkpoints, in {@code flink/savepoints}. */
    public static String savepointUri(FlywheelConfig c) {
        return c.storage().s3()
                ? c.storage().url("s3", "flink/savepoints")
                : c.streaming().checkpointDir().resolveSibling("savepoints").toUri().toString();
    }

    /**
     * {@link #configure(StreamExecutionEnvironment, StreamingSettings)} with the cluster's dirs.
     */
    public static StreamExecutionEnvironment configure(
            StreamExecutionEnvironment env, FlywheelConfig c) {
        configure(env, c.streaming());
        env.configure(configuration(c));
        return env;
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
