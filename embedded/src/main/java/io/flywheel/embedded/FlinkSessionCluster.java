package io.flywheel.embedded;

import io.flywheel.config.FlywheelConfig;
import io.flywheel.config.StorageSettings;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Flink standalone session cluster from Flink's own entry points, each process its own JVM: one
 * JobManager ({@code StandaloneSessionClusterEntrypoint}) and N TaskManagers ({@code
 * TaskManagerRunner}), on the classpath the {@code flink-cluster} module copies out of Maven
 * Central's artifacts (flink-dist is not there). Jobs are submitted through the REST API ({@link
 * FlinkRest}). Each process has its own pid file and log and can be started, stopped or killed
 * alone; a TaskManager started again registers under the same resource id ({@code tm-N}), which
 * replaces the dead one's registration at once.
 *
 * <p>Layout under {@link Spec#dir()}: {@code conf/config.yaml} (mode 0600: it may hold the S3
 * secret key), {@code conf/log4j-console.properties}, {@code conf/<process>.args} (the JVM and
 * memory arguments Flink's {@code BashJavaUtils} computes, as {@code taskmanager.sh} does), {@code
 * logs/<process>.out}, {@code run/<process>.pid}, {@code tmp/}, {@code web-upload/}.
 */
public final class FlinkSessionCluster {
    private static final Logger LOG = LoggerFactory.getLogger(FlinkSessionCluster.class);

    static final String JOB_MANAGER_MAIN =
            "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    static final String TASK_MANAGER_MAIN =
            "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    static final String BASH_JAVA_UTILS = "org.apache.flink.runtime.util.bash.BashJavaUtils";
    private static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";

    /** What Flink's distribution passes on Java 17 ({@code env.java.default-opts.all}). */
    static final List<String> JAVA_17_OPENS =
            List.of(
                    "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
                    "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                    "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang=ALL-UNNAMED",
                    "--add-opens=java.base/java.net=ALL-UNNAMED",
                    "--add-opens=java.base/java.io=ALL-UNNAMED",
                    "--add-opens=java.base/java.nio=ALL-UNNAMED",
                    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                    "--add-opens=java.base/java.text=ALL-UNNAMED",
                    "--add-opens=java.base/java.time=ALL-UNNAMED",
                    "--add-opens=java.base/java.util=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    /**
     * @param host the address every process binds to and advertises
     * @param restPort the JobManager's REST API and web UI
     * @param rpcPort the JobManager's RPC port (TaskManagers find it there)
     * @param dir config, logs, pid files and temporary files of the cluster
     * @param libDir Flink's runtime jars ({@code flink-cluster/target/lib})
     * @param pluginsDir Flink's plugins ({@code flink-cluster/target/plugins}: the S3 filesystem),
     *     if the cluster needs them
     * @param taskManagers how many TaskManagers {@link #start} starts
     * @param slotsPerTaskManager {@code taskmanager.numberOfTaskSlots}
     * @param jobManagerMemory {@code jobmanager.memory.process.size}, e.g. {@code 576m}
     * @param taskManagerMemory {@code taskmanager.memory.process.size}, e.g. {@code 960m}
     * @param flinkConfig further {@code config.yaml} entries (checkpoint and savepoint dirs, S3)
     * @param env the environment of every process: the jobs' {@code main} runs in the JobManager
     *     and reads Flywheel's config ({@code FLYWHEEL_*}) from it
     */
    public record Spec(
            String host,
            int restPort,
            int rpcPort,
            Path dir,
            Path libDir,
            Optional<Path> pluginsDir,
            int taskManagers,
            int slotsPerTaskManager,
            String jobManagerMemory,
            String taskManagerMemory,
            Map<String, String> flinkConfig,
            Map<String, String> env) {

        /**
         * The cluster of {@code up --profile cluster}: 1 JobManager and {@code taskManagers}
         * TaskManagers with 3 slots each (one per streaming job at parallelism 2 over two
         * TaskManagers) in {@code data/flink-cluster}, about 2.5 GB for three processes;
         * checkpoints and savepoints where {@code storage.url} says (S3 through Flink's S3
         * filesystem plugin).
         */
        public static Spec of(
                FlywheelConfig c,
                int restPort,
                int rpcPort,
                int taskManagers,
                Map<String, String> env) {
            Path home = c.home();
            return new Spec(
                    c.listenAddress(),
                    restPort,
                    rpcPort,
                    c.dataPath("flink-cluster"),
                    home.resolve("flink-cluster/target/lib"),
                    c.storage().s3()
                            ? Optional.of(home.resolve("flink-cluster/target/plugins"))
                            : Optional.empty(),
                    taskManagers,
                    3,
                    "576m",
                    "960m",
                    storageConfig(c),
                    env);
        }

        public String restUrl() {
            return "http://" + host + ":" + restPort;
        }

        Path confDir() {
            return dir.resolve("conf");
        }

        Path logDir() {
            return dir.resolve("logs");
        }

        Path runDir() {
            return dir.resolve("run");
        }
    }

    /**
     * Checkpoint and savepoint directories, and with S3 storage the S3 filesystem's endpoint and
     * credentials ({@code s3.*}, read by {@code flink-s3-fs-hadoop}).
     */
    public static Map<String, String> storageConfig(FlywheelConfig c) {
        Map<String, String> m = new LinkedHashMap<>();
        StorageSettings s = c.storage();
        if (s.s3()) {
            m.put("execution.checkpointing.dir", s.url("s3", "flink/checkpoints"));
            m.put("execution.checkpointing.savepoint-dir", s.url("s3", "flink/savepoints"));
            m.putAll(s3Config(s));
        } else {
            Path cp = c.streaming().checkpointDir();
            m.put("execution.checkpointing.dir", cp.toUri().toString());
            m.put(
                    "execution.checkpointing.savepoint-dir",
                    cp.resolveSibling("savepoints").toUri().toString());
        }
        return m;
    }

    /** The S3 filesystem plugin's settings from {@code storage.*}. */
    public static Map<String, String> s3Config(StorageSettings s) {
        Map<String, String> m = new LinkedHashMap<>();
        if (!s.s3Endpoint().isEmpty()) {
            m.put("s3.endpoint", s.s3Endpoint());
        }
        m.put("s3.path.style.access", Boolean.toString(s.s3PathStyle()));
        m.put("s3.endpoint.region", s.s3Region());
        // Keep directory markers: with the default ("delete") every file written also deletes
        // its parents' markers, a bulk delete that the local s3proxy answers in 10 s a key.
        m.put("s3.directory.marker.retention", "keep");
        // The keys below, and nothing else: S3A's default chain would also try the EC2 metadata.
        m.put(
                "s3.aws.credentials.provider",
                "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        m.put("s3.access-key", s.s3AccessKey().reveal());
        m.put("s3.secret-key", s.s3SecretKey().reveal());
        return m;
    }

    private final Spec spec;
    private final FlinkRest rest;

    public FlinkSessionCluster(Spec spec) {
        this.spec = spec;
        this.rest = new FlinkRest(spec.restUrl());
    }

    public Spec spec() {
        return spec;
    }

    public FlinkRest rest() {
        return rest;
    }

    /**
     * Writes the configuration, then starts the JobManager and every TaskManager, each waited for
     * until healthy (the REST API answers; the TaskManager is registered). Running it again starts
     * only what is missing; the configuration is rewritten only when no JobManager runs (the
     * TaskManagers find it by the RPC port written there).
     *
     * @param detached keep running after this JVM exits (own session, no shutdown hook)
     */
    public void start(boolean detached, Duration timeout) {
        long t0 = System.nanoTime();
        JavaService jm = jobManager();
        if (jm.process().isEmpty()) {
            writeConfig();
            jm = jobManager(); // with the JVM arguments just computed
            jm.start(detached, timeout);
        }
        List<JavaService> started = new ArrayList<>();
        for (int i = 1; i <= spec.taskManagers(); i++) {
            JavaService tm = taskManager(i);
            if (tm.process().isEmpty()) {
                tm.launch(detached);
                started.add(tm);
            }
        }
        for (JavaService tm : started) {
            awaitHealthy(tm, timeout);
        }
        LOG.info(
                "Flink session cluster at {}: 1 JobManager, {} TaskManagers, ready in {} ms",
                spec.restUrl(),
                spec.taskManagers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    /** Stops the TaskManagers, then the JobManager (SIGTERM; forced after 60 s). */
    public void stop() {
        for (int i = spec.taskManagers(); i >= 1; i--) {
            taskManager(i).stop();
        }
        jobManager().stop();
    }

    /** The JobManager and the TaskManagers, in start order (for the supervisor and status). */
    public List<JavaService> services() {
        List<JavaService> out = new ArrayList<>();
        out.add(jobManager());
        for (int i = 1; i <= spec.taskManagers(); i++) {
            out.add(taskManager(i));
        }
        return out;
    }

    public JavaService jobManager() {
        return new JavaService(
                new JavaService.Spec(
                        "flink-jobmanager",
                        JOB_MANAGER_MAIN,
                        classpath(),
                        jvmArgs("flink-jobmanager"),
                        processArgs("flink-jobmanager", List.of()),
                        env(),
                        spec.runDir(),
                        spec.logDir(),
                        rest::jobManagerHealth,
                        spec.restUrl()));
    }

    /** TaskManager {@code i} (1-based), resource id {@code tm-i}. */
    public JavaService taskManager(int i) {
        String name = "flink-taskmanager-" + i;
        String id = resourceId(i);
        return new JavaService(
                new JavaService.Spec(
                        name,
                        TASK_MANAGER_MAIN,
                        classpath(),
                        jvmArgs(name),
                        processArgs(name, List.of("-D", "taskmanager.resource-id=" + id)),
                        env(),
                        spec.runDir(),
                        spec.logDir(),
                        () -> rest.taskManagerHealth(id),
                        id + " of " + spec.restUrl()));
    }

    public static String resourceId(int taskManager) {
        return "tm-" + taskManager;
    }

    /**
     * Writes {@code conf/config.yaml} and the log configuration, and computes the processes' JVM
     * and memory arguments with Flink's {@code BashJavaUtils} (as Flink's scripts do), kept in
     * {@code conf/*.args} so a TaskManager restarted by the supervisor starts at once.
     */
    public void writeConfig() {
        requireJars();
        try {
            Files.createDirectories(spec.confDir());
            Files.createDirectories(spec.logDir());
            Files.createDirectories(spec.runDir());
            Files.createDirectories(spec.dir().resolve("tmp"));
            Files.createDirectories(spec.dir().resolve("web-upload"));
            Path config = spec.confDir().resolve("config.yaml");
            Files.deleteIfExists(config);
            Files.createFile(
                    config,
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
            Files.writeString(config, yaml(flinkConfig()));
            Files.writeString(spec.confDir().resolve("log4j-console.properties"), LOG4J);
            writeArgs("flink-jobmanager", "GET_JM_RESOURCE_PARAMS");
            writeArgs("flink-taskmanager", "GET_TM_RESOURCE_PARAMS");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Flink config in " + spec.dir(), e);
        }
    }

    /** Every entry of {@code config.yaml}. */
    Map<String, String> flinkConfig() {
        String host = spec.host();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("jobmanager.rpc.address", host);
        m.put("jobmanager.rpc.port", Integer.toString(spec.rpcPort()));
        m.put("jobmanager.bind-host", host);
        m.put("taskmanager.bind-host", host);
        m.put("taskmanager.host", host);
        m.put("rest.address", host);
        m.put("rest.bind-address", host);
        m.put("rest.port", Integer.toString(spec.restPort()));
        m.put("blob.server.port", "0");
        m.put("taskmanager.rpc.port", "0");
        m.put("taskmanager.data.port", "0");
        m.put("high-availability.type", "NONE");
        m.put("jobmanager.memory.process.size", spec.jobManagerMemory());
        m.put("jobmanager.memory.jvm-metaspace.size", "160m");
        m.put("jobmanager.memory.jvm-overhead.min", "96m");
        m.put("jobmanager.memory.off-heap.size", "64m");
        m.put("taskmanager.memory.process.size", spec.taskManagerMemory());
        m.put("taskmanager.memory.jvm-metaspace.size", "192m");
        m.put("taskmanager.memory.jvm-overhead.min", "128m");
        // The jobs use the hash-map backend by default: little managed (RocksDB) memory.
        m.put("taskmanager.memory.managed.size", "96m");
        m.put("taskmanager.memory.network.min", "32m");
        m.put("taskmanager.memory.network.max", "64m");
        m.put("taskmanager.numberOfTaskSlots", Integer.toString(spec.slotsPerTaskManager()));
        m.put("parallelism.default", "2");
        m.put("cluster.evenly-spread-out-slots", "true");
        // A killed TaskManager is noticed within seconds (refused heartbeats count at once); a
        // slow but live one, on a loaded machine, is given 30 s before it counts as lost.
        m.put("heartbeat.interval", "2 s");
        m.put("heartbeat.timeout", "30 s");
        m.put("pekko.ask.timeout", "30 s");
        m.put("restart-strategy.type", "exponential-delay");
        m.put("restart-strategy.exponential-delay.initial-backoff", "1 s");
        m.put("restart-strategy.exponential-delay.max-backoff", "30 s");
        m.put("io.tmp.dirs", spec.dir().resolve("tmp").toString());
        m.put("web.upload.dir", spec.dir().resolve("web-upload").toString());
        m.put("web.tmpdir", spec.dir().resolve("tmp").toString());
        m.putAll(spec.flinkConfig());
        return m;
    }

    private void writeArgs(String name, String command) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(JavaService.javaBinary());
        cmd.add("-Xmx128m");
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, classpath()));
        cmd.add(BASH_JAVA_UTILS);
        cmd.add(command);
        cmd.add("--configDir");
        cmd.add(spec.confDir().toString());
        Path out = spec.logDir().resolve(name + "-resources.out");
        Process p =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(
                        "Flink's BashJavaUtils "
                                + command
                                + " failed:\n"
                                + LogTail.summary(out, 15));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        List<String> results =
                Files.readAllLines(out).stream()
                        .filter(l -> l.startsWith(RESULT_PREFIX))
                        .map(l -> l.substring(RESULT_PREFIX.length()).trim())
                        .toList();
        if (results.isEmpty()) {
            throw new IllegalStateException(
                    "Flink's BashJavaUtils "
                            + command
                            + " printed no result:\n"
                            + LogTail.of(out, 15));
        }
        // Line 1: JVM memory options; line 2 (if any): the memory sizes as dynamic properties.
        Files.writeString(
                spec.confDir().resolve(name + ".args"),
                results.get(0) + "\n" + (results.size() > 1 ? results.get(1) : "") + "\n");
    }

    private List<String> argsFile(String name, int line) {
        String base = name.startsWith("flink-taskmanager") ? "flink-taskmanager" : name;
        Path f = spec.confDir().resolve(base + ".args");
        if (!Files.exists(f)) {
            return List.of(); // not written yet: start() writes it before any process starts
        }
        try {
            List<String> lines = Files.readAllLines(f);
            String l = lines.size() > line ? lines.get(line).trim() : "";
            return l.isEmpty() ? List.of() : Arrays.asList(l.split("\\s+"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    private List<String> jvmArgs(String name) {
        List<String> a = new ArrayList<>(argsFile(name, 0));
        a.add("-XX:+UseG1GC");
        a.addAll(JAVA_17_OPENS);
        Path log = spec.logDir().resolve(name + ".out");
        a.add("-Dlog.file=" + log);
        a.add(
                "-Dlog4j.configurationFile=file:"
                        + spec.confDir().resolve("log4j-console.properties"));
        a.add("-Djava.io.tmpdir=" + spec.dir().resolve("tmp"));
        return a;
    }

    private List<String> processArgs(String name, List<String> extra) {
        List<String> a = new ArrayList<>(List.of("--configDir", spec.confDir().toString()));
        a.addAll(argsFile(name, 1));
        a.addAll(extra);
        return a;
    }

    private List<String> classpath() {
        return List.of(spec.libDir() + "/*");
    }

    private Map<String, String> env() {
        Map<String, String> e = new LinkedHashMap<>(spec.env());
        e.put("FLINK_CONF_DIR", spec.confDir().toString());
        // Without a plugins directory Flink looks for ./plugins and finds none: no plugin loaded.
        e.put(
                "FLINK_PLUGINS_DIR",
                spec.pluginsDir().orElse(spec.dir().resolve("no-plugins")).toString());
        return e;
    }

    private void awaitHealthy(JavaService s, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Health h = s.spec().health().check();
        while (!h.ok()) {
            if (s.process().isEmpty()) {
                throw new IllegalStateException(
                        s.spec().name()
                                + " exited; last lines of "
                                + s.logFile()
                                + ":\n"
                                + LogTail.summary(s.logFile(), 15));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        s.spec().name()
                                + " not healthy within "
                                + timeout.toSeconds()
                                + " s ("
                                + h.detail()
                                + "); last lines of "
                                + s.logFile()
                                + ":\n"
                                + LogTail.summary(s.logFile(), 15));
            }
            KafkaBroker.sleep(250);
            h = s.spec().health().check();
        }
    }

    private void requireJars() {
        if (!Files.isDirectory(spec.libDir())) {
            throw new IllegalStateException(
                    "Flink's jars not found at "
                            + spec.libDir()
                            + "; build them with `mvn -pl flink-cluster -am package`"
                            + " (./flywheel does this)");
        }
        spec.pluginsDir()
                .filter(p -> !Files.isDirectory(p))
                .ifPresent(
                        p -> {
                            throw new IllegalStateException(
                                    "Flink's plugins (the S3 filesystem) not found at " + p);
                        });
    }

    /** Flat YAML: every value single-quoted, so no value is read as another type or as syntax. */
    static String yaml(Map<String, String> entries) {
        StringBuilder b =
                new StringBuilder(
                        "# Written by Flywheel on every start of the cluster; edit Flywheel's"
                                + " config instead.\n");
        for (Map.Entry<String, String> e : entries.entrySet()) {
            b.append(e.getKey())
                    .append(": '")
                    .append(e.getValue().replace("'", "''"))
                    .append("'\n");
        }
        return b.toString();
    }

    /** Console output, which JavaService appends to {@code logs/<process>.out}. */
    static final String LOG4J =
            String.join(
                    "\n",
                    "monitorInterval = 0",
                    "rootLogger.level = INFO",
                    "rootLogger.appenderRef.console.ref = console",
                    "appender.console.name = console",
                    "appender.console.type = Console",
                    "appender.console.layout.type = PatternLayout",
                    "appender.console.layout.pattern = %d{ISO8601} %-5p [%t] %c{1} - %m%n",
                    "logger.pekko.name = org.apache.pekko",
                    "logger.pekko.level = WARN",
                    "logger.kafka.name = org.apache.kafka",
                    "logger.kafka.level = WARN",
                    "logger.zookeeper.name = org.apache.flink.shaded.zookeeper3",
                    "logger.zookeeper.level = WARN",
                    "");
}
