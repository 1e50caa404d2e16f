package io.flywheel.cli;

import io.flywheel.config.FlywheelConfig;
import io.flywheel.embedded.JavaService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a command-line tool of another module in its own JVM, on that module's classpath (engines
 * never share the CLI's), with the same configuration, and attached to this terminal.
 */
final class ModuleTool {
    private ModuleTool() {}

    static int run(
            FlywheelConfig c,
            Optional<Path> configFile,
            String module,
            String mainClass,
            List<String> args)
            throws Exception {
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
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().put("FLYWHEEL_HOME", c.home().toString());
        pb.environment().put("FLYWHEEL_DATA_DIR", c.dataDir().toString());
        configFile.ifPresent(
                f -> pb.environment().put("FLYWHEEL_CONFIG", f.toAbsolutePath().toString()));
        return pb.start().waitFor();
    }
}
