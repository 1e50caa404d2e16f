package io.flywheel.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster on this machine from Spark's own entry points: one {@code
 * org.apache.spark.deploy.master.Master} and N {@code org.apache.spark.deploy.worker.Worker}s, each
 * its own JVM with its pid file and log (as {@link JavaService}), each worker with its own work
 * directory below {@code dir}; a worker can be started, stopped or killed on its own. Health is the
 * master's own view: its {@code /json} lists every worker ALIVE. No Spark compile dependency: the
 * JVMs run from {@link SparkDistribution}'s jars.
 */
public final class SparkStandaloneCluster {
    public static final String MASTER_CLASS = "org.apache.spark.deploy.master.Master";
    public static final String WORKER_CLASS = "org.apache.spark.deploy.worker.Worker";

    /**
     * How the master notices a worker that stopped heart-beating (Spark's default: 60 s); the
     * driver sees its executors go at once, this is only the master's view and {@code status}.
     */
    static final int WORKER_TIMEOUT_SECONDS = 10;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();

    /**
     * @param host the address every node binds to and advertises (127.0.0.1 on one machine)
     * @param masterPort the master's RPC port ({@code spark://host:port}), Spark's default 7077
     * @param masterUiPort the master's web UI and {@code /json}, Spark's default 8080
     * @param workers how many workers
     * @param workerCores cores each worker offers to executors
     * @param workerMemory memory each worker offers to executors, e.g. {@code 1g}
     * @param daemonHeap the heap of the master and worker JVMs themselves, e.g. {@code 256m}
     * @param sparkJars Spark's jars ({@link SparkDistribution#sparkJars})
     * @param jvmFlags Spark's Java 17 flags (batch-jobs' {@code spark.jvm.flags})
     * @param dir the cluster's own files: its SPARK_HOME, configuration and work directories
     * @param runDir pid files
     * @param logDir one log per node
     */
    public record Settings(
            String host,
            int masterPort,
            int masterUiPort,
            int workers,
            int workerCores,
            String workerMemory,
            String daemonHeap,
            List<Path> sparkJars,
            List<String> jvmFlags,
            Path dir,
            Path runDir,
            Path logDir) {}

    /** A worker as the master's {@code /json} lists it. */
    public record WorkerStatus(String id, String host, int port, String state, int cores) {}

    /** The master's {@code /json}: its own state and its workers (dead ones included). */
    public record MasterStatus(String url, String status, List<WorkerStatus> workers) {
        public long aliveWorkers() {
            return workers.stream().filter(w -> "ALIVE".equals(w.state())).count();
        }

        public boolean alive(int port) {
            return workers.stream().anyMatch(w -> w.port() == port && "ALIVE".equals(w.state()));
        }
    }

    private final Settings settings;
    private final Path sparkHome;
    private final Path properties;
    private final JavaService master;
    private final List<JavaService> workers = new ArrayList<>();
    private final int[] workerPorts;

    public SparkStandaloneCluster(Settings settings) {
        this.settings = settings;
        this.sparkHome = settings.dir().resolve("spark-home");
        this.properties = settings.dir().resolve("spark-defaults.conf");
        this.master = new JavaService(masterSpec());
        this.workerPorts = new int[settings.workers()];
        for (int i = 1; i <= settings.workers(); i++) {
            workerPorts[i - 1] = keptPort(i);
            workers.add(new JavaService(workerSpec(i)));
        }
    }

    public String masterUrl() {
        return "spark://" + settings.host() + ":" + settings.masterPort();
    }

    public String masterWebUrl() {
        return "http://" + settings.host() + ":" + settings.masterUiPort();
    }

    public Settings settings() {
        return settings;
    }

    public JavaService master() {
        return master;
    }

    /** Worker {@code i}, counted from 1. */
    public JavaService worker(int i) {
        return workers.get(i - 1);
    }

    /** The master, then every worker; returns once the master lists them all ALIVE. */
    public void start(Duration timeout) {
        prepare();
        master.start(true, timeout);
        for (int i = 1; i <= settings.workers(); i++) {
            startWorker(i, timeout);
        }
    }

    /** Starts the master (again) and waits until its {@code /json} answers. */
    public void startMaster(Duration timeout) {
        prepare();
        master.start(true, timeout);
    }

    /** Starts worker {@code i} (again) and waits until the master lists it ALIVE. */
    public void startWorker(int i, Duration timeout) {
        prepare();
        workerPorts[i - 1] = FreePorts.pick();
        keepPort(i, workerPorts[i - 1]);
        workers.set(i - 1, new JavaService(workerSpec(i)));
        workers.get(i - 1).start(true, timeout);
    }

    /**
     * {@code kill -9} of worker {@code i} (a lost machine): its executors notice their worker is
     * gone and exit on their own, as they would on a cluster.
     */
    public void killWorker(int i) {
        worker(i).process().ifPresent(ProcessHandle::destroyForcibly);
    }

    /** Stops worker {@code i} and the executors it launched. */
    public void stopWorker(int i) {
        stopWithChildren(worker(i));
    }

    /** Stops every worker (and their executors and drivers), then the master. */
    public void stop() {
        for (int i = settings.workers(); i >= 1; i--) {
            stopWorker(i);
        }
        stopWithChildren(master);
    }

    /** The master's {@code /json}; empty when it does not answer. */
    public Optional<MasterStatus> status() {
        return status(masterWebUrl());
    }

    /** Healthy when the master is ALIVE and lists all {@code workers} ALIVE. */
    public Health health() {
        Optional<MasterStatus> s = status();
        if (s.isEmpty()) {
            return Health.failing("the master's " + masterWebUrl() + "/json does not answer");
        }
        long alive = s.get().aliveWorkers();
        String detail =
                s.get().status() + ", " + alive + "/" + settings.workers() + " workers ALIVE";
        return "ALIVE".equals(s.get().status()) && alive >= settings.workers()
                ? Health.ok(detail)
                : Health.failing(detail);
    }

    /** A standalone master's {@code /json} at {@code webUrl} (its web UI address). */
    public static Optional<MasterStatus> status(String webUrl) {
        try {
            HttpResponse<String> r =
                    HTTP.send(
                            HttpRequest.newBuilder(URI.create(webUrl + "/json"))
                                    .timeout(Duration.ofSeconds(3))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return Optional.empty();
            }
            JsonNode n = JSON.readTree(r.body());
            List<WorkerStatus> ws = new ArrayList<>();
            for (JsonNode w : n.path("workers")) {
                ws.add(
                        new WorkerStatus(
                                w.path("id").asText(),
                                w.path("host").asText(),
                                w.path("port").asInt(),
                                w.path("state").asText(),
                                w.path("cores").asInt()));
            }
            return Optional.of(
                    new MasterStatus(n.path("url").asText(), n.path("status").asText(), ws));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private void prepare() {
        SparkDistribution.link(sparkHome, settings.sparkJars());
        try {
            Files.createDirectories(settings.dir());
            // Read by the master and the workers (--properties-file); not by jobs.
            Files.writeString(
                    properties,
                    "spark.worker.timeout "
                            + WORKER_TIMEOUT_SECONDS
                            + "\n"
                            // Finished executors' and drivers' directories are removed after a
                            // day rather than kept forever.
                            + "spark.worker.cleanup.enabled true\n"
                            + "spark.worker.cleanup.appDataTtl 86400\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + properties, e);
        }
    }

    private List<String> jvmArgs() {
        List<String> a = new ArrayList<>();
        a.add("-Xmx" + settings.daemonHeap());
        a.addAll(settings.jvmFlags());
        return a;
    }

    private Map<String, String> env() {
        // The Worker builds each executor's and driver's command from SPARK_HOME (its jars/);
        // the Scala version saves it from looking for a source build.
        return Map.of(
                "SPARK_HOME", sparkHome.toString(),
                "SPARK_SCALA_VERSION", "2.12",
                "SPARK_LOCAL_IP", settings.host(),
                "SPARK_CONF_DIR", settings.dir().resolve("conf").toString());
    }

    private JavaService.Spec masterSpec() {
        return new JavaService.Spec(
                "spark-master",
                MASTER_CLASS,
                List.of(sparkHome.resolve("jars") + "/*"),
                jvmArgs(),
                List.of(
                        "--host",
                        settings.host(),
                        "--port",
                        Integer.toString(settings.masterPort()),
                        "--webui-port",
                        Integer.toString(settings.masterUiPort()),
                        "--properties-file",
                        properties.toString()),
                env(),
                settings.runDir(),
                settings.logDir(),
                () -> {
                    Optional<MasterStatus> s = status();
                    return s.isPresent() && "ALIVE".equals(s.get().status())
                            ? Health.ok("ALIVE at " + masterUrl())
                            : Health.failing("the master is not ALIVE at " + masterWebUrl());
                },
                masterUrl());
    }

    /**
     * The port worker {@code i} was last started on, kept in the cluster's directory so that
     * another command ({@code status}) finds it in the master's list (0 if never started).
     */
    private int keptPort(int i) {
        Path f = settings.dir().resolve("worker-" + i + ".port");
        try {
            return Files.exists(f) ? Integer.parseInt(Files.readString(f).strip()) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private void keepPort(int i, int port) {
        try {
            Files.createDirectories(settings.dir());
            Files.writeString(settings.dir().resolve("worker-" + i + ".port"), port + "\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private JavaService.Spec workerSpec(int i) {
        int port = workerPorts[i - 1];
        return new JavaService.Spec(
                "spark-worker-" + i,
                WORKER_CLASS,
                List.of(sparkHome.resolve("jars") + "/*"),
                jvmArgs(),
                List.of(
                        "--host",
                        settings.host(),
                        "--port",
                        Integer.toString(port),
                        "--webui-port",
                        "0",
                        "--cores",
                        Integer.toString(settings.workerCores()),
                        "--memory",
                        settings.workerMemory(),
                        "--work-dir",
                        settings.dir().resolve("work").resolve("worker-" + i).toString(),
                        "--properties-file",
                        properties.toString(),
                        masterUrl()),
                env(),
                settings.runDir(),
                settings.logDir(),
                () ->
                        status().map(s -> s.alive(port)).orElse(false)
                                ? Health.ok("ALIVE at " + settings.host() + ":" + port)
                                : Health.failing(
                                        "not ALIVE at " + masterWebUrl() + " as port " + port),
                settings.host() + ":" + port);
    }

    private static void stopWithChildren(JavaService service) {
        Optional<ProcessHandle> p = service.process();
        List<ProcessHandle> children = p.map(h -> h.descendants().toList()).orElse(List.of());
        service.stop();
        for (ProcessHandle c : children) {
            c.destroy();
        }
        for (ProcessHandle c : children) {
            try {
                c.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                c.destroyForcibly();
            }
        }
    }
}
