package io.flywheel.demo;

import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.Platform;
import io.flywheel.simulator.WorldOracle;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The demo's closing tables: what each cycle did, and the learned top arms against the truth. */
final class DemoReport {
    /** The cycle number of the simulated channel history's row. */
    static final int HISTORY = 0;

    private final PrintStream out;

    DemoReport(PrintStream out) {
        this.out = out;
    }

    /**
     * One row per cycle, the simulated history's first when there is one (cycle 0: its videos were
     * published, not rendered, so it has no render figures).
     */
    void cycles(
            Optional<DemoCycle.Result> history, List<DemoCycle.Result> results, double upSeconds) {
        out.printf(Locale.ROOT, "Summary (services up in %.0f s)%n", upSeconds);
        out.printf(
                Locale.ROOT,
                "  %-5s %-22s %-8s %-6s %-9s %-9s %-9s %-10s %-9s %s%n",
                "CYCLE",
                "POLICY",
                "VIDEOS",
                "RT x",
                "PUBLISHED",
                "VIEWS",
                "ENGAGED",
                "ENG/VIDEO",
                "TRUE %BEST",
                "MODEL AFTER THE CYCLE");
        List<DemoCycle.Result> rows = new ArrayList<>();
        history.ifPresent(rows::add);
        rows.addAll(results);
        for (DemoCycle.Result r : rows) {
            boolean past = r.cycle() == HISTORY;
            out.printf(
                    Locale.ROOT,
                    "  %-5s %-22s %-8s %-6s %-9d %-9d %-9d %-10.1f %-9s %s%n",
                    past ? "hist." : Integer.toString(r.cycle()),
                    abbreviate(r.policy(), 22),
                    past ? "none" : r.rendered() + "/" + r.requested(),
                    past ? "-" : String.format(Locale.ROOT, "%.2f", r.realtimeFactor()),
                    r.published(),
                    r.views(),
                    r.engagedViews(),
                    r.measured() == 0 ? 0.0 : (double) r.engagedViews() / r.measured(),
                    Double.isNaN(r.trueShareOfBest())
                            ? "-"
                            : String.format(Locale.ROOT, "%.1f%%", 100 * r.trueShareOfBest()),
                    r.model()
                            .map(
                                    m ->
                                            String.format(
                                                    Locale.ROOT,
                                                    "v%d %s, RMSE %.1f vs %.1f for the mean",
                                                    m.version(),
                                                    m.status(),
                                                    m.rmse(),
                                                    m.baselineRmse()))
                            .orElse("none yet"));
        }
        for (DemoCycle.Result r : rows) {
            out.printf(
                    Locale.ROOT,
                    "  %s learning: %s%s%n",
                    r.cycle() == HISTORY ? "history" : "cycle " + r.cycle(),
                    r.learningFailed() ? "FAILED " : "",
                    r.learning());
        }
        out.println(
                "  RT x: seconds of video per second of rendering. TRUE %BEST: the world's expected"
                        + " outcome of the arms chosen, as % of each segment's best arm.");
        history.ifPresent(
                h ->
                        out.printf(
                                Locale.ROOT,
                                "  hist.: simulated channel history, %d videos published by the"
                                        + " sandbox with arms drawn uniformly at random, not"
                                        + " rendered.%n",
                                h.requested()));
        out.println();
    }

    /**
     * Each cycle's choices against uniform random and the first cycle, in the world's true outcome:
     * the figure that shows whether the loop learns.
     */
    void choices(
            Optional<DemoCycle.Result> history, List<DemoCycle.Result> results, double randomPct) {
        out.println(
                "Choices, true expected outcome as % of each segment's best arm (world oracle,"
                        + " evaluation only)");
        out.printf(Locale.ROOT, "  %-34s %5.1f%%%n", "uniform random (expected)", randomPct);
        history.ifPresent(
                h ->
                        out.printf(
                                Locale.ROOT,
                                "  %-34s %s%n",
                                "history: " + h.requested() + " uniform, not rendered",
                                pct(h.trueShareOfBest())));
        double first = results.isEmpty() ? Double.NaN : 100 * results.get(0).trueShareOfBest();
        for (DemoCycle.Result r : results) {
            double p = 100 * r.trueShareOfBest();
            String vs =
                    Double.isNaN(p)
                            ? ""
                            : String.format(Locale.ROOT, "   %+5.1f pts vs random", p - randomPct)
                                    + (r.cycle() == 1 || Double.isNaN(first)
                                            ? ""
                                            : String.format(
                                                    Locale.ROOT, ", %+5.1f vs cycle 1", p - first));
            out.printf(
                    Locale.ROOT,
                    "  %-34s %s%s%n",
                    "cycle " + r.cycle() + " (" + abbreviate(r.policy(), 22) + ")",
                    pct(r.trueShareOfBest()),
                    vs);
        }
        out.println();
    }

    private static String pct(double share) {
        return Double.isNaN(share) ? "    -" : String.format(Locale.ROOT, "%5.1f%%", 100 * share);
    }

    void topArms(
            Map<String, ContentParameters> learned,
            WorldScore score,
            List<Platform> platforms,
            List<String> niches,
            double randomPct) {
        out.printf(
                Locale.ROOT,
                "Top arm per segment: learned (the model's first recommendation) vs the world's"
                        + " best (uniform random earns %.0f%% of the best)%n",
                randomPct);
        for (Platform p : platforms) {
            for (String n : niches) {
                String segment = p + "/" + n;
                WorldOracle.Best best = score.best(p, n);
                ContentParameters mine = learned.get(segment);
                out.printf(Locale.ROOT, "  %s%n", segment);
                out.printf(
                        Locale.ROOT,
                        "    learned  %-62s %s%n",
                        mine == null ? "(no model yet: cold start)" : describe(mine),
                        mine == null
                                ? ""
                                : String.format(
                                        Locale.ROOT,
                                        "%.0f%% of best",
                                        100 * score.shareOfBest(mine)));
                out.printf(Locale.ROOT, "    world    %-62s 100%%%n", describe(best.arm()));
            }
        }
        out.println();
    }

    static String describe(ContentParameters a) {
        return String.format(
                Locale.ROOT,
                "%s hook, %s, %ds, %s, %s music, %s captions, %s, %02d:00",
                lower(a.getHookStyle()),
                lower(a.getPacing()),
                a.getTargetDurationS(),
                a.getVoice(),
                lower(a.getMusicMood()),
                lower(a.getCaptionStyle()),
                lower(a.getVisualStyle()),
                a.getPostingHour());
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
