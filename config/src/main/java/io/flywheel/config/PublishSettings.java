package io.flywheel.config;

/**
 * Where the publisher uploads rendered videos.
 *
 * @param adapter {@code sandbox} (the local platform, the default), {@code youtube} (the real
 *     YouTube Data API, see {@link YouTubeSettings}), {@code tiktok} ({@link TikTokSettings}) or
 *     {@code instagram} ({@link InstagramSettings})
 */
public record PublishSettings(String adapter) {
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
