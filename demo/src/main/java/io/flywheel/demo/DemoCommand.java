package io.flywheel.demo;

import io.flywheel.cli.Bringup;
import io.flywheel.cli.ConfigOptions;
import io.flywheel.cli.LocalStack;
import io.flywheel.cli.ModuleTool;
import io.flywheel.cli.ServiceWatch;
import io.flywheel.cli.UserError;
import io.flywheel.config.ConfigLoader;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.embedded.JavaService;
import io.flywheel.model.ChannelLocales;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.RenditionSpec;
import io.flywheel.simulator.WorldFile;
import io.flywheel.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run the loop for a few cycles on the embedded default and show what Flywheel learned."
                    + " First, a simulated channel history (--history videos with arms drawn"
                    + " uniformly at random, published by the sandbox and never rendered) is watched"
                    + " by the simulated audience and learned from, so the first rendered cycle is"
                    + " already chosen by a model. Then each cycle:"
                    + " briefs (the strategy API picks the arms) → render workers (real MP4s) →"
                    + " sandbox publisher → simulated audience → live KPIs (Flink) → learning"
                    + " (Spark: ingest, curate, train, recommend) → the next briefs from the new"
                    + " model.",
            "Every step runs for real. The summary scores each cycle's choices with the world's"
                    + " true expected outcomes (evaluation only: nothing in the loop reads them),"
                    + " writes a learning-curve PNG and lists each phase's wall and CPU seconds.",
            "Exit codes: 0 when every cycle rendered, published and learned from all its videos;"
                    + " 1 on an error or a failed learning step; "
                    + DemoVerdict.INCOMPLETE
                    + " when the run is incomplete (a cycle rendered or published fewer videos"
                    + " than planned, or a cycle did not start, e.g. when --timeout-minutes ran"
                    + " out), unless --accept-partial."
        })
final class DemoCommand implements Callable<Integer> {
    static final List<String> NICHES = List.of("personal-finance", "cooking");
    static final List<Platform> PLATFORMS = List.of(Platform.YOUTUBE_SHORTS, Platform.TIKTOK);

    @Mixin ConfigOptions options;

    @Option(names = "--cycles", description = "Turns of the loop (default ${DEFAULT-VALUE}).")
    int cycles = 3;

    @Option(
            names = "--videos",
            description =
                    "Videos per brief per cycle; a cycle has one brief per platform and niche"
                            + " (4). Default ${DEFAULT-VALUE}.")
    int videosPerBrief = 3;

    @Option(
            names = "--world",
            paramLabel = "NAME|FILE",
            description =
                    "The simulated audience's world: a shipped one (baseline, hooks-and-pacing,"
                            + " night-owls) or a world file. Default: simulator.world.")
    String world;

    @Option(
            names = "--history",
            paramLabel = "VIDEOS",
            description =
                    "Videos of simulated channel history before the first cycle: arms drawn"
                            + " uniformly at random, published by the sandbox without rendering,"
                            + " measured and learned from like any video. 0 starts cold (no"
                            + " model). Default ${DEFAULT-VALUE}.")
    int historyVideos = DEFAULT_HISTORY;

    /**
     * 60 uniform videos per segment: enough for a first model that beats the mean (RMSE 536 vs 704
     * in a default run); Spark's learning step takes about as long for 24 videos as for 240.
     */
    static final int DEFAULT_HISTORY = 240;

    @Option(names = "--seed", description = "Seed of the briefs (default ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(
            names = "--resolution",
            description = "preview (360x640, fast) or full (1080x1920). Default ${DEFAULT-VALUE}.")
    String resolution = "preview";

    @Option(
            names = "--min-training-rows",
            description =
                    "Videos at the horizon needed to train (default ${DEFAULT-VALUE}; production"
                            + " keeps batch.min.training.rows).")
    int minTrainingRows = 10;

    @Option(
            names = "--timeout-minutes",
            description = "Give up waiting after this long in all (default ${DEFAULT-VALUE}).")
    int timeoutMinutes = 30;

    @Option(
            names = "--accept-partial",
            description =
                    "Exit 0 even when the run is incomplete (the summary still lists what was not"
                            + " done).")
    boolean acceptPartial;

    @Option(
            names = "--service-grace",
            paramLabel = "SECONDS",
            description =
                    "Stop when a process the cycle needs has been down or unhealthy this long"
                            + " (default ${DEFAULT-VALUE}; the supervisor restarts a dead one"
                            + " within seconds).")
    int serviceGraceSeconds = 20;

    @Option(
            names = "--locale",
            description =
                    "The language every brief names, e.g. es-ES (one of en-US, es-ES, pt-BR, de-DE,"
                            + " hi-IN, ar-SA, ja-JP); default: none, each channel's (render.locales)."
                            + " The gallery shows the videos titled in it.")
    String locale;

    @Option(names = "--verbose", description = "Print the configuration (it is always logged).")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        check(serviceGraceSeconds >= 5, "--service-grace must be at least 5");
        check(cycles >= 1 && cycles <= 20, "--cycles must be 1-20");
        check(
                locale == null || ChannelLocales.supported().contains(locale),
                "--locale must be one of " + ChannelLocales.supported());
        check(videosPerBrief >= 1 && videosPerBrief <= 100, "--videos must be 1-100");
        check(historyVideos >= 0 && historyVideos <= 2000, "--history must be 0-2000");
        check(minTrainingRows >= 2, "--min-training-rows must be at least 2");
        check(timeoutMinutes >= 1, "--timeout-minutes must be positive");
        RenditionSpec rendition =
                switch (resolution) {
                    case "preview" -> new RenditionSpec("preview", 360, 640);
                    case "full" -> new RenditionSpec("1080x1920", 1080, 1920);
                    default -> throw new UserError("--resolution is preview or full");
                };
        Map<String, String> settings = new HashMap<>();
        if (world != null) {
            Path file = Path.of(world);
            settings.put(
                    "simulator.world",
                    Files.isRegularFile(file) ? file.toAbsolutePath().toString() : world);
        }
        WorldScore score;
        String worldName = options.load(settings).simulator().world();
        try {
            score = new WorldScore(WorldFile.named(worldName));
        } catch (RuntimeException e) {
            throw new UserError("world " + worldName + ": " + e.getMessage());
        }
        // The batch horizon follows the world's, so a cycle's videos reach it within the cycle, and
        // a small channel's few videos are enough to train. Every process sees these, the
        // scheduler's batch runs too.
        settings.put(
                "batch.horizon.hours",
                Integer.toString((int) Math.ceil(score.world().horizonHours())));
        settings.put("batch.min.training.rows", Integer.toString(minTrainingRows));
        FlywheelConfig c = options.load(settings);
        // The render worker skips a history job only when it checks the job's row first.
        check(
                historyVideos == 0 || c.render().jobStatusCheck(),
                "--history needs render.job.status.check=true (the render worker must skip the"
                        + " history's jobs, which are never rendered); use --history 0");
        Map<String, String> serviceEnv = new HashMap<>();
        settings.forEach((k, v) -> serviceEnv.put(ConfigLoader.envName(k), v));
        LocalStack stack = new LocalStack(c, options.file(), serviceEnv);
        if (world != null) {
            // A running audience keeps the world it started with; this demo's world replaces it
            // (the supervisor first, or it would bring the old one back).
            stack.supervisor().stop();
            stack.services().stream()
                    .filter(s -> s.spec().name().equals("audience"))
                    .filter(s -> s.process().isPresent())
                    .forEach(JavaService::stop);
        }
        long started = System.nanoTime();
        DemoTimings timings = new DemoTimings(new StackCpu(c.dataDir()));
        DemoTimings.Lap bringup = timings.start("services up");
        double upSeconds = new Bringup(stack, System.out, verbose).run(true, true);
        bringup.end();
        long deadline = started + TimeUnit.MINUTES.toNanos(timeoutMinutes);
        System.out.println();

        DemoTimings.Lap keys = timings.start("API keys (the API's key tool, a JVM each)");
        String writeKey = createKey(c, "write", "flywheel demo");
        String readKey = createKey(c, "read", "demo dashboard");
        keys.end();
        String apiBase = "http://" + c.listenAddress() + ":" + c.api().port();
        StrategyApiClient api = new StrategyApiClient(apiBase, writeKey, locale);

        List<DemoCycle.Result> results = new ArrayList<>();
        Optional<DemoCycle.Result> history = Optional.empty();
        try (var ds = Database.dataSource(c.postgres(), "flywheel-demo")) {
            DemoCycle cycle =
                    new DemoCycle(
                            c,
                            ds,
                            api,
                            score,
                            rendition,
                            PLATFORMS,
                            NICHES,
                            videosPerBrief,
                            seed,
                            new DemoLearning(c, options.file(), ds, serviceEnv, timings),
                            deadline,
                            timeoutMinutes,
                            new ServiceWatch(
                                    stack,
                                    stack.names(true),
                                    Duration.ofSeconds(serviceGraceSeconds),
                                    System::nanoTime),
                            timings);
            if (historyVideos > 0) {
                System.out.printf(
                        Locale.ROOT,
                        "Simulated channel history: %d videos published by the sandbox, not"
                                + " rendered (arms drawn uniformly at random; the simulated"
                                + " audience watches them, Flink measures them, Spark learns from"
                                + " them)%n",
                        historyVideos);
                history =
                        Optional.of(
                                new ChannelHistory(c, ds, PLATFORMS, NICHES, rendition, seed)
                                        .run(historyVideos, cycle, timings));
                System.out.println();
            }
            for (int k = 1; k <= cycles && System.nanoTime() < deadline; k++) {
                results.add(cycle.run(k, cycles));
                System.out.println();
            }
            Map<String, ContentParameters> top = new LearningState(ds).topArms();
            Path curve = c.dataPath("demo").resolve("learning-curve.png");
            double randomPct = 100 * score.randomShareOfBest(PLATFORMS, NICHES);
            LearningCurvePlot.write(
                    history.map(h -> 100 * h.trueShareOfBest()),
                    results.stream().map(r -> 100 * r.trueShareOfBest()).toList(),
                    randomPct,
                    "Flywheel demo: world '" + score.world().name() + "', seed " + seed,
                    curve);
            DemoReport report = new DemoReport(System.out);
            report.cycles(history, results, upSeconds);
            report.choices(history, results, randomPct);
            report.topArms(top, score, PLATFORMS, NICHES, randomPct);
            System.out.println("Learning curve: " + curve);
            System.out.println(
                    "Dashboard: "
                            + apiBase
                            + "/   (read key for it: "
                            + readKey
                            + "; KPIs, models and recommendations there are these tables)");
            double minutes = (System.nanoTime() - started) / 60e9;
            timings.print(System.out, minutes * 60);
            System.out.printf(
                    Locale.ROOT,
                    "Ran in %.1f min. Services keep running; `./flywheel down` stops them.%n",
                    minutes);
            DemoVerdict verdict =
                    DemoVerdict.of(history, results, cycles, timeoutMinutes, acceptPartial);
            verdict.banner(acceptPartial).forEach(System.out::println);
            return verdict.exitCode();
        }
    }

    /** A new API key, made by the API module's own tool (keys are hashed there, shown once). */
    private String createKey(FlywheelConfig c, String scope, String name) throws Exception {
        return ModuleTool.capture(
                        c,
                        options.file(),
                        "strategy-api",
                        "io.flywheel.api.keys.KeysMain",
                        List.of("create", "--scope", scope, "--name", name))
                .trim();
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new UserError(message);
        }
    }
}
