package io.flywheel.cli;

import io.flywheel.config.FlywheelConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
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

    @Option(names = "--verbose", description = "Print the configuration (it is always logged).")
    boolean verbose;

    @Option(
            names = "--with-grafana",
            description =
                    "Also run Prometheus (Debian's prometheus, if installed) scraping every process"
                            + " with infra/prometheus's alert rules. Grafana is not installable"
                            + " here: infra/docker-compose.yml runs it.")
    boolean withGrafana;

    @Option(
            names = "--prometheus-port",
            defaultValue = "9090",
            description = "Prometheus's port with --with-grafana (default: ${DEFAULT-VALUE}).")
    int prometheusPort;

    @Override
    public Integer call() throws Exception {
        FlywheelConfig config = options.load();
        LocalStack stack = new LocalStack(config, options.file());
        Bringup bringup = new Bringup(stack, System.out, verbose);
        if (bringup.allRunning(!infraOnly)) {
            System.out.println("Flywheel is already running in " + config.dataDir() + ":");
            StatusCommand.printRunning(stack, System.out);
            if (foreground) {
                throw new UserError("already running in the background; `flywheel down` first");
            }
            if (withGrafana) {
                startPrometheus(config);
            }
            return 0;
        }
        double seconds = bringup.run(!foreground, !infraOnly);
        System.out.printf(Locale.ROOT, "%nFlywheel is up in %.1f s.%n", seconds);
        bringup.printEndpoints(config, !infraOnly);
        if (withGrafana) {
            startPrometheus(config);
        }
        if (foreground) {
            System.out.println(
                    "\nRunning in the foreground; processes that die are restarted; Ctrl-C stops"
                            + " everything.");
            Path runDir = config.dataPath("run");
            new Supervisor(
                            Supervisor.units(stack, Launched.read(runDir).orElseThrow(), false),
                            config.supervisor(),
                            runDir,
                            Clock.systemUTC(),
                            new SimpleMeterRegistry())
                    .run();
        } else {
            System.out.println();
            System.out.println("Next:");
            if (!infraOnly) {
                System.out.println(
                        "  ./flywheel demo      run the loop: briefs, videos, audience, learning");
            }
            System.out.println(
                    "  ./flywheel status    health, restarts and addresses of every process");
            System.out.println("  ./flywheel down      stop everything (data is kept)");
        }
        return 0;
    }

    private void startPrometheus(FlywheelConfig config) throws Exception {
        var binary = LocalPrometheus.binary();
        if (binary.isEmpty()) {
            System.out.println(
                    "\nPrometheus is not installed (Debian's prometheus package;"
                            + " `./flywheel test` installs it): not started.");
        } else {
            LocalPrometheus prometheus = new LocalPrometheus(config, prometheusPort);
            prometheus.start(binary.get());
            System.out.println(
                    "\nPrometheus: "
                            + prometheus.url()
                            + " (scrapes every process; `down` stops it)");
        }
        System.out.println(LocalPrometheus.GRAFANA_NOTE);
    }
}
