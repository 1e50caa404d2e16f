package io.flywheel.cli;

import io.flywheel.config.FlywheelConfig;
import io.flywheel.embedded.JavaService;
import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.EventProducer;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.RenditionSpec;
import io.flywheel.schemas.Topic;
import io.flywheel.simulator.SimulatedClock;
import io.flywheel.simulator.SimulationEpoch;
import io.flywheel.simulator.WorldFile;
import io.flywheel.store.Brief;
import io.flywheel.store.BriefStore;
import io.flywheel.store.ContentJobStore;
import io.flywheel.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run one cycle of the loop on the embedded default and report what happened:"
                    + " briefs → content jobs → render workers (real MP4s) → sandbox publisher →"
                    + " simulated audience → live KPIs (Flink) → learning (Spark: ingest, curate,"
                    + " train, recommend).",
            "Every step runs for real; a step that does not finish in time is reported as such."
        })
final class DemoCommand implements Callable<Integer> {
    static final String[] NICHES = {"personal-finance", "cooking"};
    static final Platform[] PLATFORMS = {Platform.YOUTUBE_SHORTS, Platform.TIKTOK};

    @Mixin ConfigOptions options;

    @Option(names = "--videos", description = "Videos per brief (default ${DEFAULT-VALUE}).")
    int videosPerBrief = 3;

    @Option(names = "--seed", description = "Seed of the arms drawn (default ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(
            names = "--resolution",
            description = "preview (360x640, fast) or full (1080x1920). Default ${DEFAULT-VALUE}.")
    String resolution = "preview";

    @Option(
            names = "--timeout-minutes",
            description = "Give up waiting for a step after this long (default ${DEFAULT-VALUE}).")
    int timeoutMinutes = 15;

    @Override
    public Integer call() throws Exception {
        if (videosPerBrief < 1 || videosPerBrief > 100) {
            throw new UserError("--videos must be 1-100");
        }
        RenditionSpec rendition =
                switch (resolution) {
                    case "preview" -> new RenditionSpec("preview", 360, 640);
                    case "full" -> new RenditionSpec("1080x1920", 1080, 1920);
                    default -> throw new UserError("--resolution is preview or full");
                };
        FlywheelConfig c = options.load();
        LocalStack stack = new LocalStack(c, options.file());
        double upSeconds = new Bringup(stack, System.out).run(true, true);
        System.out.println();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(timeoutMinutes);
        List<String> rows = new ArrayList<>();
        rows.add(row("Services up", "ran", String.format(Locale.ROOT, "%.1f s", upSeconds)));

        try (var ds = Database.dataSource(c.postgres(), "flywheel-demo");
                EventProducer producer =
                        EventProducer.create(
                                c.kafka().bootstrapServers(),
                                c.kafka().topicPrefix(),
                                "flywheel-demo")) {
            Jdbi jdbi = Database.jdbi(ds);
            List<ContentRequested> sent = new ArrayList<>();
            Set<String> jobIds = new HashSet<>();
            DemoBriefs demo = new DemoBriefs(seed);
            try (RenderWatch renders =
                    new RenderWatch(
                            c.kafka().bootstrapServers(),
                            Topic.RENDER_EVENTS.name(c.kafka().topicPrefix()),
                            jobIds)) {
                int total = PLATFORMS.length * NICHES.length * videosPerBrief;
                List<CompletableFuture<?>> acks = new ArrayList<>();
                for (Platform platform : PLATFORMS) {
                    for (String niche : NICHES) {
                        UUID briefId = UUID.randomUUID();
                        new BriefStore(jdbi)
                                .insert(
                                        new Brief(
                                                briefId,
                                                platform.name(),
                                                niche,
                                                videosPerBrief,
                                                1.0,
                                                "flywheel-demo",
                                                Instant.now().truncatedTo(ChronoUnit.MICROS)));
                        for (int i = 0; i < videosPerBrief; i++) {
                            ContentRequested r =
                                    demo.request(
                                            briefId, platform, niche, System.currentTimeMillis());
                            r.setRenditions(List.of(rendition));
                            new ContentJobStore(jdbi).recordRequested(r);
                            jobIds.add(r.getJobId());
                            acks.add(producer.send(r));
                            sent.add(r);
                        }
                    }
                }
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                        .get(60, TimeUnit.SECONDS);
                Progress.counted(System.out, "Briefs → jobs → Kafka ", sent.size(), total);
                rows.add(
                        row(
                                "Briefs → content jobs",
                                "ran",
                                4 + " briefs, " + sent.size() + " ContentRequested events"));

                long t = System.nanoTime();
                while (renders.finished() < total && System.nanoTime() < deadline) {
                    renders.poll();
                    Progress.counted(
                            System.out,
                            "Rendering (" + rendition.getLabel() + ")",
                            renders.finished(),
                            total);
                }
                Progress.counted(
                        System.out, "Rendering (" + rendition.getLabel() + ")", total, total);
                rows.add(
                        row(
                                "Render workers → MP4s",
                                renders.rendered() == total ? "ran" : "PARTLY",
                                String.format(
                                        Locale.ROOT,
                                        "%d of %d rendered in %.0f s%s",
                                        renders.rendered(),
                                        total,
                                        (System.nanoTime() - t) / 1e9,
                                        renders.failures().isEmpty()
                                                ? ""
                                                : "; failed: " + renders.failures().values())));
            }

            List<UUID> ids = sent.stream().map(r -> UUID.fromString(r.getJobId())).toList();
            DemoProgress progress = new DemoProgress(ds, ids);
            DemoProgress.Counts n = progress.counts();
            while (n.published() + n.failed() < n.rendered() && System.nanoTime() < deadline) {
                Progress.counted(
                        System.out,
                        "Publishing (sandbox)  ",
                        n.published() + n.failed(),
                        n.rendered());
                Thread.sleep(500);
                n = progress.counts();
            }
            Progress.counted(System.out, "Publishing (sandbox)  ", n.rendered(), n.rendered());
            rows.add(
                    row(
                            "Sandbox publisher",
                            n.published() == n.rendered() ? "ran" : "PARTLY",
                            n.published()
                                    + " published at their posting hour, "
                                    + n.failed()
                                    + " failed"));

            // The audience reports until the world's horizon (plus its reporting lag) has passed in
            // simulated time for the last video; Flink then has the totals.
            SimulatedClock clock =
                    SimulationEpoch.clock(
                            c.dataPath("run"), c.simulator().timeCompression(), Clock.systemUTC());
            var world = WorldFile.named(c.simulator().world());
            long horizonEnd =
                    n.lastPublishedAt()
                            + (long) (world.horizonHours() * 3_600_000L)
                            + (long) (world.reportingLagMinutes() * 60_000L);
            long waitStart = clock.now();
            while (clock.now() < horizonEnd && System.nanoTime() < deadline) {
                Progress.counted(
                        System.out,
                        "Audience (simulated)  ",
                        Math.max(0, clock.now() - waitStart) / 3_600_000L,
                        Math.max(1, horizonEnd - waitStart) / 3_600_000L);
                Thread.sleep(500);
            }
            Thread.sleep(3_000);
            n = progress.counts();
            Progress.counted(System.out, "Audience (simulated)  ", 1, 1);
            rows.add(
                    row(
                            "Audience → live KPIs (Flink)",
                            n.kpiVideos() == n.published() ? "ran" : "PARTLY",
                            String.format(
                                    Locale.ROOT,
                                    "%d videos measured: %,d views, %,d engaged views (world '%s', %.0f h horizon)",
                                    n.kpiVideos(),
                                    n.views(),
                                    n.engagedViews(),
                                    world.name(),
                                    world.horizonHours())));

            String learning = runLearning(c, deadline);
            rows.add(
                    row(
                            "Learning (Spark: ingest → recommend)",
                            learning.startsWith("failed") ? "FAILED" : "ran",
                            learning));
            rows.add(
                    row(
                            "Recommendations served",
                            "ran",
                            progress.recommendations() + " rows in PostgreSQL"));

            System.out.println();
            System.out.println("Summary");
            System.out.printf("  %-38s %-8s %s%n", "STEP", "RESULT", "DETAIL");
            rows.forEach(System.out::print);
            System.out.println();
            System.out.println(
                    "Dashboard: http://"
                            + c.listenAddress()
                            + ":"
                            + c.api().port()
                            + "/"
                            + "   (API keys: `flywheel keys create --scope read`)");
            System.out.println(
                    "Inspect: ./flywheel status · ./flywheel topics · ./flywheel tail engagement.events");
            System.out.println("Services keep running; `./flywheel down` stops them.");
            return rows.stream().anyMatch(r -> r.contains("FAILED")) ? 1 : 0;
        }
    }

    /** Runs the learning cycle as its own Spark JVM, as the scheduler does. */
    private static String runLearning(FlywheelConfig c, long deadline) throws Exception {
        Path target = c.home().resolve("batch-jobs/target");
        Path flags = target.resolve("spark-jvm-flags.txt");
        if (!Files.exists(flags)) {
            return "failed: batch-jobs is not built; `./flywheel` builds everything";
        }
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                JavaService.javaBinary(),
                                "-Xmx2g",
                                "@" + flags,
                                "-cp",
                                target.resolve("classes") + ":" + target.resolve("lib") + "/*",
                                "io.flywheel.batch.BatchJobMain",
                                "cycle"));
        Path log = c.dataPath("logs").resolve("demo-learning.out");
        Files.createDirectories(log.getParent());
        ProcessBuilder pb =
                new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("FLYWHEEL_HOME", c.home().toString());
        pb.environment().put("FLYWHEEL_DATA_DIR", c.dataDir().toString());
        System.out.print("Learning (Spark)       ... ");
        long t = System.nanoTime();
        Process p = pb.start();
        long left = Math.max(60_000_000_000L, deadline - System.nanoTime());
        if (!p.waitFor(left, TimeUnit.NANOSECONDS)) {
            p.destroy();
            return "failed: did not finish in time; see " + log;
        }
        System.out.printf(Locale.ROOT, "done (%.0f s)%n", (System.nanoTime() - t) / 1e9);
        String summary =
                Files.readAllLines(log).stream()
                        .filter(l -> l.contains("ingest:"))
                        .reduce((a, b) -> b)
                        .orElse("");
        if (p.exitValue() != 0) {
            return "failed (exit " + p.exitValue() + "); see " + log;
        }
        return summary.isEmpty()
                ? "see " + log
                : summary.substring(summary.indexOf("ingest:")).trim();
    }

    private static String row(String step, String result, String detail) {
        return String.format(Locale.ROOT, "  %-38s %-8s %s%n", step, result, detail);
    }
}
