package io.flywheel.publishers.instagram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flywheel.config.Secret;
import io.flywheel.publishers.RefreshTokenStore;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-lived Instagram user token: the one of the account connected with {@code flywheel
 * accounts connect instagram} (the {@link RefreshTokenStore}) when there is one, else the
 * environment's. It is refreshed with {@code grant_type=ig_refresh_token} once a day when a refresh
 * URL is set (a refreshed token is valid 60 days; a token under 24 hours old cannot be refreshed
 * yet, which is not an error: the current one is kept); a refreshed token replaces the stored one,
 * so a restart uses it. The token is never logged.
 */
public final class InstagramToken {
    private static final Logger LOG = LoggerFactory.getLogger(InstagramToken.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final long REFRESH_EVERY_MS = Duration.ofDays(1).toMillis();

    private final HttpClient http;
    private final String refreshUrl;
    private final Duration timeout;
    private final Clock clock;
    private final RefreshTokenStore store;
    private Secret token;
    private boolean loaded;
    private long refreshedAt = Long.MIN_VALUE;
    private int refreshes;

    public InstagramToken(
            HttpClient http, String refreshUrl, Secret token, Duration timeout, Clock clock) {
        this(http, refreshUrl, token, RefreshTokenStore.inMemory(), timeout, clock);
    }

    /**
     * @param token the environment's token, used when {@code store} holds none
     * @param store the connected account's long-lived token
     */
    public InstagramToken(
            HttpClient http,
            String refreshUrl,
            Secret token,
            RefreshTokenStore store,
            Duration timeout,
            Clock clock) {
        this.http = http;
        this.store = store;
        this.refreshUrl = refreshUrl;
        this.token = token;
        this.timeout = timeout;
        this.clock = clock;
    }

    public synchronized String get() throws InterruptedException, InstagramApiException {
        if (!loaded) {
            store.load().ifPresent(stored -> token = stored);
            loaded = true;
        }
        if (token.isEmpty()) {
            throw new InstagramApiException(
                    "the Instagram access token is missing: run `flywheel accounts connect"
                            + " instagram` or set FLYWHEEL_INSTAGRAM_ACCESS_TOKEN",
                    0,
                    190);
        }
        if (!refreshUrl.isEmpty()
                && (refreshedAt == Long.MIN_VALUE
                        || clock.millis() - refreshedAt >= REFRESH_EVERY_MS)) {
            refresh();
        }
        return token.reveal();
    }

    public synchronized int refreshes() {
        return refreshes;
    }

    private void refresh() throws InterruptedException {
        refreshedAt = clock.millis();
        try {
            HttpResponse<String> r =
                    http.send(
                            HttpRequest.newBuilder(
                                            URI.create(
                                                    refreshUrl
                                                            + "?grant_type=ig_refresh_token"
                                                            + "&access_token="
                                                            + URLEncoder.encode(
                                                                    token.reveal(),
                                                                    StandardCharsets.UTF_8)))
                                    .timeout(timeout)
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            String fresh =
                    r.statusCode() == 200
                            ? JSON.readTree(r.body()).path("access_token").asText("")
                            : "";
            if (fresh.isEmpty()) {
                JsonNode err = JSON.readTree(r.body().isBlank() ? "{}" : r.body()).path("error");
                LOG.warn(
                        "refreshing the Instagram token failed (HTTP {} {}); the current token"
                                + " is used",
                        r.statusCode(),
                        err.path("message").asText(""));
                return;
            }
            token = Secret.of(fresh);
            store.save(token);
            refreshes++;
        } catch (java.io.IOException e) {
            LOG.warn(
                    "refreshing the Instagram token failed ({}); the current token is used",
                    e.getMessage());
        }
    }
}
