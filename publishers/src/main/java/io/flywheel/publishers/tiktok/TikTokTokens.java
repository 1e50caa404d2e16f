package io.flywheel.publishers.tiktok;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flywheel.config.Secret;
import io.flywheel.publishers.RefreshTokenStore;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

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
    private static final long MARGIN_MS = 60_000;

    private final HttpClient http;
    private final URI tokenUrl;
    private final Secret clientKey;
    private final Secret clientSecret;
    private final Duration timeout;
    private final Clock clock;
    private final Secret envRefreshToken;
    private final RefreshTokenStore store;
    private String accessToken;
    private long expiresAt;
    private int refreshes;

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
        this.clock = clock;
    }

    public synchronized String get() throws IOException, InterruptedException, TikTokApiException {
        if (accessToken == null || clock.millis() >= expiresAt - MARGIN_MS) {
            refresh();
        }
        return accessToken;
    }

    public synchronized void invalidate() {
        accessToken = null;
    }

    public synchronized int refreshes() {
        return refreshes;
    }

    private void refresh() throws IOException, InterruptedException, TikTokApiException {
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
            refreshWith(stored != null ? stored : envRefreshToken);
            return;
        } catch (TikTokApiException refused) {
            // Another process (the publisher or the poller) may have rotated it meanwhile.
            Secret now = store.load().orElse(null);
            if (refused.status() != 0
                    && now != null
                    && (stored == null || !now.reveal().equals(stored.reveal()))) {
                try {
                    refreshWith(now);
                    return;
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
            refreshWith(envRefreshToken); // authorised again: the environment has the new one
        }
    }

    private void refreshWith(Secret refreshToken)
            throws IOException, InterruptedException, TikTokApiException {
        String form =
                "client_key="
                        + enc(clientKey.reveal())
                        + "&client_secret="
                        + enc(clientSecret.reveal())
                        + "&grant_type=refresh_token&refresh_token="
                        + enc(refreshToken.reveal());
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(tokenUrl)
                                .timeout(timeout)
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(form))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        JsonNode n = r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        String token = n == null ? "" : n.path("access_token").asText("");
        if (token.isEmpty()) {
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
        accessToken = token;
        expiresAt = clock.millis() + n.path("expires_in").asLong(7200) * 1000;
        String rotated = n.path("refresh_token").asText("");
        store.save(rotated.isEmpty() ? refreshToken : Secret.of(rotated));
        refreshes++;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
