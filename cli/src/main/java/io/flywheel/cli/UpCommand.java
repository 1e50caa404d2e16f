package io.flywheel.cli;

import io.flywheel.config.FlywheelConfig;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = {
            "Start the embedded default, each its own process with all data under the data"
                    + " directory: a real Kafka broker (KRaft), a real PostgreSQL, then Flywheel's"
                    + " processes (Flink jobs, render worker, sandbox publisher and audience, API).",
            "Returns once all are healthy and leaves them running; `flywheel down` stops them."
                    + " Running it again keeps all data."
        })
final class UpCommand implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Option(names = "--foreground", description = "Stay attached and stop everything on Ctrl-C.")
    boolean foreground;

    @Option(
            names = "--infra-only",
            description = "Start only Kafka and PostgreSQL, not Flywheel's own processes.")
    boolean infraOnly;

    @Override
    public Integer call() throws Exception {
        FlywheelConfig config = options.load();
        LocalStack stack = new LocalStack(config, options.file());
        Bringup bringup = new Bringup(stack, System.out);
        if (bringup.allRunning(!infraOnly)) {
            System.out.println("Flywheel is already running in " + config.dataDir() + ":");
            StatusCommand.printTable(stack.states(false), System.out);
            if (foreground) {
                throw new UserError("already running in the background; `flywheel down` first");
            }
            return 0;
        }
        double seconds = bringup.run(!foreground, !infraOnly);
        System.out.printf(Locale.ROOT, "%nFlywheel is up in %.1f s.%n", seconds);
        bringup.printEndpoints(config, !infraOnly);
        if (foreground) {
            System.out.println("\nRunning in the foreground; Ctrl-C stops everything.");
            Thread.currentThread().join();
        } else {
            System.out.println("\n`flywheel status` shows health; `flywheel down` stops it.");
        }
        return 0;
    }
}
