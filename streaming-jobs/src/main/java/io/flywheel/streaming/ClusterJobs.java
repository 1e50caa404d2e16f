package io.flywheel.streaming;

import io.flywheel.config.ConfigException;
import io.flywheel.config.ConfigLoader;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.config.StreamingSettings;
import io.flywheel.streaming.engagement.EngagementKpiJob;
import io.flywheel.streaming.ops.PipelineOpsJob;
import io.flywheel.streaming.trends.TrendJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptionsInternal;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry class of the streaming job jar ({@code flywheel-streaming-jobs-job.jar}) on a Flink
 * cluster: {@code flink run}, the Flink Kubernetes operator, or {@code POST /jars/:id/run} of a
 * session cluster, where {@code main} runs inside the JobManager.
 *
 * <pre>
 * --job engagement|ops|trends|all   which job(s) to submit (also by their Flink names)
 * --config FILE              a Flywheel properties file (default: $FLYWHEEL_CONFIG, if set)
 * --set key=value            a config override, repeatable; secrets are refused here
 * </pre>
 *
 * Configuration comes from the same {@link ConfigLoader} as every process: defaults, the file, the
 * {@code FLYWHEEL_*} environment of the JobManager (where the secrets belong: program arguments are
 * shown by Flink's web UI), then {@code --set}. Each job gets its fixed id, so its checkpoints are
 * in {@code <checkpoint dir>/<job id>} as with the local process ({@link StreamingJobs}).
 */
public final class ClusterJobs {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterJobs.class);

    static final String USAGE =
            "usage: --job engagement|ops|trends|all [--config FILE] [--set key=value ...]";

    private ClusterJobs() {}

    /** The parsed program arguments. */
    record Args(List<String> jobs, Optional<Path> configFile, Map<String, String> overrides) {

        static Args parse(String... args) {
            List<String> jobs = new ArrayList<>();
            Optional<Path> file = Optional.empty();
            Map<String, String> overrides = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("'" + a + "' needs a value; " + USAGE);
                }
                String v = args[++i];
                switch (a) {
                    case "--job" -> jobs = jobsNamed(v);
                    case "--config" -> file = Optional.of(Path.of(v));
                    case "--set" -> {
                        int eq = v.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException(
                                    "--set needs key=value, not '" + v + "'");
                        }
                        overrides.put(v.substring(0, eq).trim(), v.substring(eq + 1).trim());
                    }
                    default ->
                            throw new IllegalArgumentException(
                                    "unknown argument '" + a + "'; " + USAGE);
                }
            }
            if (jobs.isEmpty()) {
                throw new IllegalArgumentException("--job is required; " + USAGE);
            }
            return new Args(jobs, file, overrides);
        }

        private static List<String> jobsNamed(String name) {
            return switch (name) {
                case "engagement", StreamingSettings.ENGAGEMENT_JOB ->
                        List.of(StreamingSettings.ENGAGEMENT_JOB);
                case "ops", StreamingSettings.OPS_JOB -> List.of(StreamingSettings.OPS_JOB);
                case "trends", StreamingSettings.TREND_JOB -> List.of(StreamingSettings.TREND_JOB);
                case "all" -> StreamingSettings.JOBS;
                default ->
                        throw new IllegalArgumentException("unknown job '" + name + "'; " + USAGE);
            };
        }

        /** The configuration, refusing secrets in program arguments. */
        FlywheelConfig config(Map<String, String> env) {
            Optional<Path> file =
                    configFile.or(
                            () -> Optional.ofNullable(env.get("FLYWHEEL_CONFIG")).map(Path::of));
            FlywheelConfig config =
                    ConfigLoader.load(file, env, overrides, ConfigLoader.homeFrom(env));
            for (String key : overrides.keySet()) {
                if ("****".equals(config.describe().get(key))) {
                    throw new ConfigException(
                            key
                                    + " is a secret: pass it in the JobManager's environment ("
                                    + ConfigLoader.envName(key)
                                    + "), not as a program argument, which Flink shows");
                }
            }
            return config;
        }
    }

    public static void main(String[] args) throws Exception {
        Args a = Args.parse(args);
        FlywheelConfig config = a.config(System.getenv());
        LOG.info("submitting {} with {}", a.jobs(), config.describe());
        StreamingJobs.ensureTopics(config.kafka());
        for (String job : a.jobs()) {
            JobClient client = environment(config, job).executeAsync(job);
            LOG.info("submitted {} as {}", job, client.getJobID());
        }
    }

    /** The main of one job's own entry class: {@code --job} is implied. */
    public static void mainOf(String job, String[] args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--job", job));
        all.addAll(List.of(args));
        main(all.toArray(String[]::new));
    }

    /** The fixed id of a job: its checkpoints are found under it after any restart. */
    public static JobID jobId(String job) {
        return switch (job) {
            case StreamingSettings.ENGAGEMENT_JOB -> StreamingJobs.ENGAGEMENT_JOB;
            case StreamingSettings.OPS_JOB -> StreamingJobs.OPS_JOB;
            case StreamingSettings.TREND_JOB -> StreamingJobs.TREND_JOB;
            default -> throw new IllegalArgumentException("unknown job " + job);
        };
    }

    /** An environment with one job attached, configured for a cluster. */
    static StreamExecutionEnvironment environment(FlywheelConfig config, String job) {
        Configuration conf = FlinkSetup.configuration(config);
        conf.set(PipelineOptionsInternal.PIPELINE_FIXED_JOB_ID, jobId(job).toHexString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        FlinkSetup.configure(env, config);
        Endpoints endpoints = Endpoints.of(config, job);
        if (job.equals(StreamingSettings.ENGAGEMENT_JOB)) {
            EngagementKpiJob.attach(
                    env, endpoints, config.streaming(), Duration.ofSeconds(1), d -> d);
        } else if (job.equals(StreamingSettings.OPS_JOB)) {
            PipelineOpsJob.attach(env, endpoints, config.streaming(), Duration.ofSeconds(1));
        } else {
            TrendJob.attach(
                    env,
                    endpoints,
                    config.streaming(),
                    TrendJob.settings(config.streaming()),
                    Duration.ofSeconds(1));
        }
        return env;
    }
}
