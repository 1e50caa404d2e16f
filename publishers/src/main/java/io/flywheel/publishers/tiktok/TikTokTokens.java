package io.flywheel.publishers.tiktok;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flywheel.config.Secret;
import io.flywheel.publishers.CachedAccessToken;
import io.flywheel.publishers.RefreshTokenStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * TikTok user access tokens from a refresh token: POSTs {@code grant_type=refresh_token} with the
 * app's {@code client_key} and {@code client_secret} to {@code /v2/oauth/token/}. TikTok rotates
 * refresh tokens (the previous one stops working), so the newest one answered is saved in the
 * {@link RefreshTokenStore} and used for the next refresh, also after a restart; the environment's
 * is used when the store has none, or when the stored one is refused (the account was authorised
 * again). No token is ever logged or put in a message.
 */
public final class TikTokTokens {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI tokenUrl;
    private final Secret clientKey;
    private final Secret clientSecret;
    private final Duration timeout;
    private final Secret envRefreshToken;
    private final RefreshTokenStore store;
    private final CachedAccessToken token;

    public TikTokTokens(
            HttpClient http,
            String apiUrl,
            Secret clientKey,
            Secret clientSecret,
            Secret refreshToken,
            RefreshTokenStore store,
            Duration timeout,
            Clock clock) {
        this.http = http;
        this.tokenUrl = URI.create(TikTokClient.base(apiUrl) + "v2/oauth/token/");
        this.clientKey = clientKey;
        this.clientSecret = clientSecret;
        this.envRefreshToken = refreshToken;
        this.store = store;
        this.timeout = timeout;
        this.token = new CachedAccessToken(clock);
    }

    public String get() throws IOException, InterruptedException, TikTokApiException {
        return token.get(this::refresh);
    }

    public void invalidate() {
        token.invalidate();
    }

    public int refreshes() {
        return token.refreshes();
    }

    private CachedAccessToken.Grant refresh()
            throws IOException, InterruptedException, TikTokApiException {
        Secret stored = store.load().orElse(null);
        if (stored == null && envRefreshToken.isEmpty()
                || clientKey.isEmpty()
                || clientSecret.isEmpty()) {
            throw new TikTokApiException(
                    "TikTok credentials are missing: set FLYWHEEL_TIKTOK_CLIENT_KEY,"
                            + " FLYWHEEL_TIKTOK_CLIENT_SECRET and FLYWHEEL_TIKTOK_REFRESH_TOKEN",
                    0,
                    "missing_credentials");
        }
        try {
            return refreshWith(stored != null ? stored : envRefreshToken);
        } catch (TikTokApiException refused) {
            // Another process (the publisher or the poller) may have rotated it meanwhile.
            Secret now = store.load().orElse(null);
            if (refused.status() != 0
                    && now != null
                    && (stored == null || !now.reveal().equals(stored.reveal()))) {
                try {
                    return refreshWith(now);
                } catch (TikTokApiException stillRefused) {
                    // fall through to the environment's token
                }
            }
            boolean retryWithEnv =
                    stored != null
                            && !envRefreshToken.isEmpty()
                            && !envRefreshToken.reveal().equals(stored.reveal())
                            && refused.status() != 0;
            if (!retryWithEnv) {
                throw refused;
            }
            // Authorised again: the environment has the new one.
            return refreshWith(envRefreshToken);
        }
    }

    private CachedAccessToken.Grant refreshWith(Secret refreshToken)
            throws IOException, InterruptedException, TikTokApiException {
        HttpResponse<String> r =
                CachedAccessToken.postForm(
                        http,
                        tokenUrl,
                        timeout,
                        Map.of(
                                "client_key", clientKey.reveal(),
                                "client_secret", clientSecret.reveal(),
                                "grant_type", "refresh_token",
                                "refresh_token", refreshToken.reveal()));
        JsonNode n = r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        String access = n == null ? "" : n.path("access_token").asText("");
        if (access.isEmpty()) {
            TikTokApiException e =
                    TikTokApiException.from(
                            "refreshing the TikTok access token", r.statusCode(), r.body());
            throw new TikTokApiException(
                    e.getMessage()
                            + "; authorise again and set FLYWHEEL_TIKTOK_REFRESH_TOKEN if the"
                            + " refresh token expired or was revoked",
                    e.status() == 200 ? 401 : e.status(),
                    e.code().isEmpty() ? "invalid_grant" : e.code());
        }
        String rotated = n.path("refresh_token").asText("");
        store.save(rotated.isEmpty() ? refreshToken : Secret.of(rotated));
        return new CachedAccessToken.Grant(access, n.path("expires_in").asLong(7200));
    }
}
