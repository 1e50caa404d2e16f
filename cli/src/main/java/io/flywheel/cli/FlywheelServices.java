package io.flywheel.cli;

import io.flywheel.config.FlywheelConfig;
import io.flywheel.config.StreamingSettings;
import io.flywheel.embedded.Health;
import io.flywheel.embedded.JavaService;
import io.flywheel.schemas.ConsumerGroups;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
        Map<String, String> env = new HashMap<>(serviceEnv);
        env.putAll(c.processEnvironment());
        configFile.ifPresent(f -> env.put("FLYWHEEL_CONFIG", f.toAbsolutePath().toString()));
        String host = c.listenAddress();
        String kafka = c.kafka().bootstrapServers();
        String flinkUi = "http://" + host + ":" + c.streaming().webUiPort();
        List<JavaService> out = new ArrayList<>();
        if (!c.cluster().enabled()) {
            // On the cluster profile the jobs run in the Flink session cluster instead.
            out.add(
                    service(
                            c,
                            env,
                            "streaming",
                            "streaming-jobs",
                            "io.flywheel.streaming.StreamingJobs",
                            "1g",
                            () -> ServiceChecks.flinkJobs(flinkUi, StreamingSettings.JOBS),
                            flinkUi));
        }
        int workers = c.cluster().enabled() ? c.cluster().renderWorkers() : 1;
        for (int i = 1; i <= workers; i++) {
            // A stable worker id lets a restarted worker fence its previous instance at once.
            String worker = "render-worker-" + i;
            Map<String, String> workerEnv = new HashMap<>(env);
            workerEnv.put("FLYWHEEL_WORKER_ID", worker);
            workerEnv.put(
                    io.flywheel.config.ConfigLoader.envName("metrics.render.port"),
                    Integer.toString(MetricsAddresses.renderWorkerPort(c, i)));
            Path ffmpegNote = c.dataPath("run").resolve(worker + ".ffmpeg");
            out.add(
                    service(
                            c,
                            workerEnv,
                            workers == 1 ? "render-worker" : worker,
                            "render-workers",
                            "io.flywheel.render.worker.RenderWorkerMain",
                            "1g",
                            () ->
                                    withNote(
                                            ServiceChecks.consumerGroup(
                                                    kafka,
                                                    c.kafka().topicPrefix()
                                                            + ConsumerGroups.RENDER_WORKERS,
                                                    ConsumerGroups.renderWorkerClientPrefix(
                                                            worker)),
                                            ServiceChecks.note(ffmpegNote)),
                            "consumer group"));
        }
        out.add(
                service(
                        c,
                        env,
                        "publisher",
                        "publishers",
                        "io.flywheel.publishers.service.PublisherMain",
                        "256m",
                        () -> ServiceChecks.consumerGroup(kafka, ConsumerGroups.PUBLISHER, ""),
                        "consumer group, " + c.publish().adapter()));
        if (c.publish().youtube()) {
            out.add(
                    service(
                            c,
                            env,
                            "youtube-analytics",
                            "publishers",
                            "io.flywheel.publishers.youtube.YouTubeAnalyticsPollerMain",
                            "256m",
                            () -> Health.ok("polls the YouTube Analytics API"),
                            "YouTube Analytics API"));
        }
        if (c.publish().tiktok() || c.publish().instagram()) {
            String what = c.publish().tiktok() ? "TikTok Display API" : "Instagram insights";
            out.add(
                    service(
                            c,
                            env,
                            c.publish().tiktok() ? "tiktok-analytics" : "instagram-insights",
                            "publishers",
                            "io.flywheel.publishers.EngagementPollerMain",
                            "256m",
                            () -> Health.ok("polls the " + what),
                            what));
        }
        out.add(
                service(
                        c,
                        env,
                        "audience",
                        "simulator",
                        "io.flywheel.simulator.AudienceSimulatorMain",
                        "256m",
                        () -> ServiceChecks.consumerGroup(kafka, ConsumerGroups.AUDIENCE, ""),
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
                        () -> ServiceChecks.http(api + "/health"),
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
                            () -> ServiceChecks.http(scheduler + "/health"),
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
            Health.Check health,
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

    /** The supervisor: restarts the processes above (and Kafka, PostgreSQL) when they die. */
    static JavaService supervisor(
            FlywheelConfig c, Optional<Path> configFile, Map<String, String> serviceEnv) {
        Map<String, String> env = new HashMap<>(serviceEnv);
        env.putAll(c.processEnvironment());
        configFile.ifPresent(f -> env.put("FLYWHEEL_CONFIG", f.toAbsolutePath().toString()));
        String url = "http://" + c.listenAddress() + ":" + c.supervisor().port();
        // The CLI's own classpath: the supervisor is part of the command that starts it.
        return new JavaService(
                new JavaService.Spec(
                        "supervisor",
                        "io.flywheel.cli.SupervisorMain",
                        List.of(System.getProperty("java.class.path")),
                        List.of("-Xmx128m", "-XX:+UseSerialGC", "-Djava.awt.headless=true"),
                        List.of(),
                        env,
                        c.dataPath("run"),
                        c.dataPath("logs"),
                        () -> ServiceChecks.http(url + "/health"),
                        url + "/metrics"));
    }

    private static Health withNote(Health h, String note) {
        return note.isEmpty() ? h : new Health(h.ok(), h.detail() + "; " + note);
    }
}
