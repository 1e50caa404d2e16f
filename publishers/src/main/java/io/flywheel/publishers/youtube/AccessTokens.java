package io.flywheel.publishers.youtube;

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
 * OAuth 2.0 access tokens from a refresh token (the "installed application" flow): POSTs {@code
 * grant_type=refresh_token} to the token endpoint and keeps the token until a minute before it
 * expires. The refresh token of the account connected with {@code flywheel accounts connect
 * youtube} (the {@link RefreshTokenStore}) is used when there is one; the environment's when there
 * is none, or when Google refuses the stored one. Neither the refresh token nor the access token is
 * ever logged or put in a message.
 */
public final class AccessTokens {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI tokenUrl;
    private final Secret clientId;
    private final Secret clientSecret;
    private final Secret refreshToken;
    private final RefreshTokenStore store;
    private final Duration timeout;
    private final CachedAccessToken token;

    public AccessTokens(
            HttpClient http,
            String tokenUrl,
            Secret clientId,
            Secret clientSecret,
            Secret refreshToken,
            Duration timeout,
            Clock clock) {
        this(
                http,
                tokenUrl,
                clientId,
                clientSecret,
                refreshToken,
                RefreshTokenStore.inMemory(),
                timeout,
                clock);
    }

    /**
     * @param store the connected account's refresh token, read before the environment's
     */
    public AccessTokens(
            HttpClient http,
            String tokenUrl,
            Secret clientId,
            Secret clientSecret,
            Secret refreshToken,
            RefreshTokenStore store,
            Duration timeout,
            Clock clock) {
        this.http = http;
        this.tokenUrl = URI.create(tokenUrl);
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.refreshToken = refreshToken;
        this.store = store;
        this.timeout = timeout;
        this.token = new CachedAccessToken(clock);
    }

    /** A valid access token, refreshed if it expires within a minute. */
    public String get() throws IOException, InterruptedException, YouTubeApiException {
        return token.get(this::refresh);
    }

    /** Forgets the token, e.g. after a 401: the next {@link #get()} asks for a new one. */
    public void invalidate() {
        token.invalidate();
    }

    public int refreshes() {
        return token.refreshes();
    }

    private CachedAccessToken.Grant refresh()
            throws IOException, InterruptedException, YouTubeApiException {
        Secret stored = store.load().orElse(null);
        if (stored == null && refreshToken.isEmpty()
                || clientId.isEmpty()
                || clientSecret.isEmpty()) {
            throw new YouTubeApiException(
                    "YouTube credentials are missing: set FLYWHEEL_YOUTUBE_CLIENT_ID,"
                            + " FLYWHEEL_YOUTUBE_CLIENT_SECRET and run `flywheel accounts connect"
                            + " youtube` or set FLYWHEEL_YOUTUBE_REFRESH_TOKEN",
                    0,
                    "missing_credentials");
        }
        if (stored == null) {
            return refreshWith(refreshToken);
        }
        try {
            return refreshWith(stored);
        } catch (YouTubeApiException refused) {
            // The connected account was revoked: the environment's token, if it is another one.
            if (refused.status() != 400 && refused.status() != 401
                    || refreshToken.isEmpty()
                    || refreshToken.reveal().equals(stored.reveal())) {
                throw refused;
            }
            return refreshWith(refreshToken);
        }
    }

    private CachedAccessToken.Grant refreshWith(Secret refreshToken)
            throws IOException, InterruptedException, YouTubeApiException {
        HttpResponse<String> r =
                CachedAccessToken.postForm(
                        http,
                        tokenUrl,
                        timeout,
                        Map.of(
                                "grant_type", "refresh_token",
                                "client_id", clientId.reveal(),
                                "client_secret", clientSecret.reveal(),
                                "refresh_token", refreshToken.reveal()));
        if (r.statusCode() != 200) {
            YouTubeApiException e =
                    YouTubeApiException.from(
                            "refreshing the YouTube access token", r.statusCode(), r.body());
            throw new YouTubeApiException(
                    e.getMessage()
                            + (e.reason().equals("invalid_grant")
                                    ? "; the refresh token is invalid, expired or revoked:"
                                            + " run `flywheel accounts connect youtube` or set"
                                            + " FLYWHEEL_YOUTUBE_REFRESH_TOKEN"
                                    : e.reason().equals("invalid_client")
                                            ? "; check FLYWHEEL_YOUTUBE_CLIENT_ID and"
                                                    + " FLYWHEEL_YOUTUBE_CLIENT_SECRET"
                                            : ""),
                    e.status(),
                    e.reason());
        }
        JsonNode n = JSON.readTree(r.body());
        String access = n.path("access_token").asText("");
        if (access.isEmpty()) {
            throw new YouTubeApiException(
                    "the token endpoint answered without an access_token", 200, "no_token");
        }
        return new CachedAccessToken.Grant(access, n.path("expires_in").asLong(3600));
    }
}
