package io.flywheel.api.scoring;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The ensemble requests score with. {@link #swap} replaces it atomically: requests already running
 * finish on the ensemble they started with, new ones get the new one, none waits or fails.
 */
public final class Champion {
    private final AtomicReference<ServedEnsemble> current = new AtomicReference<>();

    public void swap(ServedEnsemble next) {
        ServedEnsemble old = current.getAndSet(next);
        if (old != null) {
            old.release();
        }
    }

    public Optional<String> version() {
        ServedEnsemble e = current.get();
        return e == null ? Optional.empty() : Optional.of(e.version());
    }

    /** Runs {@code use} with the champion (or with empty when there is none yet). */
    public <T> T with(Function<Optional<ServedEnsemble>, T> use) {
        for (; ; ) {
            ServedEnsemble e = current.get();
            if (e == null) {
                return use.apply(Optional.empty());
            }
            if (e.tryAcquire()) {
                try {
                    return use.apply(Optional.of(e));
                } finally {
                    e.release();
                }
            }
            // Swapped and freed between get() and tryAcquire(): read the new one.
        }
    }
}
