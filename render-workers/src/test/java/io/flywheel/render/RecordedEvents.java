package io.flywheel.render;

import io.flywheel.render.pipeline.RenderEvents;
import io.flywheel.render.pipeline.StageFailure;
import io.flywheel.schemas.Stage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps a job's stage events as lines, for assertions. */
final class RecordedEvents implements RenderEvents {
    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void started(Stage stage, String provider, int attempt) {
        lines.add("started " + stage + " " + provider + " " + attempt);
    }

    @Override
    public void completed(Stage stage, String provider, int attempt, long latencyMs, long cost) {
        lines.add("completed " + stage + " " + provider + " " + attempt);
    }

    @Override
    public void failed(Stage stage, String provider, int attempt, StageFailure failure) {
        lines.add(
                "failed "
                        + stage
                        + " "
                        + provider
                        + " "
                        + attempt
                        + " "
                        + failure.errorClass()
                        + " "
                        + failure.retryable());
    }

    @Override
    public void resumed(Stage stage) {
        lines.add("resumed " + stage);
    }
}
