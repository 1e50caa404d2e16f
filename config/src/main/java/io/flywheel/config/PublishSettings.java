package io.flywheel.config;

/**
 * Where the publisher uploads rendered videos.
 *
 * @param adapter {@code sandbox} (the local platform, the default), {@code youtube} (the real
 *     YouTube Data API, see {@link YouTubeSettings}), {@code tiktok} ({@link TikTokSettings}) or
 *     {@code instagram} ({@link InstagramSettings})
 * @param tokenKey the key platform refresh tokens are encrypted with in PostgreSQL ({@code
 *     FLYWHEEL_PUBLISH_TOKEN_KEY}, 32 random bytes in base64); needed for TikTok, which rotates its
 *     refresh tokens
 * @param evidenceRequired whether the publisher refuses videos whose licence evidence is missing or
 *     does not allow the platform ({@code publish.evidence.required}, see docs/evidence.md)
 */
public record PublishSettings(String adapter, Secret tokenKey, boolean evidenceRequired) {
    public PublishSettings(String adapter, Secret tokenKey) {
        this(adapter, tokenKey, true);
    }

    public boolean youtube() {
        return adapter.equals("youtube");
    }

    public boolean tiktok() {
        return adapter.equals("tiktok");
    }

    public boolean instagram() {
        return adapter.equals("instagram");
    }
}
