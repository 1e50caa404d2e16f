package io.flywheel.render.pipeline;

import io.flywheel.schemas.Stage;

/** Where one job's stage events go: Kafka for workers, a progress display for the CLI. */
public interface RenderEvents {
    void started(Stage stage, String provider, int attempt);

    void completed(Stage stage, String provider, int attempt, long latencyMs, long costMicroUsd);

    void failed(Stage stage, String provider, int attempt, StageFailure failure);

    /** A stage whose output was already there from an earlier run of the same job. */
    default void resumed(Stage stage) {}

    /**
     * A provider could not make an asset (e.g. a stock library answered 429 or timed out) and the
     * next one made it instead: the job goes on.
     */
    default void fellBack(Stage stage, String provider, String reason) {}

    /** Sends both to a and b, e.g. Kafka and a log. */
    static RenderEvents both(RenderEvents a, RenderEvents b) {
        return new RenderEvents() {
            @Override
            public void started(Stage stage, String provider, int attempt) {
                a.started(stage, provider, attempt);
                b.started(stage, provider, attempt);
            }

            @Override
            public void completed(
                    Stage stage, String provider, int attempt, long latencyMs, long cost) {
                a.completed(stage, provider, attempt, latencyMs, cost);
                b.completed(stage, provider, attempt, latencyMs, cost);
            }

            @Override
            public void failed(Stage stage, String provider, int attempt, StageFailure failure) {
                a.failed(stage, provider, attempt, failure);
                b.failed(stage, provider, attempt, failure);
            }

            @Override
            public void resumed(Stage stage) {
                a.resumed(stage);
                b.resumed(stage);
            }

            @Override
            public void fellBack(Stage stage, String provider, String reason) {
                a.fellBack(stage, provider, reason);
                b.fellBack(stage, provider, reason);
            }
        };
    }
}
