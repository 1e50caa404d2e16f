package io.flywheel.cli;

import picocli.CommandLine.Command;

@Command(
        name = "keys",
        description = {
            "Manage API keys of the strategy API: `keys create --scope read|write|admin|webhooks|review [--name"
                    + " TEXT]` (the key is shown once and stored hashed), `keys list`, `keys revoke"
                    + " KEY_ID`; `keys --help` lists the options.",
            "Runs the API module's own key tool, so keys are made exactly as the API checks them."
        })
final class KeysCommand extends ModuleToolCommand {
    KeysCommand() {
        super("strategy-api", "io.flywheel.api.keys.KeysMain");
    }
}
