package io.flywheel.publishers.tiktok;

import io.flywheel.config.TikTokSettings;
import io.flywheel.publishers.AnalyticsState;
import io.flywheel.publishers.EngagementPoller;
import io.flywheel.publishers.RefreshTokenStore;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The TikTok HTTP client of one process, built from {@link TikTokSettings}. */
public final class TikTokClients {
    /** The Display API's video query takes at most 20 ids. */
    static final int QUERY_BATCH = 20;

    private final TikTokClient client;

    /** With the refresh token kept in this process only (tests, one-off runs). */
    public TikTokClients(TikTokSettings settings, Clock clock) {
        this(settings, clock, RefreshTokenStore.inMemory());
    }

    /**
     * @param store where TikTok's rotated refresh token is kept across restarts
     */
    public TikTokClients(TikTokSettings settings, Clock clock, RefreshTokenStore store) {
        Duration timeout = Duration.ofSeconds(settings.timeoutS());
        HttpClient http =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(timeout)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
        TikTokTokens tokens =
                new TikTokTokens(
                        http,
                        settings.apiUrl(),
                        settings.clientKey(),
                        settings.clientSecret(),
                        settings.refreshToken(),
                        store,
                        timeout,
                        clock);
        this.client = new TikTokClient(http, settings.apiUrl(), tokens, timeout);
    }

    public TikTokClient client() {
        return client;
    }

    /** The Display API counts as the shared poller reads them, 20 videos per request. */
    public static EngagementPoller.CumulativeCounters counts(TikTokClient client) {
        return (videos, now) -> {
            Map<String, Map<String, Double>> out = new HashMap<>();
            List<String> ids =
                    videos.stream().map(AnalyticsState.PolledVideo::platformVideoId).toList();
            for (int i = 0; i < ids.size(); i += QUERY_BATCH) {
                out.putAll(
                        client.videoCounts(ids.subList(i, Math.min(ids.size(), i + QUERY_BATCH))));
            }
            return out;
        };
    }
}
