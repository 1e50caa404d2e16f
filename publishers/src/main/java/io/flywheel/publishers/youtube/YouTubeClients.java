package io.flywheel.publishers.youtube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flywheel.config.YouTubeSettings;
import io.flywheel.publishers.RefreshTokenStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

/** The YouTube HTTP clients of one process, built from {@link YouTubeSettings}. */
public final class YouTubeClients {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final YouTubeSettings settings;
    private final HttpClient http;
    private final AccessTokens tokens;

    /** With the environment's refresh token only (tests, one-off runs). */
    public YouTubeClients(YouTubeSettings settings, Clock clock) {
        this(settings, clock, RefreshTokenStore.inMemory());
    }

    /**
     * @param store the connected account's refresh token ({@code TokenVault.forPlatform(
     *     "YOUTUBE_SHORTS")}), used before the environment's
     */
    public YouTubeClients(YouTubeSettings settings, Clock clock, RefreshTokenStore store) {
        this.settings = settings;
        this.http =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(settings.timeoutS()))
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
        this.tokens =
                new AccessTokens(
                        http,
                        settings.tokenUrl(),
                        settings.clientId(),
                        settings.clientSecret(),
                        settings.refreshToken(),
                        store,
                        timeout(),
                        clock);
    }

    public AccessTokens tokens() {
        return tokens;
    }

    public ResumableUploadClient uploads() {
        return new ResumableUploadClient(http, settings.uploadUrl(), tokens, timeout());
    }

    public AnalyticsReportClient analytics() {
        return new AnalyticsReportClient(http, settings.analyticsUrl(), tokens, timeout());
    }

    public ThumbnailClient thumbnails() {
        return new ThumbnailClient(http, settings.uploadUrl(), tokens, timeout());
    }

    /**
     * Checks the credentials at start-up with {@code channels.list?mine=true} (1 quota unit), so a
     * bad token stops the process with a clear message instead of failing every upload.
     *
     * @return the channel id the uploads will go to
     */
    public String verifyChannel() throws IOException, InterruptedException, YouTubeApiException {
        String base = settings.apiUrl().endsWith("/") ? settings.apiUrl() : settings.apiUrl() + "/";
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(URI.create(base + "channels?part=id&mine=true"))
                                .timeout(timeout())
                                .header("Authorization", "Bearer " + tokens.get())
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw YouTubeApiException.from(
                    "checking the YouTube channel", r.statusCode(), r.body());
        }
        JsonNode items = JSON.readTree(r.body()).path("items");
        if (items.isEmpty()) {
            throw new YouTubeApiException(
                    "the authorised Google account has no YouTube channel", 200, "no_channel");
        }
        return items.path(0).path("id").asText();
    }

    private Duration timeout() {
        return Duration.ofSeconds(settings.timeoutS());
    }
}
