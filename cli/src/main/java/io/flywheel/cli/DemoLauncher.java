package io.flywheel.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Unmatched;

/**
 * {@code flywheel demo} when the CLI's {@code Main} is asked for it: the demo is the demo module's
 * showcase (it scores cycles with the simulated world's oracle, which the product does not ship),
 * so every argument goes unchanged to its {@code DemoMain} in its own JVM. The {@code flywheel}
 * script runs {@code DemoMain} directly.
 */
@Command(
        name = "demo",
        description = {
            "Run the loop for a few cycles on the embedded default and show what Flywheel learned:"
                    + " briefs → render workers → sandbox publisher → simulated audience → live"
                    + " KPIs (Flink) → learning (Spark) → the next briefs from the new model.",
            "The showcase of the demo module; `demo --help` lists its options."
        })
final class DemoLauncher implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Unmatched List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        // The shared options are read here too (the tool's environment follows them) and passed on.
        List<String> all = new ArrayList<>();
        if (options.dataDir != null) {
            all.addAll(List.of("--data", options.dataDir.toString()));
        }
        if (options.configFile != null) {
            all.addAll(List.of("--config", options.configFile.toString()));
        }
        if (options.profile != null) {
            all.addAll(List.of("--profile", options.profile));
        }
        all.addAll(args);
        return ModuleTool.run(
                options.load(), options.file(), "demo", "io.flywheel.demo.DemoMain", all);
    }
}
