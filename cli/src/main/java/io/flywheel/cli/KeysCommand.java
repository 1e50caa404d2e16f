package io.flywheel.cli;

import io.flywheel.config.FlywheelConfig;
import io.flywheel.embedded.JavaService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Unmatched;

@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        description = {
            "Manage API keys of the strategy API: `keys create --scope read|write|admin [--name"
                    + " TEXT]` (the key is shown once and stored hashed), `keys list`, `keys revoke"
                    + " KEY_ID`.",
            "Runs the API module's own key tool, so keys are made exactly as the API checks them."
        })
final class KeysCommand implements Callable<Integer> {
    @Mixin ConfigOptions options;

    /** create|list|revoke and the key tool's own options, passed through in order. */
    @Unmatched List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        FlywheelConfig c = options.load();
        Path target = c.home().resolve("strategy-api/target");
        if (!Files.isDirectory(target.resolve("lib"))) {
            throw new UserError("strategy-api is not built; `./flywheel` builds everything");
        }
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                JavaService.javaBinary(),
                                "-cp",
                                target.resolve("classes") + ":" + target.resolve("lib") + "/*",
                                "io.flywheel.api.keys.KeysMain"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().put("FLYWHEEL_HOME", c.home().toString());
        pb.environment().put("FLYWHEEL_DATA_DIR", c.dataDir().toString());
        options.file()
                .ifPresent(
                        f ->
                                pb.environment()
                                        .put("FLYWHEEL_CONFIG", f.toAbsolutePath().toString()));
        return pb.start().waitFor();
    }
}
