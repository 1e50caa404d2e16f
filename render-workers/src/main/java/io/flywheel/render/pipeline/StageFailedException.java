package io.flywheel.render.pipeline;

import io.flywheel.schemas.Stage;

/** A stage that ran out of attempts (or failed for good): the job fails with this reason. */
public final class StageFailedException extends RuntimeException {
    private final Stage stage;
    private final String errorClass;

    public StageFailedException(Stage stage, String errorClass, String message, Throwable cause) {
        super(stage + " failed (" + errorClass + "): " + message, cause);
        this.stage = stage;
        this.errorClass = errorClass;
    }

    public Stage stage() {
        return stage;
    }

    public String errorClass() {
        return errorClass;
    }
}
