package io.flywheel.publishers.accounts;

import io.flywheel.config.Secret;
import java.util.Map;

/**
 * One platform's OAuth 2.0 authorization-code client: where the user authorises, where the code is
 * exchanged, under which parameter name the client id goes ({@code client_id}, TikTok's {@code
 * client_key}), the scopes, and whether (and how) the platform takes a PKCE challenge.
 *
 * @param command the name on the command line: youtube, tiktok, instagram
 * @param platform the platform's name in the database ({@code Platform} enum), e.g. TIKTOK
 * @param pkce the challenge encoding, or null when the platform does not document PKCE (the random
 *     {@code state} still binds the redirect to this run)
 * @param extraAuthParams further parameters of the authorization URL (Google's {@code
 *     access_type=offline} for a refresh token)
 * @param apiUrl where the account's identity is read after the exchange
 */
public record OAuthClient(
        String command,
        String platform,
        String authUrl,
        String tokenUrl,
        String clientIdParam,
        Secret clientId,
        Secret clientSecret,
        String scopes,
        Pkce.Encoding pkce,
        Map<String, String> extraAuthParams,
        String apiUrl) {

    public OAuthClient {
        extraAuthParams = Map.copyOf(extraAuthParams);
    }

    public boolean hasCredentials() {
        return !clientId.isEmpty() && !clientSecret.isEmpty();
    }
}
