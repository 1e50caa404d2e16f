package io.flywheel.demo;

import io.flywheel.schemas.ContentParameters;
import io.flywheel.schemas.Platform;
import io.flywheel.simulator.WorldOracle;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The demo's closing tables: what each cycle did, and the learned top arms against the truth. */
final class DemoReport {
    private final PrintStream out;

    DemoReport(PrintStream out) {
        this.out = out;
    }

    void cycles(List<DemoCycle.Result> results, double upSeconds) {
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
        for (DemoCycle.Result r : results) {
            out.printf(
                    Locale.ROOT,
                    "  %-5d %-22s %-8s %-6.2f %-9d %-9d %-9d %-10.1f %-9s %s%n",
                    r.cycle(),
                    abbreviate(r.policy(), 22),
                    r.rendered() + "/" + r.requested(),
                    r.realtimeFactor(),
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
        for (DemoCycle.Result r : results) {
            out.printf(
                    Locale.ROOT,
                    "  cycle %d learning: %s%s%n",
                    r.cycle(),
                    r.learningFailed() ? "FAILED " : "",
                    r.learning());
        }
        out.println(
                "  RT x: seconds of video per second of rendering. TRUE %BEST: the world's expected"
                        + " outcome of the arms chosen, as % of each segment's best arm.");
        out.println();
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
