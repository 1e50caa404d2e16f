package io.flywheel.demo;

import io.flywheel.cli.Progress;
import io.flywheel.cli.RenderWatch;
import io.flywheel.cli.ServiceWatch;
import io.flywheel.cli.UserError;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.publishers.sandbox.SimulatedClock;
import io.flywheel.publishers.sandbox.SimulationEpoch;
import io.flywheel.publishers.service.StoredJobParameters;
import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.Platform;
import io.flywheel.schemas.RenditionSpec;
import io.flywheel.schemas.Topic;
import io.flywheel.simulator.World;
import io.flywheel.store.ContentJobStore;
import io.flywheel.store.Database;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * One turn of the loop, through the product's own paths: briefs to the strategy API (its policy
 * picks the arms) → render workers → sandbox publisher → simulated audience → live KPIs (Flink) →
 * learning (Spark) → the API serving the new champion. Each stage waits for the real services and
 * shows a progress bar.
 */
final class DemoCycle {
    /** What one cycle did and measured. */
    record Result(
            int cycle,
            String policy,
            int requested,
            int rendered,
            long published,
            double renderSeconds,
            double videoSeconds,
            long measured,
            long views,
            long engagedViews,
            double trueShareOfBest,
            String learning,
            boolean learningFailed,
            Optional<LearningState.Model> model,
            List<String> shortfalls) {

        double realtimeFactor() {
            return renderSeconds > 0 ? videoSeconds / renderSeconds : 0;
        }

        /**
         * Whether the cycle did all it planned: every video rendered, published and learned from.
         */
        boolean complete() {
            return shortfalls.isEmpty();
        }
    }

    private final FlywheelConfig c;
    private final DataSource ds;
    private final StrategyApiClient api;
    private final WorldScore score;
    private final RenditionSpec rendition;
    private final List<Platform> platforms;
    private final List<String> niches;
    private final int videosPerBrief;
    private final long seed;
    private final DemoLearning learning;
    private final long deadline;
    private final int timeoutMinutes;
    private final ServiceWatch watch;
    private final DemoTimings timings;

    /** Renders that must all have failed, with none rendered, before the demo stops early. */
    static final int FAILED_RENDERS_TO_STOP = 3;

    DemoCycle(
            FlywheelConfig c,
            DataSource ds,
            StrategyApiClient api,
            WorldScore score,
            RenditionSpec rendition,
            List<Platform> platforms,
            List<String> niches,
            int videosPerBrief,
            long seed,
            DemoLearning learning,
            long deadline,
            int timeoutMinutes,
            ServiceWatch watch,
            DemoTimings timings) {
        this.c = c;
        this.ds = ds;
        this.api = api;
        this.score = score;
        this.rendition = rendition;
        this.platforms = platforms;
        this.niches = niches;
        this.videosPerBrief = videosPerBrief;
        this.seed = seed;
        this.learning = learning;
        this.deadline = deadline;
        this.timeoutMinutes = timeoutMinutes;
        this.watch = watch;
        this.timings = timings;
    }

    Result run(int cycle, int cycles) throws Exception {
        // a planned campaign's last cycles explore nothing (batch.exploration.commit)
        double share = c.batch().explorationShare(cycle, cycles);
        String tag =
                String.format(
                        Locale.ROOT,
                        "Cycle %d/%d%s ",
                        cycle,
                        cycles,
                        share == 0 && c.batch().explorationShare() > 0 ? " (best arms only)" : "");
        Set<String> jobIds = new HashSet<>();
        List<UUID> jobs = new ArrayList<>();
        List<String> shortfalls = new ArrayList<>();
        double renderSeconds;
        int rendered;
        try (RenderWatch renders =
                new RenderWatch(
                        c.kafka().bootstrapServers(),
                        List.of(
                                Topic.RENDER_EVENTS.name(c.kafka().topicPrefix()),
                                Topic.DLQ.name(c.kafka().topicPrefix())),
                        jobIds)) {
            DemoTimings.Lap briefing = timings.start(phase(cycle, "briefs → strategy API"));
            int segment = 0;
            int briefs = platforms.size() * niches.size();
            for (Platform platform : platforms) {
                for (String niche : niches) {
                    // A seed per cycle and segment: the same demo seed replays the same choices.
                    long briefSeed = seed * 1_000_003L + cycle * 101L + segment++;
                    for (UUID job :
                            api.createBrief(
                                    platform, niche, videosPerBrief, share, briefSeed, rendition)) {
                        jobs.add(job);
                        jobIds.add(job.toString());
                    }
                    Progress.counted(System.out, label(tag, "briefs → API"), segment, briefs);
                }
            }
            briefing.end();
            DemoTimings.Lap rendering =
                    timings.start(
                            phase(
                                    cycle,
                                    "rendering "
                                            + rendition.getWidth()
                                            + "x"
                                            + rendition.getHeight()));
            int total = jobs.size();
            while (renders.finished() < total && System.nanoTime() < deadline) {
                Progress.counted(
                        System.out,
                        label(
                                tag,
                                "rendering " + rendition.getWidth() + "x" + rendition.getHeight()),
                        renders.finished(),
                        total);
                renders.poll();
                stopIfEveryRenderFails(renders, total);
                watch.check();
            }
            rendered = renders.rendered();
            renderSeconds = rendering.end();
            lastBar(
                    label(tag, "rendering " + rendition.getWidth() + "x" + rendition.getHeight()),
                    renders.finished(),
                    total);
            int failed = renders.failures().size();
            int pending = total - renders.finished();
            if (failed > 0) {
                System.out.println("  render failures: " + renders.failures().values());
                shortfalls.add(
                        failed
                                + " of "
                                + total
                                + " renders failed (first: "
                                + renders.failures().values().iterator().next()
                                + ")");
            }
            if (pending > 0) {
                shortfalls.add(
                        pending
                                + " of "
                                + total
                                + " renders still pending when the "
                                + timeoutMinutes
                                + "-minute limit (--timeout-minutes) ran out");
                System.out.printf(
                        Locale.ROOT,
                        "  INCOMPLETE: %d of %d videos rendered, %d failed, %d still pending: the"
                                + " %d-minute limit ran out%n",
                        rendered,
                        total,
                        failed,
                        pending,
                        timeoutMinutes);
            }
        }
        return measureAndLearn(
                cycle, tag, jobs, rendered, rendered, renderSeconds, shortfalls, () -> {});
    }

    /** A step between publishing and the audience (the history announces its jobs there). */
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    /**
     * The loop after rendering: waits for the sandbox to publish {@code toPublish} of the jobs'
     * videos, runs {@code published}, waits for the audience to reach the world's horizon and for
     * Flink's KPIs, then runs the learning cycle and waits for the API to serve its champion.
     */
    Result measureAndLearn(
            int cycle,
            String tag,
            List<UUID> jobs,
            long toPublish,
            int rendered,
            double renderSeconds,
            List<String> shortfalls,
            Step published)
            throws Exception {
        DemoProgress progress = new DemoProgress(ds, jobs);
        DemoTimings.Lap publishing = timings.start(phase(cycle, "publishing (sandbox)"));
        DemoProgress.Counts n = progress.countsOr(null);
        while (n.published() + n.failed() < toPublish && System.nanoTime() < deadline) {
            Progress.counted(
                    System.out,
                    label(tag, "publishing (sandbox)"),
                    n.published() + n.failed(),
                    toPublish);
            watch.check();
            Thread.sleep(500);
            n = progress.countsOr(n);
        }
        lastBar(label(tag, "publishing (sandbox)"), n.published() + n.failed(), toPublish);
        published.run();
        publishing.end();
        long unpublished = toPublish - n.published();
        if (unpublished > 0) {
            shortfalls.add(
                    unpublished
                            + " of "
                            + toPublish
                            + " videos not published"
                            + (n.failed() > 0 ? " (" + n.failed() + " failed)" : "")
                            + (System.nanoTime() >= deadline
                                    ? " when the " + timeoutMinutes + "-minute limit ran out"
                                    : ""));
        }

        DemoTimings.Lap audience = timings.start(phase(cycle, "audience to the horizon"));
        boolean watched = waitForAudience(tag, n.lastPublishedAt());
        audience.end();
        DemoTimings.Lap kpis = timings.start(phase(cycle, "live KPIs (Flink)"));
        // Flink's KPI sink commits on checkpoints; give the last reports time to land.
        long kpiDeadline = Math.min(deadline, System.nanoTime() + TimeUnit.SECONDS.toNanos(20));
        n = progress.countsOr(n);
        while (n.kpiVideos() < n.published() && System.nanoTime() < kpiDeadline) {
            watch.check();
            Thread.sleep(1_000);
            n = progress.countsOr(n);
        }
        kpis.end();
        Progress.counted(System.out, label(tag, "live KPIs (Flink)"), n.kpiVideos(), n.published());

        DemoLearning.Outcome learned;
        if (!watched || System.nanoTime() >= deadline) {
            // The videos were not all measured: a model from them would mislead the next cycle.
            learned = new DemoLearning.Outcome("not run: the time limit ran out", false);
            shortfalls.add(
                    "not learned from: the "
                            + timeoutMinutes
                            + "-minute limit ran out before its videos reached the horizon");
            System.out.println(label(tag, "learning (Spark)") + " skipped: the time limit ran out");
        } else {
            DemoTimings.Lap learningLap = timings.start(phase(cycle, "learning (Spark)"));
            learned = learning.run(label(tag, "learning (Spark)"), phase(cycle, ""));
            learningLap.end();
        }
        LearningState state = new LearningState(ds);
        DemoTimings.Lap serving = timings.start(phase(cycle, "API serves the new champion"));
        awaitChampionServed(state);
        serving.end();

        List<ContentParameters> arms = arms(jobs);
        return new Result(
                cycle,
                String.join(", ", progress.policies()),
                jobs.size(),
                rendered,
                n.published(),
                renderSeconds,
                progress.videoSeconds(),
                n.kpiVideos(),
                n.views(),
                n.engagedViews(),
                score.meanShareOfBest(arms),
                learned.summary(),
                learned.failed(),
                state.newestModel(),
                List.copyOf(shortfalls));
    }

    /** A phase's name in the timings: "history: publishing", "cycle 2: rendering". */
    static String phase(int cycle, String stage) {
        return (cycle == DemoReport.HISTORY ? "history" : "cycle " + cycle) + ": " + stage;
    }

    /**
     * Stops the demo when the first renders of a cycle all failed and none succeeded: the cause
     * (stage, error class, message) is the same for the rest, and waiting for them helps nobody.
     */
    private void stopIfEveryRenderFails(RenderWatch renders, int total) {
        int failed = renders.failures().size();
        if (renders.rendered() == 0 && failed >= Math.min(total, FAILED_RENDERS_TO_STOP)) {
            throw new UserError(
                    "the first "
                            + failed
                            + " renders of this cycle failed and none succeeded, so the demo"
                            + " stops. First failure: "
                            + renders.failures().values().iterator().next()
                            + "\nRead "
                            + c.dataPath("logs")
                                    .resolve(
                                            c.cluster().enabled()
                                                    ? "render-worker-1.out"
                                                    : "render-worker.out")
                            + " for the whole story.");
        }
    }

    /**
     * Waits until the world's horizon and reporting lag have passed for the last video.
     *
     * @return false when the demo's time limit ran out first
     */
    private boolean waitForAudience(String tag, long lastPublishedAt) throws InterruptedException {
        SimulatedClock clock =
                SimulationEpoch.clock(
                        c.dataPath("run"), c.simulator().timeCompression(), Clock.systemUTC());
        World world = score.world();
        long horizonEnd =
                lastPublishedAt
                        + (long) (world.horizonHours() * 3_600_000L)
                        + (long) (world.reportingLagMinutes() * 60_000L);
        long start = clock.now();
        long span = Math.max(1, (horizonEnd - start + 3_599_999L) / 3_600_000L);
        while (clock.now() < horizonEnd && System.nanoTime() < deadline) {
            // Capped below the end: the finished bar is printed once, after the loop.
            Progress.counted(
                    System.out,
                    label(tag, "audience (sim. hours)"),
                    Math.min(span - 1, Math.max(0, clock.now() - start) / 3_600_000L),
                    span);
            watch.check();
            Thread.sleep(500);
        }
        Progress.counted(System.out, label(tag, "audience (sim. hours)"), span, span);
        return clock.now() >= horizonEnd;
    }

    /** The next briefs must be scored by the model just promoted; the API follows ModelPromoted. */
    private void awaitChampionServed(LearningState state) throws Exception {
        Optional<Integer> champion = state.championVersion();
        if (champion.isEmpty()) {
            return;
        }
        long until = Math.min(deadline, System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
        while (!api.champion().map(v -> v.equals(champion.get().toString())).orElse(false)
                && System.nanoTime() < until) {
            Thread.sleep(500);
        }
    }

    /** A stage's closing bar; one that stopped short says so on its own line. */
    private static void lastBar(String label, long done, long total) {
        if (done >= total) {
            Progress.counted(System.out, label, done, total);
        } else {
            if (System.console() != null) {
                System.out.println();
            }
            System.out.printf(
                    Locale.ROOT,
                    "%s  %d/%d, stopped: the time limit ran out%n",
                    label,
                    done,
                    total);
        }
    }

    /** Stage labels of one width, so the bars line up. */
    static String label(String tag, String stage) {
        return tag + String.format(Locale.ROOT, "%-22s", stage);
    }

    private List<ContentParameters> arms(List<UUID> jobs) {
        StoredJobParameters params =
                new StoredJobParameters(new ContentJobStore(Database.jdbi(ds)));
        List<ContentParameters> out = new ArrayList<>();
        for (UUID j : jobs) {
            params.find(j.toString()).ifPresent(out::add);
        }
        return out;
    }
}
