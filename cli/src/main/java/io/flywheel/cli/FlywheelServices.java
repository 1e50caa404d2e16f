package io.flywheel.cli;

import io.flywheel.config.FlywheelConfig;
import io.flywheel.embedded.FreePorts;
import io.flywheel.embedded.JavaService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Flywheel's own processes on the embedded default, each its own JVM from its module's classpath
 * (engines never share one): the Flink jobs, a render worker, the publisher (sandbox or YouTube)
 * and the audience (the YouTube Analytics poller too when publishing to YouTube), the strategy API
 * with the dashboard, and the scheduler of the batch jobs. In start order; stopped in reverse.
 */
final class FlywheelServices {
    private FlywheelServices() {}

    /**
     * @param configFile the file the CLI read, passed on so every process sees the same config
     * @param serviceEnv settings on top of that file, as {@code FLYWHEEL_*} variables
     */
    static List<JavaService> of(
            FlywheelConfig c, Optional<Path> configFile, Map<String, String> serviceEnv) {
        Path home = c.home();
        Map<String, String> env = new HashMap<>(serviceEnv);
        env.put("FLYWHEEL_HOME", home.toString());
        env.put("FLYWHEEL_DATA_DIR", c.dataDir().toString());
        configFile.ifPresent(f -> env.put("FLYWHEEL_CONFIG", f.toAbsolutePath().toString()));
        String host = c.listenAddress();
        // A stable worker id lets a restarted worker fence its previous instance at once.
        Map<String, String> workerEnv = new HashMap<>(env);
        workerEnv.put("FLYWHEEL_WORKER_ID", "render-worker-1");
        List<JavaService> out = new ArrayList<>();
        out.add(
                service(
                        c,
                        env,
                        "streaming",
                        "streaming-jobs",
                        "io.flywheel.streaming.StreamingJobs",
                        "1g",
                        () -> FreePorts.listening(host, c.streaming().webUiPort()),
                        "http://" + host + ":" + c.streaming().webUiPort()));
        out.add(
                service(
                        c,
                        workerEnv,
                        "render-worker",
                        "render-workers",
                        "io.flywheel.render.worker.RenderWorkerMain",
                        "1g",
                        () -> true,
                        "consumer group"));
        out.add(
                service(
                        c,
                        env,
                        "publisher",
                        "simulator",
                        "io.flywheel.simulator.PublisherMain",
                        "256m",
                        () -> true,
                        "consumer group, " + c.publish().adapter()));
        if (c.publish().youtube()) {
            out.add(
                    service(
                            c,
                            env,
                            "youtube-analytics",
                            "simulator",
                            "io.flywheel.simulator.youtube.YouTubeAnalyticsPollerMain",
                            "256m",
                            () -> true,
                            "YouTube Analytics API"));
        }
        out.add(
                service(
                        c,
                        env,
                        "audience",
                        "simulator",
                        "io.flywheel.simulator.AudienceSimulatorMain",
                        "256m",
                        () -> true,
                        "consumer group"));
        String api = "http://" + host + ":" + c.api().port();
        out.add(
                service(
                        c,
                        env,
                        "api",
                        "strategy-api",
                        "io.flywheel.api.ApiMain",
                        "512m",
                        () -> httpOk(api + "/health/live"),
                        api + "/"));
        if (c.scheduler().enabled()) {
            // Runs the Spark batch jobs on their intervals, each as its own child JVM.
            String scheduler = "http://" + host + ":" + c.scheduler().port();
            out.add(
                    service(
                            c,
                            env,
                            "scheduler",
                            "cli",
                            "io.flywheel.cli.scheduler.SchedulerMain",
                            "256m",
                            () -> httpOk(scheduler + "/health"),
                            scheduler + "/metrics"));
        }
        return out;
    }

    private static JavaService service(
            FlywheelConfig c,
            Map<String, String> env,
            String name,
            String module,
            String mainClass,
            String heap,
            BooleanSupplier health,
            String address) {
        Path target = c.home().resolve(module).resolve("target");
        List<String> cp = new ArrayList<>();
        cp.add(target.resolve("classes").toString());
        cp.add(target.resolve("lib").toString() + "/*");
        List<String> jvm =
                new ArrayList<>(List.of("-Xmx" + heap, "-XX:+UseG1GC", "-Djava.awt.headless=true"));
        Path flags = target.resolve("jvm-flags.txt");
        if (Files.exists(flags)) {
            jvm.add("@" + flags);
        }
        return new JavaService(
                new JavaService.Spec(
                        name,
                        mainClass,
                        cp,
                        jvm,
                        List.of(),
                        env,
                        c.dataPath("run"),
                        c.dataPath("logs"),
                        health,
                        address));
    }

    static boolean httpOk(String url) {
        try {
            HttpResponse<Void> r =
                    HttpClient.newBuilder()
                            .connectTimeout(Duration.ofMillis(500))
                            .build()
                            .send(
                                    HttpRequest.newBuilder(URI.create(url))
                                            .timeout(Duration.ofSeconds(2))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }
}
