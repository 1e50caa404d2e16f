package io.flywheel.publishers;

import io.flywheel.config.Secret;
import java.util.Optional;

/** Where a platform account's newest refresh token is kept between refreshes and restarts. */
public interface RefreshTokenStore {
    /** The newest token saved, if any. */
    Optional<Secret> load();

    /** Saves a token the platform issued (it replaces the previous one). */
    void save(Secret token);

    /** Kept in this process only: lost at a restart. */
    static RefreshTokenStore inMemory() {
        return new RefreshTokenStore() {
            private Secret token;

            @Override
            public synchronized Optional<Secret> load() {
                return Optional.ofNullable(token);
            }

            @Override
            public synchronized void save(Secret t) {
                token = t;
            }
        };
    }
}
