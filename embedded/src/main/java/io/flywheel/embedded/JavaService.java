package io.flywheel.embedded;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One of Flywheel's own processes (a Flink MiniCluster job, a render worker, the API) run as its
 * own JVM from its module's classpath, with a pid file and a log under the data directory. Each
 * engine keeps its own classpath this way, as in production.
 */
public final class JavaService {

    /**
     * @param classpath entries, e.g. {@code streaming-jobs/target/lib/*}
     * @param health whether the service works in the way that matters (a consumer group joined, its
     *     jobs running, its dependencies reachable); checked by up, status and the supervisor
     */
    public record Spec(
            String name,
            String mainClass,
            List<String> classpath,
            List<String> jvmArgs,
            List<String> args,
            Map<String, String> env,
            Path runDir,
            Path logDir,
            Health.Check health,
            String address) {}

    private final Spec spec;
    private final PidFile pidFile;

    public JavaService(Spec spec) {
        this.spec = spec;
        this.pidFile = new PidFile(spec.runDir().resolve(spec.name() + ".pid"));
    }

    public Spec spec() {
        return spec;
    }

    public Optional<ProcessHandle> process() {
        return pidFile.liveProcess();
    }

    /** The file the process's output goes to. */
    public Path logFile() {
        return spec.logDir().resolve(spec.name() + ".out");
    }

    /**
     * Starts the JVM (in its own session when detached) and waits until its health check passes;
     * fails with the last lines of its log when it exits or is not healthy in time.
     */
    public ProcessHandle start(boolean detached, Duration timeout) {
        Process p = launch(detached);
        long deadline = System.nanoTime() + timeout.toNanos();
        Health h = spec.health().check();
        while (!h.ok()) {
            if (!p.isAlive()) {
                pidFile.delete();
                throw new IllegalStateException(
                        spec.name()
                                + " exited with "
                                + p.exitValue()
                                + "; last lines of "
                                + logFile()
                                + ":\n"
                                + LogTail.summary(logFile(), 15));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        spec.name()
                                + " not healthy within "
                                + timeout.toSeconds()
                                + " s ("
                                + h.detail()
                                + "); last lines of "
                                + logFile()
                                + ":\n"
                                + LogTail.summary(logFile(), 15));
            }
            KafkaBroker.sleep(250);
            h = spec.health().check();
        }
        return p.toHandle();
    }

    /** Starts the JVM (in its own session when detached) without waiting for it to be healthy. */
    public Process launch(boolean detached) {
        if (process().isPresent()) {
            throw new IllegalStateException(
                    spec.name() + " already running as pid " + process().get().pid());
        }
        try {
            Files.createDirectories(spec.logDir());
            List<String> cmd = new ArrayList<>();
            if (detached && Files.isExecutable(Path.of("/usr/bin/setsid"))) {
                cmd.add("/usr/bin/setsid");
            }
            cmd.add(javaBinary());
            cmd.addAll(spec.jvmArgs());
            cmd.add("-cp");
            cmd.add(String.join(File.pathSeparator, spec.classpath()));
            cmd.add(spec.mainClass());
            cmd.addAll(spec.args());
            ProcessBuilder pb =
                    new ProcessBuilder(cmd)
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().putAll(spec.env());
            Process p = pb.start();
            pidFile.write(p.pid());
            if (!detached) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(p.toHandle())));
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + spec.name(), e);
        }
    }

    public void stop() {
        process().ifPresent(JavaService::stop);
        pidFile.delete();
    }

    private static void stop(ProcessHandle p) {
        p.destroy();
        try {
            p.onExit().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
        }
    }

    public ServiceState state() {
        Optional<Long> pid = process().map(ProcessHandle::pid);
        Health h = pid.isPresent() ? spec.health().check() : Health.failing("not running");
        return new ServiceState(spec.name(), pid, spec.address(), h.ok(), h.detail(), 0);
    }

    public static String javaBinary() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
