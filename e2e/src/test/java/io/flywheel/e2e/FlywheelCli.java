package io.flywheel.e2e;

import io.flywheel.embedded.FreePorts;
import io.flywheel.embedded.JavaService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The {@code flywheel} command as ./flywheel starts it: its own JVM from cli/target. */
public final class FlywheelCli {
    private final Path home;

    public FlywheelCli(Path home) {
        this.home = home;
    }

    /** What a finished command printed (stdout and stderr together) and its exit code. */
    public record Run(int code, String out) {}

    /** A config file for a data directory of its own, every port free. */
    public static Path config(Path dir, String password, String... extra) throws Exception {
        List<String> lines =
                new ArrayList<>(
                        List.of(
                                "data.dir=" + dir.resolve("data"),
                                "kafka.broker.port=" + FreePorts.pick(),
                                "kafka.controller.port=" + FreePorts.pick(),
                                "postgres.port=" + FreePorts.pick(),
                                "postgres.password=" + password,
                                "api.port=" + FreePorts.pick(),
                                "streaming.web.port=" + FreePorts.pick(),
                                "scheduler.port=" + FreePorts.pick(),
                                "supervisor.port=" + FreePorts.pick(),
                                "metrics.render.port=" + FreePorts.pick(),
                                "metrics.publisher.port=" + FreePorts.pick(),
                                "metrics.audience.port=" + FreePorts.pick(),
                                "metrics.streaming.port=" + FreePorts.pick(),
                                "kafka.topic.partitions=2"));
        lines.addAll(List.of(extra));
        Path config = dir.resolve("flywheel.properties");
        Files.writeString(config, String.join("\n", lines) + "\n");
        return config;
    }

    /** A port a config file of {@link #config} set. */
    public static int port(Path config, String key) throws Exception {
        java.util.Properties p = new java.util.Properties();
        try (var in = Files.newInputStream(config)) {
            p.load(in);
        }
        return Integer.parseInt(p.getProperty(key));
    }

    /** Starts a command; its output is the process's input stream. */
    public Process start(String... args) throws Exception {
        Path cli = home.resolve("cli/target");
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                JavaService.javaBinary(),
                                "-Xmx512m",
                                "-cp",
                                cli.resolve("flywheel-cli.jar") + ":" + cli.resolve("lib") + "/*",
                                "io.flywheel.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("FLYWHEEL_HOME", home.toString());
        pb.environment().remove("FLYWHEEL_CONFIG");
        return pb.start();
    }

    /** Runs a command to its end, keeping its output in {@code log}; fails if it hangs. */
    public Run run(Duration timeout, Path log, String... args) throws Exception {
        Process p = start(args);
        Thread copy =
                new Thread(
                        () -> {
                            try {
                                Files.copy(
                                        p.getInputStream(),
                                        log,
                                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                            } catch (Exception e) {
                                // the process ended; what was copied stays
                            }
                        });
        copy.start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            copy.join(5000);
            throw new AssertionError(
                    "flywheel "
                            + String.join(" ", args)
                            + " did not finish in "
                            + timeout.toSeconds()
                            + " s:\n"
                            + Files.readString(log, StandardCharsets.UTF_8));
        }
        copy.join(10_000);
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
