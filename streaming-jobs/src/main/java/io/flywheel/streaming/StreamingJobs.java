package io.flywheel.streaming;

import io.flywheel.config.ConfigLoader;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.config.KafkaSettings;
import io.flywheel.config.StreamingSettings;
import io.flywheel.schemas.KafkaTopics;
import io.flywheel.schemas.Topic;
import io.flywheel.streaming.engagement.EngagementKpiJob;
import io.flywheel.streaming.metrics.BoundPrometheusReporterFactory;
import io.flywheel.streaming.metrics.MetricsCheck;
import io.flywheel.streaming.ops.PipelineOpsJob;
import io.flywheel.streaming.trends.TrendJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptionsInternal;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local streaming process of {@code flywheel up}: one Flink MiniCluster with its web UI on
 * {@code streaming.web.port} (read-only: GET requests only), running EngagementKpiJob,
 * PipelineOpsJob and TrendJob. Each job has a fixed job id, so its checkpoints are found again: on
 * start it resumes from its newest retained checkpoint (state and Kafka offsets), which is what
 * makes a restart of {@code flywheel up} lose nothing. SIGTERM cancels the jobs (checkpoints are
 * retained) and stops the cluster.
 */
public final class StreamingJobs {
    private static final Logger LOG = LoggerFactory.getLogger(StreamingJobs.class);

    /** Fixed ids: the checkpoint directory of each job is {@code <checkpoint dir>/<id>}. */
    static final JobID ENGAGEMENT_JOB = JobID.fromHexString("f1e1ee1000000000000000000000e001");

    static final JobID OPS_JOB = JobID.fromHexString("f1e1ee1000000000000000000000e002");

    static final JobID TREND_JOB = JobID.fromHexString("f1e1ee1000000000000000000000e003");

    static final List<JobID> JOBS = List.of(ENGAGEMENT_JOB, OPS_JOB, TREND_JOB);

    private StreamingJobs() {}

    public static void main(String[] args) throws Exception {
        FlywheelConfig config = ConfigLoader.fromEnvironment(Map.of());
        LOG.info("streaming jobs starting with {}", config.describe());
        StreamingSettings s = config.streaming();
        ensureTopics(config.kafka());

        Configuration conf = FlinkSetup.configuration(s);
        conf.set(RestOptions.PORT, s.webUiPort());
        conf.set(RestOptions.ADDRESS, config.listenAddress());
        conf.set(RestOptions.BIND_ADDRESS, config.listenAddress());
        readOnlyWebUi(conf);
        BoundPrometheusReporterFactory.configure(
                conf, config.listenAddress(), config.metrics().streamingPort());
        MiniCluster cluster =
                new ReadOnlyRestMiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(conf)
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(JOBS.size() * s.parallelism())
                                .build());
        cluster.start();
        String ui = cluster.getRestAddress().get(60, TimeUnit.SECONDS).toString();
        LOG.info("Flink web UI at {}", ui);
        System.out.println("flink.web.ui=" + ui);
        // Flink only logs a reporter that could not start; a process without its metrics stops.
        try {
            MetricsCheck.requireServing(config.listenAddress(), config.metrics().streamingPort());
        } catch (IllegalStateException e) {
            LOG.error("{}; exiting", e.getMessage());
            System.exit(4);
        }

        submit(
                cluster,
                config,
                ENGAGEMENT_JOB,
                EngagementKpiJob.NAME,
                env ->
                        EngagementKpiJob.attach(
                                env,
                                Endpoints.of(config, EngagementKpiJob.NAME),
                                s,
                                Duration.ofSeconds(1),
                                d -> d));
        submit(
                cluster,
                config,
                OPS_JOB,
                PipelineOpsJob.NAME,
                env ->
                        PipelineOpsJob.attach(
                                env,
                                Endpoints.of(config, PipelineOpsJob.NAME),
                                s,
                                Duration.ofSeconds(1)));
        submit(
                cluster,
                config,
                TREND_JOB,
                TrendJob.NAME,
                env ->
                        TrendJob.attach(
                                env,
                                Endpoints.of(config, TrendJob.NAME),
                                s,
                                TrendJob.settings(s),
                                Duration.ofSeconds(1)));

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    LOG.info("stopping: cancelling jobs, checkpoints are kept");
                                    for (JobID id : JOBS) {
                                        try {
                                            cluster.cancelJob(id).get(30, TimeUnit.SECONDS);
                                        } catch (Exception e) {
                                            LOG.warn("cannot cancel {}: {}", id, e.toString());
                                        }
                                    }
                                    try {
                                        cluster.closeAsync().get(60, TimeUnit.SECONDS);
                                    } catch (Exception e) {
                                        LOG.warn("cluster did not stop cleanly: {}", e.toString());
                                    }
                                    stopped.countDown();
                                }));
        // A job that fails for good (after its own restart strategy) ends the process with a
        // non-zero code, so the supervisor restarts it from the retained checkpoints, and status
        // never shows a live process without its jobs.
        for (JobID id : JOBS) {
            cluster.requestJobResult(id)
                    .thenAccept(
                            r -> {
                                if (stopped.getCount() > 0) {
                                    LOG.error(
                                            "job {} ended: {}; exiting so the supervisor restarts"
                                                    + " the streaming process",
                                            id,
                                            r.getApplicationStatus());
                                    new Thread(() -> System.exit(2), "exit").start();
                                }
                            });
        }
        watchForStuckJobs(cluster, stopped);
        stopped.await();
    }

    /** How long the jobs may be without a TaskManager or not RUNNING before the process ends. */
    static final Duration STUCK_GRACE = Duration.ofSeconds(90);

    /**
     * Ends the process (for the supervisor to restart) when its jobs cannot run: see {@link
     * StuckJobsWatch}.
     */
    private static void watchForStuckJobs(MiniCluster cluster, CountDownLatch stopped) {
        StuckJobsWatch watch = new StuckJobsWatch(STUCK_GRACE);
        java.util.concurrent.ScheduledExecutorService every =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "stuck-jobs-watch");
                            t.setDaemon(true);
                            return t;
                        });
        every.scheduleWithFixedDelay(
                () -> {
                    if (stopped.getCount() == 0) {
                        return;
                    }
                    Optional<String> end = watch.observe(System.nanoTime(), problem(cluster));
                    if (end.isPresent()) {
                        LOG.error(
                                "the streaming jobs cannot run ({}); exiting so the supervisor"
                                        + " restarts the process from the retained checkpoints",
                                end.get());
                        new Thread(() -> System.exit(3), "exit").start();
                    }
                },
                30,
                5,
                TimeUnit.SECONDS);
    }

    /** What keeps the jobs from running now, if anything. */
    private static Optional<String> problem(MiniCluster cluster) {
        try {
            if (cluster.requestClusterOverview()
                            .get(10, TimeUnit.SECONDS)
                            .getNumTaskManagersConnected()
                    == 0) {
                return Optional.of("no TaskManager");
            }
            List<String> notRunning = new ArrayList<>();
            for (JobID id : JOBS) {
                org.apache.flink.api.common.JobStatus st =
                        cluster.getJobStatus(id).get(10, TimeUnit.SECONDS);
                if (st != org.apache.flink.api.common.JobStatus.RUNNING) {
                    notRunning.add(id + " " + st);
                }
            }
            return notRunning.isEmpty()
                    ? Optional.empty()
                    : Optional.of(String.join(", ", notRunning));
        } catch (Exception e) {
            return Optional.of(
                    "the cluster does not answer (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * The web UI and REST API are for looking (and for {@code flywheel up}'s health check of {@code
     * /jobs/overview}): they must not run a stranger's jar or stop the jobs. Jobs are submitted
     * in-process and cancelled by SIGTERM, neither over HTTP. These switches hide the UI's submit
     * and cancel controls; they are not enough alone (Flink 2.2 still accepts {@code PATCH
     * /jobs/:id?mode=cancel} with {@code web.cancel.enable=false}, and {@code POST /jobs}), so
     * {@link ReadOnlyRestMiniCluster} serves GET requests only.
     */
    static void readOnlyWebUi(Configuration conf) {
        conf.set(WebOptions.SUBMIT_ENABLE, false);
        conf.set(WebOptions.CANCEL_ENABLE, false);
        conf.set(WebOptions.RESCALE_ENABLE, false);
    }

    private static void submit(
            MiniCluster cluster,
            FlywheelConfig config,
            JobID id,
            String name,
            Consumer<StreamExecutionEnvironment> attach)
            throws Exception {
        Configuration conf = FlinkSetup.configuration(config.streaming());
        conf.set(PipelineOptionsInternal.PIPELINE_FIXED_JOB_ID, id.toHexString());
        Optional<Path> resume =
                newestCheckpoint(config.streaming().checkpointDir().resolve(id.toHexString()));
        resume.ifPresent(p -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, p.toString()));
        // A newer build may have dropped an operator: its old state is skipped, not fatal.
        conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        FlinkSetup.configure(env, config.streaming());
        attach.accept(env);
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(name);
        // The fixed id names the checkpoint directory a restart resumes from; a stream graph
        // submitted to the MiniCluster directly does not take it from PIPELINE_FIXED_JOB_ID.
        graph.setJobId(id);
        cluster.submitJob(graph).get(60, TimeUnit.SECONDS);
        LOG.info(
                "submitted {} as {}{}",
                name,
                id,
                resume.map(p -> ", resuming from " + p).orElse(", from committed offsets"));
    }

    /** The newest complete checkpoint ({@code chk-N} with its metadata) of a job, if any. */
    static Optional<Path> newestCheckpoint(Path jobDir) throws IOException {
        if (!Files.isDirectory(jobDir)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(jobDir)) {
            return dirs.filter(d -> d.getFileName().toString().matches("chk-\\d+"))
                    .filter(d -> Files.exists(d.resolve("_metadata")))
                    .max(
                            Comparator.comparingLong(
                                    d -> Long.parseLong(d.getFileName().toString().substring(4))));
        }
    }

    /** Topics must exist before the exactly-once sinks start. */
    static void ensureTopics(KafkaSettings k) {
        List<String> names = new ArrayList<>(Topic.allNames(k.topicPrefix()));
        names.add(k.topicPrefix() + Endpoints.KPI_VIDEO_SUFFIX);
        KafkaTopics.ensure(
                k.bootstrapServers(),
                names,
                k.partitions(),
                k.replicationFactor(),
                k.retentionMs());
    }
}
