package io.flywheel.render;

import io.flywheel.render.pipeline.RenderEvents;
import io.flywheel.render.pipeline.StageFailure;
import io.flywheel.schemas.Stage;
import java.io.PrintStream;
import java.util.List;

/** Prints a progress bar line per stage event for {@code flywheel render}. */
final class ProgressDisplay implements RenderEvents {
    private static final List<Stage> ORDER =
            List.of(
                    Stage.SCRIPT,
                    Stage.MODERATION,
                    Stage.NARRATION,
                    Stage.CAPTIONS,
                    Stage.VISUALS,
                    Stage.MUSIC,
                    Stage.ASSEMBLY,
                    Stage.THUMBNAIL,
                    Stage.QA);
    private final PrintStream out;

    ProgressDisplay(PrintStream out) {
        this.out = out;
    }

    private String bar(Stage stage, boolean done) {
        int i = ORDER.indexOf(stage) + (done ? 1 : 0);
        int width = 18;
        int filled = Math.max(0, i) * width / ORDER.size();
        return "["
                + "#".repeat(filled)
                + ".".repeat(width - filled)
                + "] "
                + String.format("%-10s", stage);
    }

    @Override
    public void started(Stage stage, String provider, int attempt) {
        out.println(
                bar(stage, false)
                        + " "
                        + provider
                        + (attempt > 1 ? " (attempt " + attempt + ")" : "")
                        + " ...");
    }

    @Override
    public void completed(Stage stage, String provider, int attempt, long latencyMs, long cost) {
        out.println(
                bar(stage, true)
                        + " done in "
                        + latencyMs
                        + " ms"
                        + (cost > 0 ? ", cost " + cost + " micro-USD" : ""));
    }

    @Override
    public void failed(Stage stage, String provider, int attempt, StageFailure failure) {
        out.println(
                bar(stage, false)
                        + " FAILED ("
                        + failure.errorClass()
                        + ")"
                        + (failure.retryable() ? ", retrying" : "")
                        + ": "
                        + failure.message());
    }

    @Override
    public void resumed(Stage stage) {
        out.println(bar(stage, true) + " already done");
    }
}
