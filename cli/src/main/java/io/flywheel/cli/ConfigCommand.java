package io.flywheel.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description = {
            "Print the effective configuration (defaults < file < FLYWHEEL_* environment < flags),"
                    + " secrets masked.",
            "Each key can be set in the file or as FLYWHEEL_<KEY> (dots as underscores)."
        })
final class ConfigCommand implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Override
    public Integer call() {
        for (Map.Entry<String, String> e : options.load().describe().entrySet()) {
            System.out.printf("%-32s %s%n", e.getKey(), e.getValue());
        }
        return 0;
    }
}
