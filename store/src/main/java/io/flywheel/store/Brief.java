package io.flywheel.store;

import java.time.Instant;
import java.util.UUID;

/** "Make N videos for platform P and niche X with exploration share E." */
public record Brief(
        UUID briefId,
        String platform,
        String niche,
        int videoCount,
        double explorationShare,
        String requestedBy,
        Instant createdAt) {}
