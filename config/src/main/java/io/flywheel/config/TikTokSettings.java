package io.flywheel.config;

/**
 * The TikTok Content Posting API (Direct Post) and Display API clients. Credentials come from the
 * environment ({@code FLYWHEEL_TIKTOK_CLIENT_KEY}, {@code FLYWHEEL_TIKTOK_CLIENT_SECRET}, {@code
 * FLYWHEEL_TIKTOK_REFRESH_TOKEN}); the base URL is configurable so tests talk to a local server.
 *
 * @param apiUrl the Open API base, https://open.tiktokapis.com (token, posting and display paths
 *     are below it)
 * @param chunkBytes upload chunk size, 5 MiB to 64 MiB (TikTok's FILE_UPLOAD rule)
 * @param audited whether the API client passed TikTok's audit; an unaudited client may only post
 *     {@code SELF_ONLY} (private), so posts are private until this is true
 * @param maxDurationS the longest video accepted
 * @param statusPollSeconds wait between two status fetches while TikTok processes and moderates
 * @param statusPolls status fetches per attempt before the publication is deferred (moderation can
 *     take hours; the next attempt goes on polling the same post)
 * @param pollMinutes how often the Display API poller reads counts
 * @param lagHours how long after the learning horizon a video is still polled
 * @param timeoutS per HTTP request
 */
public record TikTokSettings(
        String apiUrl,
        Secret clientKey,
        Secret clientSecret,
        Secret refreshToken,
        int chunkBytes,
        boolean audited,
        int maxDurationS,
        int statusPollSeconds,
        int statusPolls,
        int pollMinutes,
        int lagHours,
        int timeoutS) {

    /** FILE_UPLOAD chunks: at least 5 MB and at most 64 MB each (the last may be larger). */
    public static final int MIN_CHUNK = 5 * 1024 * 1024;

    public static final int MAX_CHUNK = 64 * 1024 * 1024;

    public boolean hasCredentials() {
        return !clientKey.isEmpty() && !clientSecret.isEmpty() && !refreshToken.isEmpty();
    }
}
