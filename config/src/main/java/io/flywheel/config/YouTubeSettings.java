package io.flywheel.config;

/**
 * The YouTube Data API v3 and YouTube Analytics API v2 clients. Credentials come from the
 * environment ({@code FLYWHEEL_YOUTUBE_CLIENT_ID}, {@code FLYWHEEL_YOUTUBE_CLIENT_SECRET}, {@code
 * FLYWHEEL_YOUTUBE_REFRESH_TOKEN}); the base URLs are configurable so tests talk to a local server.
 *
 * @param tokenUrl the OAuth 2.0 token endpoint
 * @param uploadUrl the media upload base, e.g. https://www.googleapis.com/upload/youtube/v3
 * @param apiUrl the Data API base, e.g. https://www.googleapis.com/youtube/v3
 * @param analyticsUrl the Analytics API base, e.g. https://youtubeanalytics.googleapis.com/v2
 * @param dailyUploads {@code videos.insert} calls a day: the method has its own quota bucket (100
 *     calls per Pacific-time day by default, cost 1 each) beside the 10,000 units of every other
 *     endpoint, which Flywheel's few other calls barely touch
 * @param chunkBytes upload chunk size, a multiple of 256 KiB
 * @param categoryId the video category of uploads
 * @param maxDurationS the longest video accepted as a Short
 * @param pollMinutes how often the analytics poller reads reports
 * @param lagHours how long after the learning horizon a video is still polled (reports are revised
 *     for a few days)
 * @param timeoutS per HTTP request
 */
public record YouTubeSettings(
        String tokenUrl,
        String uploadUrl,
        String apiUrl,
        String analyticsUrl,
        Secret clientId,
        Secret clientSecret,
        Secret refreshToken,
        int dailyUploads,
        int chunkBytes,
        String categoryId,
        int maxDurationS,
        int pollMinutes,
        int lagHours,
        int timeoutS) {

    /** Resumable uploads must send chunks in multiples of this many bytes (except the last). */
    public static final int CHUNK_GRANULE = 256 * 1024;

    public boolean hasCredentials() {
        return !clientId.isEmpty() && !clientSecret.isEmpty() && !refreshToken.isEmpty();
    }
}
