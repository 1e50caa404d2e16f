package io.flywheel.publishers.instagram;

import io.flywheel.config.InstagramSettings;
import io.flywheel.publishers.AnalyticsState;
import io.flywheel.publishers.EngagementPoller;
import io.flywheel.publishers.RefreshTokenStore;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The Instagram Graph API client of one process, built from {@link InstagramSettings}. */
public final class InstagramClients {
    private final InstagramClient client;
    private final SignedMediaLinks links;

    /** With the environment's token only (tests, one-off runs). */
    public InstagramClients(InstagramSettings settings, Clock clock) {
        this(settings, clock, RefreshTokenStore.inMemory());
    }

    /**
     * @param store the connected account's token ({@code TokenVault.forPlatform(
     *     "INSTAGRAM_REELS")}), used before the environment's
     */
    public InstagramClients(InstagramSettings settings, Clock clock, RefreshTokenStore store) {
        Duration timeout = Duration.ofSeconds(settings.timeoutS());
        HttpClient http =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(timeout)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
        InstagramToken token =
                new InstagramToken(
                        http, settings.refreshUrl(), settings.accessToken(), store, timeout, clock);
        this.client =
                new InstagramClient(http, settings.graphUrl(), settings.userId(), token, timeout);
        this.links = new SignedMediaLinks(settings.mediaUrl(), settings.mediaLinkKey());
    }

    public InstagramClient client() {
        return client;
    }

    public SignedMediaLinks links() {
        return links;
    }

    /** Each Reel's lifetime insights, as the shared poller reads them. */
    public static EngagementPoller.CumulativeCounters insights(InstagramClient client) {
        return (videos, now) -> {
            Map<String, Map<String, Double>> out = new HashMap<>();
            for (AnalyticsState.PolledVideo v : videos) {
                out.put(v.platformVideoId(), client.insights(v.platformVideoId()));
            }
            return out;
        };
    }
}
