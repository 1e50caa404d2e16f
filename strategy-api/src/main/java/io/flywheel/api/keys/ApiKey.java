package io.flywheel.api.keys;

import java.time.Instant;

/** A stored key, without its secret. */
public record ApiKey(
        String keyId,
        Scope scope,
        String name,
        Instant createdAt,
        Instant revokedAt,
        Instant lastUsedAt) {}
