package io.flywheel.publishers;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An OAuth 2.0 access token got from a refresh token ({@code grant_type=refresh_token}), kept until
 * a minute before it expires. The platform's class says how to refresh (its form fields, its
 * errors, what it does with a rotated refresh token); this one holds the token, decides when to
 * refresh and counts refreshes. No token is ever logged or put in a message.
 */
public final class CachedAccessToken {
    /** Refresh this long before the stated expiry, so a request never carries a dying token. */
    static final long MARGIN_MS = 60_000;

    /** What one refresh gave: the access token and its lifetime in seconds. */
    public record Grant(String accessToken, long expiresInS) {}

    /** One refresh at the platform's token endpoint, failing with the platform's exception. */
    @FunctionalInterface
    public interface Refresh<E extends Exception> {
        Grant refresh() throws IOException, InterruptedException, E;
    }

    private final Clock clock;
    private String accessToken;
    private long expiresAt;
    private int refreshes;

    public CachedAccessToken(Clock clock) {
        this.clock = clock;
    }

    /**
     * A valid access token, from {@code refresh} if there is none or it expires within a minute.
     */
    public synchronized <E extends Exception> String get(Refresh<E> refresh)
            throws IOException, InterruptedException, E {
        if (accessToken == null || clock.millis() >= expiresAt - MARGIN_MS) {
            Grant g = refresh.refresh();
            accessToken = g.accessToken();
            expiresAt = clock.millis() + g.expiresInS() * 1000;
            refreshes++;
        }
        return accessToken;
    }

    /** Forgets the token, e.g. after a 401: the next {@link #get} refreshes. */
    public synchronized void invalidate() {
        accessToken = null;
    }

    public synchronized int refreshes() {
        return refreshes;
    }

    /** POSTs {@code form} URL-encoded to a token endpoint and returns the answer as it is. */
    public static HttpResponse<String> postForm(
            HttpClient http, URI url, Duration timeout, Map<String, String> form)
            throws IOException, InterruptedException {
        String body =
                form.entrySet().stream()
                        .map(
                                e ->
                                        e.getKey()
                                                + "="
                                                + URLEncoder.encode(
                                                        e.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"));
        return http.send(
                HttpRequest.newBuilder(url)
                        .timeout(timeout)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
