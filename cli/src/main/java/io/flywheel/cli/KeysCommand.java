package io.flywheel.cli;

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
        return ModuleTool.run(
                options.load(),
                options.file(),
                "strategy-api",
                "io.flywheel.api.keys.KeysMain",
                args);
    }
}
