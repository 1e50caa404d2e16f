package io.flywheel.e2e.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flywheel.config.ConfigLoader;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.config.StreamingSettings;
import io.flywheel.e2e.FlywheelCli;
import io.flywheel.embedded.FreePorts;
import io.flywheel.storage.ObjectStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * bench/cluster-node-loss: the cluster profile on one machine, as a user meets it: {@code up
 * --profile cluster} starts three Kafka nodes, a Flink session cluster with the streaming jobs, a
 * Spark standalone cluster, the S3 server and two render workers, all healthy in {@code status} and
 * visible to ordinary clients (kcat, Flink's REST API, the Spark master's JSON). Then one demo
 * cycle runs while a Kafka node, a render worker (mid-job), the Flink TaskManager that runs the KPI
 * job and a Spark worker (while the model trains) are killed with SIGKILL; afterwards every job has
 * exactly one VideoRendered, every video is published once, every engagement event is counted once
 * (in its video's KPI totals in PostgreSQL and on kpi.video, or in the late table), and the trained
 * model's files are in the bucket. Every check is an assertion: the run stops at the first that
 * fails. Prints {@code RESULT up_s=… lost=… duplicated=… late=… recovered_s_max=…}.
 *
 * <p>{@code ClusterNodeLossTest} runs the same in the suite.
 */
public final class ClusterNodeLossBench {
    private static final Path HOME = Path.of(System.getProperty("flywheel.home"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

    private final Path tmp;
    private Path config;

    private ClusterNodeLossBench(Path tmp) {
        this.tmp = tmp;
    }

    /** What a run measured; every check of the run has passed when it returns. */
    public record Result(
            double upSeconds,
            long jobs,
            long lost,
            long duplicated,
            long late,
            double recoveredSecondsMax) {
        String line() {
            return String.format(
                    java.util.Locale.ROOT,
                    "RESULT up_s=%.0f jobs=%d lost=%d duplicated=%d late=%d recovered_s_max=%.1f",
                    upSeconds,
                    jobs,
                    lost,
                    duplicated,
                    late,
                    recoveredSecondsMax);
        }
    }

    public static void main(String[] args) throws Exception {
        Path work = HOME.resolve("e2e/target/bench-cluster-node-loss");
        if (java.nio.file.Files.exists(work)) {
            try (var paths = java.nio.file.Files.walk(work)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.delete(p);
                }
            }
        }
        java.nio.file.Files.createDirectories(work);
        System.out.println(runIn(work).line());
    }

    /**
     * {@code up --profile cluster} in {@code work}, the checks, the demo cycle with its kills and
     * the known answer; {@code down} at the end, whatever happened.
     */
    public static Result runIn(Path work) throws Exception {
        ClusterNodeLossBench bench = new ClusterNodeLossBench(work);
        try {
            return bench.run();
        } finally {
            bench.down();
        }
    }

    private FlywheelCli.Run flywheel(Duration timeout, String... args) throws Exception {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = config.toString();
        FlywheelCli.Run r = new FlywheelCli(HOME).run(timeout, tmp.resolve(args[0] + ".out"), all);
        System.out.println("$ flywheel " + String.join(" ", args) + "\n" + r.out());
        return r;
    }

    private void down() throws Exception {
        if (config != null) {
            flywheel(Duration.ofMinutes(5), "down");
        }
    }

    private Result run() throws Exception {
        String password = "cluster-secret";
        config =
                FlywheelCli.config(
                        tmp,
                        password,
                        "profile=cluster",
                        "cluster.kafka.ports=" + ports(3),
                        "cluster.kafka.controller.ports=" + ports(3),
                        "cluster.flink.rest.port=" + FreePorts.pick(),
                        "cluster.flink.rpc.port=" + FreePorts.pick(),
                        "cluster.spark.master.port=" + FreePorts.pick(),
                        "cluster.spark.master.web.port=" + FreePorts.pick(),
                        "storage.s3.server.port=" + FreePorts.pick());
        FlywheelConfig c = ConfigLoader.load(Optional.of(config), Map.of(), Map.of(), HOME);
        long t0 = System.nanoTime();
        FlywheelCli.Run up = flywheel(Duration.ofMinutes(20), "up");
        assertThat(up.code()).as(up.out()).isZero();
        double upSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("cluster up in %.0f s%n", upSeconds);

        FlywheelCli.Run st = flywheel(Duration.ofMinutes(2), "status", "--json");
        assertThat(st.code()).as(st.out()).isZero();
        JsonNode status = JSON.readTree(st.out());
        for (String node :
                List.of(
                        "kafka-1",
                        "kafka-2",
                        "kafka-3",
                        "s3-server",
                        "flink-jobmanager",
                        "flink-taskmanager-1",
                        "flink-taskmanager-2",
                        "streaming-jobs",
                        "spark-master",
                        "spark-worker-1",
                        "spark-worker-2",
                        "render-worker-1",
                        "render-worker-2",
                        "publisher",
                        "api",
                        "scheduler")) {
            assertThat(service(status, node).path("healthy").asBoolean())
                    .as(node + " in " + status)
                    .isTrue();
        }
        assertThat(service(status, "streaming-jobs").path("detail").asText())
                .isEqualTo(StreamingSettings.JOBS.size() + " jobs RUNNING");

        // Ordinary clients see the same: kcat, Flink's REST API, the Spark master's JSON.
        String kcat = run("kcat", "-b", c.kafka().bootstrapServers(), "-L");
        assertThat(kcat).contains("3 brokers:");
        JsonNode tms =
                JSON.readTree(
                        get("http://127.0.0.1:" + c.cluster().flinkRestPort() + "/taskmanagers"));
        assertThat(tms.path("taskmanagers")).hasSize(2);
        JsonNode master =
                JSON.readTree(
                        get("http://127.0.0.1:" + c.cluster().sparkMasterWebPort() + "/json"));
        assertThat(master.path("aliveworkers").asInt()).isEqualTo(2);

        // One demo cycle with a node of each kind killed at its busiest.
        List<FaultedDemo.Recovery> recoveries = new CopyOnWriteArrayList<>();
        int demo =
                FaultedDemo.runDemo(
                        HOME,
                        config,
                        1,
                        // 3 per brief: 12 videos, enough to train (the demo needs 10 at the
                        // horizon)
                        3,
                        List.of(
                                new FaultedDemo.Fault(1, "rendering", "render-worker-1"),
                                new FaultedDemo.Fault(1, "rendering", "kafka-2"),
                                // the TaskManager that runs the KPI job, so that its recovery
                                // from the checkpoint is what the known answer checks
                                new FaultedDemo.Fault(
                                        1,
                                        "live KPIs",
                                        "flink-taskmanager",
                                        () ->
                                                taskManagerOf(
                                                        c.cluster().flinkRestPort(),
                                                        StreamingSettings.ENGAGEMENT_JOB,
                                                        "flink-taskmanager-1")),
                                new FaultedDemo.Fault(1, "learning", "spark-worker-1")),
                        recoveries);
        assertThat(demo).isZero();
        assertThat(recoveries).hasSize(4).allSatisfy(r -> assertThat(r.recovered()).isTrue());
        System.out.println("recoveries: " + recoveries);

        KnownAnswer.Tally t =
                KnownAnswer.tally(c.kafka().bootstrapServers(), c.postgres().port(), password);
        assertThat(t.problems).isEmpty();
        assertThat(t.lost).isZero();
        assertThat(t.duplicated).isZero();
        assertThat(t.jobs).isPositive();
        assertThat(t.rendered).isEqualTo(t.jobs);

        // The model the cycle trained is in the bucket, beside the videos.
        FlywheelConfig withKeys = withLocalCredentials(c);
        try (ObjectStore bucket = ObjectStore.of(withKeys)) {
            assertThat(bucket.list("models/")).isNotEmpty();
            assertThat(bucket.list("media/")).anyMatch(k -> k.endsWith(".mp4"));
        }
        return new Result(
                upSeconds,
                t.jobs,
                t.lost,
                t.duplicated,
                t.late,
                recoveries.stream().mapToDouble(FaultedDemo.Recovery::seconds).max().orElse(0));
    }

    /** The configuration with the local S3 server's credentials that {@code up} made. */
    private FlywheelConfig withLocalCredentials(FlywheelConfig c) throws Exception {
        java.util.Properties p = new java.util.Properties();
        try (var in = java.nio.file.Files.newInputStream(c.dataPath("run", "s3.credentials"))) {
            p.load(in);
        }
        return ConfigLoader.load(
                Optional.of(config),
                Map.of(
                        "FLYWHEEL_STORAGE_S3_ACCESS_KEY", p.getProperty("access.key"),
                        "FLYWHEEL_STORAGE_S3_SECRET_KEY", p.getProperty("secret.key")),
                Map.of(),
                HOME);
    }

    /**
     * The service name ({@code flink-taskmanager-N}) of a TaskManager running a task of the named
     * job, from Flink's REST API (TaskManager resource ids are {@code tm-N}); asked again for up to
     * a minute while the job is restarting, then {@code fallback}.
     */
    static String taskManagerOf(int restPort, String jobName, String fallback) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                Optional<String> tm = runningTaskManagerOf(restPort, jobName);
                if (tm.isPresent()) {
                    return tm.get();
                }
            } catch (Exception | AssertionError e) {
                System.out.println("chaos: Flink's REST API did not answer: " + e);
            }
            if (System.nanoTime() > deadline) {
                System.out.println(
                        "chaos: no TaskManager ran " + jobName + " for a minute; " + fallback);
                return fallback;
            }
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fallback;
            }
        }
    }

    private static Optional<String> runningTaskManagerOf(int restPort, String jobName)
            throws Exception {
        String base = "http://127.0.0.1:" + restPort;
        for (JsonNode job : JSON.readTree(get(base + "/jobs/overview")).path("jobs")) {
            if (!job.path("name").asText().equals(jobName)
                    || !job.path("state").asText().equals("RUNNING")) {
                continue;
            }
            String jid = job.path("jid").asText();
            for (JsonNode v : JSON.readTree(get(base + "/jobs/" + jid)).path("vertices")) {
                String tms = base + "/jobs/" + jid + "/vertices/" + v.path("id").asText();
                for (JsonNode tm : JSON.readTree(get(tms + "/taskmanagers")).path("taskmanagers")) {
                    String id = tm.path("taskmanager-id").asText();
                    if (id.startsWith("tm-") && tm.path("status").asText().equals("RUNNING")) {
                        return Optional.of("flink-taskmanager-" + id.substring(3));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static String ports(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Integer.toString(FreePorts.pick()));
        }
        return String.join(",", out);
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> r =
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        return r.body();
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static JsonNode service(JsonNode status, String name) {
        for (JsonNode s : status.path("services")) {
            if (s.path("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no " + name + " in " + status);
    }
}
