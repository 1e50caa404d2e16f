package io.flywheel.cli;

import io.flywheel.config.StreamingSettings;
import io.flywheel.embedded.FlinkRest;
import io.flywheel.embedded.FlinkSessionCluster;
import io.flywheel.embedded.Health;
import io.flywheel.embedded.ServiceState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The streaming jobs on the cluster profile: submitted to the Flink session cluster through its
 * REST API from the deployable job jar (one job per name, entry class {@code ClusterJobs}), and
 * reported as a row of {@code status}. Submitting again submits only the jobs that are not running
 * (for the supervisor, after the JobManager came back).
 */
final class ClusterStreaming {
    static final String NAME = "streaming-jobs";
    static final String ENTRY = "io.flywheel.streaming.ClusterJobs";
    private static final List<String> JOBS = List.of("engagement", "ops", "trends");

    private final FlinkSessionCluster flink;
    private final Path jar;

    ClusterStreaming(FlinkSessionCluster flink, Path home) {
        this.flink = flink;
        this.jar = home.resolve("streaming-jobs/target/flywheel-streaming-jobs-job.jar");
    }

    /**
     * Submits every job that is not running (or about to) and waits until all run.
     *
     * @return what it did, for {@code up}'s progress line
     */
    String ensureRunning(Duration timeout) {
        if (!Files.isRegularFile(jar)) {
            throw new UserError(jar + " is not built; `./flywheel` builds everything");
        }
        FlinkRest rest = flink.rest();
        List<String> submitted = new ArrayList<>();
        String jarId = null;
        for (String job : JOBS) {
            Optional<FlinkRest.Job> j =
                    rest.jobs().stream()
                            .filter(x -> x.name().equals(jobName(job)))
                            .filter(x -> !terminal(x.state()))
                            .findFirst();
            if (j.isPresent()) {
                continue;
            }
            if (jarId == null) {
                jarId = rest.uploadJar(jar);
            }
            String id = rest.runJar(jarId, FlinkRest.Run.of(ENTRY, List.of("--job", job)));
            submitted.add(job + " " + id);
        }
        for (FlinkRest.Job j : rest.jobs()) {
            if (!terminal(j.state())) {
                rest.awaitRunning(j.id(), timeout);
            }
        }
        return submitted.isEmpty() ? "already running" : "submitted " + submitted;
    }

    /** Whether every job is listed and neither failed nor was cancelled. */
    boolean submitted() {
        try {
            List<FlinkRest.Job> jobs = flink.rest().jobs();
            return JOBS.stream()
                    .allMatch(
                            job ->
                                    jobs.stream()
                                            .anyMatch(
                                                    x ->
                                                            x.name().equals(jobName(job))
                                                                    && !terminal(x.state())));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A row for {@code status}: the JobManager's pid, the jobs' states. */
    ServiceState state() {
        Health h = ServiceChecks.flinkJobs(flink.spec().restUrl(), StreamingSettings.JOBS);
        return new ServiceState(
                NAME,
                flink.jobManager().process().map(ProcessHandle::pid),
                flink.spec().restUrl() + "/#/job/running",
                h.ok(),
                h.detail(),
                0);
    }

    private static String jobName(String job) {
        return switch (job) {
            case "engagement" -> StreamingSettings.ENGAGEMENT_JOB;
            case "ops" -> StreamingSettings.OPS_JOB;
            default -> StreamingSettings.TREND_JOB;
        };
    }

    private static boolean terminal(String state) {
        return List.of("FAILED", "CANCELED", "FINISHED").contains(state);
    }
}
