package io.flywheel.simulator;

import io.flywheel.schemas.ContentParameters;
import java.util.Optional;

/** Where the simulator learns a published video's arm: its content job's parameters. */
@FunctionalInterface
public interface JobParameters {
    Optional<ContentParameters> find(String jobId);
}
