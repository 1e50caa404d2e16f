package io.flywheel.publishers.instagram;

import io.flywheel.config.Secret;
import io.flywheel.storage.MediaLinks;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Signed, expiring links to a rendered file under the API's {@code /v1/media/} route, for platforms
 * that fetch the video themselves (Instagram's {@code video_url}): the API's own {@link MediaLinks}
 * with the key both processes are given ({@code instagram.media.link.key}), so the API verifies
 * them, and the API's public base URL in front.
 */
public final class SignedMediaLinks {
    public static final Duration TTL = Duration.ofHours(6);

    private final String base;
    private final Secret key;

    public SignedMediaLinks(String baseUrl, Secret key) {
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.key = key;
    }

    /** The link to {@code relativePath} (inside the media directory) valid until now + TTL. */
    public URI link(String relativePath, long nowMs) {
        Clock at = Clock.fixed(Instant.ofEpochMilli(nowMs), ZoneOffset.UTC);
        return URI.create(base + MediaLinks.of(key, TTL, at).link(relativePath));
    }
}
