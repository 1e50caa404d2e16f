package io.flywheel.publishers.youtube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flywheel.config.Secret;
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
 * OAuth 2.0 access tokens from a refresh token (the "installed application" flow): POSTs {@code
 * grant_type=refresh_token} to the token endpoint and keeps the token until a minute before it
 * expires. Neither the refresh token nor the access token is ever logged or put in a message.
 */
public final class AccessTokens {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Refresh this long before the stated expiry, so a request never carries a dying token. */
    private static final long MARGIN_MS = 60_000;

    private final HttpClient http;
    private final URI tokenUrl;
    private final Secret clientId;
    private final Secret clientSecret;
    private final Secret refreshToken;
    private final Duration timeout;
    private final Clock clock;
    private String accessToken;
    private long expiresAt;
    private int refreshes;

    public AccessTokens(
            HttpClient http,
            String tokenUrl,
            Secret clientId,
            Secret clientSecret,
            Secret refreshToken,
            Duration timeout,
            Clock clock) {
        this.http = http;
        this.tokenUrl = URI.create(tokenUrl);
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.refreshToken = refreshToken;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** A valid access token, refreshed if it expires within a minute. */
    public synchronized String get() throws IOException, InterruptedException, YouTubeApiException {
        if (accessToken == null || clock.millis() >= expiresAt - MARGIN_MS) {
            refresh();
        }
        return accessToken;
    }

    /** Forgets the token, e.g. after a 401: the next {@link #get()} asks for a new one. */
    public synchronized void invalidate() {
        accessToken = null;
    }

    public synchronized int refreshes() {
        return refreshes;
    }

    private void refresh() throws IOException, InterruptedException, YouTubeApiException {
        if (refreshToken.isEmpty() || clientId.isEmpty() || clientSecret.isEmpty()) {
            throw new YouTubeApiException(
                    "YouTube credentials are missing: set FLYWHEEL_YOUTUBE_CLIENT_ID,"
                            + " FLYWHEEL_YOUTUBE_CLIENT_SECRET and FLYWHEEL_YOUTUBE_REFRESH_TOKEN",
                    0,
                    "missing_credentials");
        }
        String form =
                "grant_type=refresh_token"
                        + "&client_id="
                        + enc(clientId.reveal())
                        + "&client_secret="
                        + enc(clientSecret.reveal())
                        + "&refresh_token="
                        + enc(refreshToken.reveal());
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(tokenUrl)
                                .timeout(timeout)
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(form))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            YouTubeApiException e =
                    YouTubeApiException.from(
                            "refreshing the YouTube access token", r.statusCode(), r.body());
            throw new YouTubeApiException(
                    e.getMessage()
                            + (e.reason().equals("invalid_grant")
                                    ? "; the refresh token is invalid, expired or revoked:"
                                            + " authorise again and set"
                                            + " FLYWHEEL_YOUTUBE_REFRESH_TOKEN"
                                    : e.reason().equals("invalid_client")
                                            ? "; check FLYWHEEL_YOUTUBE_CLIENT_ID and"
                                                    + " FLYWHEEL_YOUTUBE_CLIENT_SECRET"
                                            : ""),
                    e.status(),
                    e.reason());
        }
        JsonNode n = JSON.readTree(r.body());
        String token = n.path("access_token").asText("");
        if (token.isEmpty()) {
            throw new YouTubeApiException(
                    "the token endpoint answered without an access_token", 200, "no_token");
        }
        accessToken = token;
        expiresAt = clock.millis() + n.path("expires_in").asLong(3600) * 1000;
        refreshes++;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
