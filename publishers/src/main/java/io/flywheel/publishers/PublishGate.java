package io.flywheel.publishers;

import io.flywheel.schemas.Platform;
import java.util.Optional;
import java.util.UUID;

/**
 * A check a rendered video must pass before the publisher uploads it (e.g. its licence evidence). A
 * refusal is not a failure: the video waits, its publication says why, and it is checked again, so
 * it is published once the cause is fixed.
 */
@FunctionalInterface
public interface PublishGate {
    /** Why {@code videoId} may not be published on {@code platform} now, or empty if it may. */
    Optional<String> refusal(UUID videoId, Platform platform);
}
