package io.flywheel.cli.scheduler;

import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.config.ConfigLoader;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.config.PostgresSettings;
import io.flywheel.config.SchedulerSettings;
import io.flywheel.store.Database;
import io.flywheel.store.SchedulerRunStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler process that {@code flywheel up} starts: runs the batch jobs on their intervals
 * (see {@link Scheduler}), serves {@code /health} and {@code /metrics}, and on SIGTERM lets a
 * running job finish within {@code scheduler.stop.grace} before killing it. Only wiring.
 */
public final class SchedulerMain {
    private SchedulerMain() {}

    public static void main(String[] args) throws Exception {
        // Before the first logger: this process logs to stdout, which `up` keeps in logs/.
        System.setProperty("log4j2.configurationFile", "log4j2-scheduler.properties");
        Logger log = LoggerFactory.getLogger(SchedulerMain.class);
        FlywheelConfig c = ConfigLoader.fromEnvironment(Map.of());
        c.describe().forEach((k, v) -> log.info("config {} = {}", k, v));
        SchedulerSettings s = c.scheduler();
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HikariDataSource ds = Database.dataSource(c.postgres(), "flywheel-scheduler");
        SchedulerRunStore store = new SchedulerRunStore(Database.jdbi(ds));
        JobRunner runner =
                new JobRunner(
                        BatchJobLauncher.of(c, s.jobHeap(), childEnvironment(c)),
                        store,
                        logDir(c),
                        new RetryPolicy(s.retries(), s.retryBackoff()),
                        s.jobTimeout(),
                        metrics,
                        JobRunner.thisProcess());
        Scheduler scheduler =
                new Scheduler(
                        connections(c.postgres()),
                        store,
                        runner,
                        Scheduler.schedules(s),
                        Duration.ofSeconds(1));
        Gauge.builder("flywheel.scheduler.leader", scheduler, x -> x.state().leader() ? 1 : 0)
                .description("1 while this scheduler holds the scheduler lock and schedules")
                .register(metrics);
        HealthServer http =
                HealthServer.start(c.listenAddress(), s.port(), metrics, scheduler::state);
        Thread loop = new Thread(scheduler, "scheduler");
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    log.info(
                                            "stopping: a running job may finish within {}",
                                            s.stopGrace());
                                    try {
                                        scheduler.stop(s.stopGrace());
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                    http.close();
                                    ds.close();
                                    log.info("stopped");
                                    org.apache.logging.log4j.LogManager.shutdown();
                                },
                                "scheduler-stop"));
        log.info("scheduler up; health and metrics on port {}", http.port());
        loop.start();
        loop.join();
    }

    /** Where each attempt's log goes: {@code logs/jobs} below the data directory. */
    public static Path logDir(FlywheelConfig c) {
        return c.dataPath("logs", "jobs");
    }

    /** What a batch job's JVM needs to load the same configuration as its parent. */
    public static Map<String, String> childEnvironment(FlywheelConfig c) {
        return new HashMap<>(c.processEnvironment());
    }

    /** Unpooled connections for the advisory locks. */
    public static AdvisoryLock.Connections connections(PostgresSettings pg) {
        return () -> DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password().reveal());
    }
}
