package io.flywheel.api.thumbnails;

import io.flywheel.api.scoring.ExpiringReads;
import io.flywheel.store.ThumbnailStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Each platform's {@link LeadStyle}, as recommendations and briefs name it: read from the decided
 * thumbnail tests at most once per {@link #READ_EVERY} and platform (the query cost a
 * recommendation more than choosing its arms; a test is decided hours after its video is published,
 * so a style seen up to five seconds late changes nothing).
 */
public final class LeadStyles {
    public static final Duration READ_EVERY = Duration.ofSeconds(5);

    private final ExpiringReads<String, Optional<LeadStyle>> reads;

    public LeadStyles(ThumbnailStore store, Duration readEvery, Clock clock) {
        this.reads =
                new ExpiringReads<>(
                        platform -> store.leadStyle(platform).map(LeadStyle::of), readEvery, clock);
    }

    /** The platform's lead style, or null while no test on it is decided. */
    public LeadStyle of(String platform) {
        return reads.get(platform).orElse(null);
    }
}
