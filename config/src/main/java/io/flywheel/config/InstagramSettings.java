package io.flywheel.config;

/**
 * The Instagram Graph API client for Reels. The access token comes from the environment ({@code
 * FLYWHEEL_INSTAGRAM_ACCESS_TOKEN}, a long-lived token, refreshed before it expires); the base URL
 * is configurable so tests talk to a local server.
 *
 * @param graphUrl the Graph API base with its version, e.g. https://graph.facebook.com/v24.0
 * @param refreshUrl where the long-lived token is refreshed ({@code ig_refresh_token}); empty to
 *     never refresh
 * @param userId the Instagram professional account's id
 * @param mediaUrl the public base URL of the API that serves the rendered files; Instagram fetches
 *     {@code video_url} (a signed, expiring {@code /v1/media/...} link) from there, so it must be
 *     reachable from the internet
 * @param mediaLinkKey the HMAC key the media links are signed with ({@code
 *     FLYWHEEL_INSTAGRAM_MEDIA_LINK_KEY}); the API must verify links with the same key
 * @param statusPollSeconds wait between two container status reads
 * @param statusPolls status reads per attempt before the publication is deferred
 * @param limitRetryMinutes how long to defer when the content publishing limit is reached
 * @param maxDurationS the longest video accepted as a Reel
 * @param pollMinutes how often the insights poller reads insights
 * @param lagHours how long after the learning horizon a video is still polled (insights lag up to
 *     48 h)
 * @param timeoutS per HTTP request
 */
public record InstagramSettings(
        String graphUrl,
        String refreshUrl,
        String userId,
        Secret accessToken,
        String mediaUrl,
        Secret mediaLinkKey,
        int statusPollSeconds,
        int statusPolls,
        int limitRetryMinutes,
        int maxDurationS,
        int pollMinutes,
        int lagHours,
        int timeoutS) {

    public boolean hasCredentials() {
        return !accessToken.isEmpty() && !userId.isBlank();
    }
}
