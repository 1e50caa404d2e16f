package io.flywheel.api.keys;

/** A key just made: {@code secret} is the whole key, shown to the caller once and never stored. */
public record CreatedKey(ApiKey key, String secret) {}
