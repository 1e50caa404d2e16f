package io.flywheel.cli;

import io.flywheel.config.FlywheelConfig;
import io.flywheel.embedded.JavaService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a command-line tool of another module in its own JVM, on that module's classpath (engines
 * never share the CLI's), with the same configuration, and attached to this terminal.
 */
public final class ModuleTool {
    private ModuleTool() {}

    static int run(
            FlywheelConfig c,
            Optional<Path> configFile,
            String module,
            String mainClass,
            List<String> args)
            throws Exception {
        return process(c, configFile, module, mainClass, args).inheritIO().start().waitFor();
    }

    /**
     * Runs the tool and returns what it printed on standard output; its standard error goes to
     * {@code logs/<tool>.err} in the data directory (shown if it fails).
     */
    public static String capture(
            FlywheelConfig c,
            Optional<Path> configFile,
            String module,
            String mainClass,
            List<String> args)
            throws Exception {
        Path err =
                c.dataPath("logs")
                        .resolve(mainClass.substring(mainClass.lastIndexOf('.') + 1) + ".err");
        Files.createDirectories(err.getParent());
        Process p =
                process(c, configFile, module, mainClass, args).redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        if (rc != 0) {
            throw new UserError(
                    mainClass + " failed (exit " + rc + "):\n" + Files.readString(err).strip());
        }
        return out;
    }

    private static ProcessBuilder process(
            FlywheelConfig c,
            Optional<Path> configFile,
            String module,
            String mainClass,
            List<String> args) {
        Path target = c.home().resolve(module).resolve("target");
        if (!Files.isDirectory(target.resolve("lib"))) {
            throw new UserError(module + " is not built; `./flywheel` builds everything");
        }
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                JavaService.javaBinary(),
                                "-Djava.awt.headless=true",
                                "-cp",
                                target.resolve("classes") + ":" + target.resolve("lib") + "/*",
                                mainClass));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("FLYWHEEL_HOME", c.home().toString());
        pb.environment().put("FLYWHEEL_DATA_DIR", c.dataDir().toString());
        configFile.ifPresent(
                f -> pb.environment().put("FLYWHEEL_CONFIG", f.toAbsolutePath().toString()));
        return pb;
    }
}
