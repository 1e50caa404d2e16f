package io.flywheel.cli;

import io.flywheel.cli.scheduler.HealthServer;
import io.flywheel.config.ConfigLoader;
import io.flywheel.config.FlywheelConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor process that {@code flywheel up} leaves running: it keeps what {@code up} started
 * alive ({@link Supervisor}) and serves {@code /health} (each process's restarts and whether it was
 * given up on) and {@code /metrics}. {@code flywheel down} stops it first.
 */
public final class SupervisorMain {
    private SupervisorMain() {}

    public static void main(String[] args) throws Exception {
        // Before the first logger: this process logs to stdout, which `up` keeps in logs/.
        System.setProperty("log4j2.configurationFile", "log4j2-scheduler.properties");
        Logger log = LoggerFactory.getLogger(SupervisorMain.class);
        FlywheelConfig c = ConfigLoader.fromEnvironment(Map.of());
        Path runDir = c.dataPath("run");
        // The processes inherit this JVM's environment: the settings `up` or `demo` gave them.
        LocalStack stack =
                new LocalStack(
                        c, Optional.ofNullable(System.getenv("FLYWHEEL_CONFIG")).map(Path::of));
        Launched launched =
                Launched.read(runDir)
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                "nothing to supervise: "
                                                        + runDir.resolve(Launched.FILE)
                                                        + " is missing"));
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Supervisor supervisor =
                new Supervisor(
                        Supervisor.units(stack, launched, true),
                        c.supervisor(),
                        runDir,
                        Clock.systemUTC(),
                        metrics);
        HealthServer http =
                HealthServer.startJson(
                        c.listenAddress(),
                        c.supervisor().port(),
                        metrics,
                        () -> "{\"status\":\"UP\",\"supervised\":" + supervisor.stateJson() + "}");
        Thread loop = new Thread(supervisor::run, "supervisor");
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    loop.interrupt();
                                    try {
                                        loop.join(10_000);
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                    http.close();
                                    log.info("stopped; the processes it watched keep running");
                                    org.apache.logging.log4j.LogManager.shutdown();
                                },
                                "supervisor-stop"));
        log.info("supervising {} on port {}", launched.services(), http.port());
        loop.start();
        loop.join();
    }
}
