package io.flywheel.render.visuals.stock;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Search answers kept for a day: the libraries ask for cached requests (Pixabay: 24 hours) and
 * limit their rate, and a batch of videos on one niche repeats its keywords.
 */
final class SearchCache<T> {
    static final Duration TTL = Duration.ofHours(24);
    static final int MAX_ENTRIES = 2_000;

    private record Entry<T>(long atMs, List<T> found) {}

    private final Map<String, Entry<T>> entries = new ConcurrentHashMap<>();
    private final Clock clock;

    SearchCache(Clock clock) {
        this.clock = clock;
    }

    List<T> get(String key) {
        Entry<T> e = entries.get(key);
        if (e == null || clock.millis() - e.atMs() > TTL.toMillis()) {
            return null;
        }
        return e.found();
    }

    void put(String key, List<T> found) {
        if (entries.size() >= MAX_ENTRIES) {
            long now = clock.millis();
            entries.values().removeIf(e -> now - e.atMs() > TTL.toMillis());
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
        }
        entries.put(key, new Entry<>(clock.millis(), List.copyOf(found)));
    }
}
