package io.flywheel.store;

import java.time.Instant;
import java.util.UUID;

/** A video on a platform: one row per (video, platform), so a retry never uploads twice. */
public record Publication(
        UUID videoId,
        String platform,
        String status,
        String platformVideoId,
        String url,
        Instant publishedAt,
        int attempts,
        String lastError,
        Instant updatedAt) {}
