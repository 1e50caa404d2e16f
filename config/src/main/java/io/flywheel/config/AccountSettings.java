package io.flywheel.config;

/**
 * How {@code flywheel accounts connect} authorises a platform account: the OAuth 2.0
 * authorization-code flow with PKCE on a loopback redirect. Token endpoints and client credentials
 * of YouTube and TikTok are those of {@link YouTubeSettings} and {@link TikTokSettings}; Instagram
 * (Business Login for Instagram) has its own app id and secret here.
 *
 * @param youtubeAuthUrl Google's authorization endpoint
 * @param youtubeScopes the scopes asked for, space-separated
 * @param tiktokAuthUrl TikTok's authorization page
 * @param tiktokScopes the scopes asked for, comma-separated
 * @param tiktokPkceChallenge how the S256 challenge is encoded for TikTok: {@code hex} (TikTok's
 *     desktop Login Kit) or {@code base64url} (RFC 7636)
 * @param instagramAuthUrl Instagram's authorization page
 * @param instagramTokenUrl where the code is exchanged for a short-lived token
 * @param instagramExchangeUrl where the short-lived token is exchanged for a long-lived one ({@code
 *     ig_exchange_token})
 * @param instagramAppId the Instagram app id ({@code FLYWHEEL_ACCOUNTS_INSTAGRAM_APP_ID})
 * @param instagramAppSecret the Instagram app secret ({@code
 *     FLYWHEEL_ACCOUNTS_INSTAGRAM_APP_SECRET})
 * @param instagramScopes the scopes asked for, comma-separated
 * @param connectTimeoutS how long {@code connect} waits for the browser to come back
 */
public record AccountSettings(
        String youtubeAuthUrl,
        String youtubeScopes,
        String tiktokAuthUrl,
        String tiktokScopes,
        String tiktokPkceChallenge,
        String instagramAuthUrl,
        String instagramTokenUrl,
        String instagramExchangeUrl,
        Secret instagramAppId,
        Secret instagramAppSecret,
        String instagramScopes,
        int connectTimeoutS) {}
