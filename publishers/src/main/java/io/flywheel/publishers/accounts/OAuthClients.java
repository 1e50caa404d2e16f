package io.flywheel.publishers.accounts;

import io.flywheel.config.AccountSettings;
import io.flywheel.config.FlywheelConfig;
import java.util.List;
import java.util.Map;

/** The OAuth clients of the three platforms, from the configuration. */
public final class OAuthClients {
    public static final List<String> COMMANDS = List.of("youtube", "tiktok", "instagram");

    private OAuthClients() {}

    /**
     * @param command youtube, tiktok or instagram
     */
    public static OAuthClient of(FlywheelConfig c, String command) {
        AccountSettings a = c.accounts();
        return switch (command) {
            case "youtube" ->
                    new OAuthClient(
                            "youtube",
                            "YOUTUBE_SHORTS",
                            a.youtubeAuthUrl(),
                            c.youtube().tokenUrl(),
                            "client_id",
                            c.youtube().clientId(),
                            c.youtube().clientSecret(),
                            a.youtubeScopes(),
                            Pkce.Encoding.BASE64URL,
                            // offline: a refresh token; consent: one even if authorised before
                            Map.of("access_type", "offline", "prompt", "consent"),
                            c.youtube().apiUrl());
            case "tiktok" ->
                    new OAuthClient(
                            "tiktok",
                            "TIKTOK",
                            a.tiktokAuthUrl(),
                            withSlash(c.tiktok().apiUrl()) + "v2/oauth/token/",
                            "client_key",
                            c.tiktok().clientKey(),
                            c.tiktok().clientSecret(),
                            a.tiktokScopes(),
                            Pkce.Encoding.parse(a.tiktokPkceChallenge()),
                            Map.of(),
                            withSlash(c.tiktok().apiUrl()));
            case "instagram" ->
                    new OAuthClient(
                            "instagram",
                            "INSTAGRAM_REELS",
                            a.instagramAuthUrl(),
                            a.instagramTokenUrl(),
                            "client_id",
                            a.instagramAppId(),
                            a.instagramAppSecret(),
                            a.instagramScopes(),
                            null,
                            Map.of(),
                            a.instagramExchangeUrl());
            default ->
                    throw new IllegalArgumentException(
                            "the platform must be youtube, tiktok or instagram, not '"
                                    + command
                                    + "'");
        };
    }

    static String withSlash(String url) {
        return url.endsWith("/") ? url : url + "/";
    }

    /** The environment variables that hold {@code command}'s client id and secret. */
    public static String credentialVariables(String command) {
        return switch (command) {
            case "youtube" -> "FLYWHEEL_YOUTUBE_CLIENT_ID and FLYWHEEL_YOUTUBE_CLIENT_SECRET";
            case "tiktok" -> "FLYWHEEL_TIKTOK_CLIENT_KEY and FLYWHEEL_TIKTOK_CLIENT_SECRET";
            default ->
                    "FLYWHEEL_ACCOUNTS_INSTAGRAM_APP_ID and FLYWHEEL_ACCOUNTS_INSTAGRAM_APP_SECRET";
        };
    }
}
