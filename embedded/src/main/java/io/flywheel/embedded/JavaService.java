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
import java.util.function.BooleanSupplier;

/**
 * One of Flywheel's own processes (a Flink MiniCluster job, a render worker, the API) run as its
 * own JVM from its module's classpath, with a pid file and a log under the data directory. Each
 * engine keeps its own classpath this way, as in production.
 */
public final class JavaService {

    /**
     * @param classpath entries, e.g. {@code streaming-jobs/target/lib/*}
     * @param health answers whether the service works (e.g. a port listens); checked by status
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
            BooleanSupplier health,
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

    /**
     * Starts the JVM (in its own session when detached) and waits until its health check passes.
     */
    public ProcessHandle start(boolean detached, Duration timeout) {
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
            Path log = spec.logDir().resolve(spec.name() + ".out");
            ProcessBuilder pb =
                    new ProcessBuilder(cmd)
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().putAll(spec.env());
            Process p = pb.start();
            pidFile.write(p.pid());
            if (!detached) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(p.toHandle())));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!spec.health().getAsBoolean()) {
                if (!p.isAlive()) {
                    pidFile.delete();
                    throw new IllegalStateException(
                            spec.name()
                                    + " exited with "
                                    + p.exitValue()
                                    + "; last output:\n"
                                    + KafkaBroker.tail(log));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            spec.name()
                                    + " not healthy within "
                                    + timeout.toSeconds()
                                    + " s; see "
                                    + log);
                }
                KafkaBroker.sleep(250);
            }
            return p.toHandle();
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
        boolean healthy = pid.isPresent() && spec.health().getAsBoolean();
        return new ServiceState(
                spec.name(),
                pid,
                spec.address(),
                healthy,
                pid.isEmpty() ? "not running" : healthy ? "running" : "not answering",
                0);
    }

    public static String javaBinary() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
