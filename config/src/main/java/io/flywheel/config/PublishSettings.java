package io.flywheel.config;

/**
 * Where the publisher uploads rendered videos.
 *
 * @param adapter {@code sandbox} (the local platform, the default) or {@code youtube} (the real
 *     YouTube Data API, see {@link YouTubeSettings})
 */
public record PublishSettings(String adapter) {
    public boolean youtube() {
        return adapter.equals("youtube");
    }
}
