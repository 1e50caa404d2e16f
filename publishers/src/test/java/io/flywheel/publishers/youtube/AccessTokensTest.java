package io.flywheel.publishers.youtube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flywheel.config.Secret;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** OAuth access tokens from a refresh token, against the local token endpoint. */
class AccessTokensTest {
    @Test
    void aTokenIsKeptUntilAMinuteBeforeItExpires() throws Exception {
        try (YouTubeProtocolServer server = new YouTubeProtocolServer()) {
            AtomicLong now = new AtomicLong(1_000_000L);
            AccessTokens tokens = tokens(server, now, YouTubeProtocolServer.REFRESH_TOKEN);

            String first = tokens.get();
            now.addAndGet(Duration.ofMinutes(58).toMillis()); // expires_in is 3599 s
            assertThat(tokens.get()).isEqualTo(first);
            now.addAndGet(Duration.ofSeconds(90).toMillis()); // 59.5 min: within the last minute
            String second = tokens.get();

            assertThat(second).isNotEqualTo(first);
            assertThat(tokens.refreshes()).isEqualTo(2);
            assertThat(server.tokenRequests()).isEqualTo(2);
            tokens.invalidate();
            assertThat(tokens.get()).isNotEqualTo(second);
        }
    }

    @Test
    void missingOrWrongCredentialsSayWhatToSetWithoutRevealingThem() throws Exception {
        try (YouTubeProtocolServer server = new YouTubeProtocolServer()) {
            AtomicLong now = new AtomicLong(0);
            assertThatThrownBy(() -> tokens(server, now, "").get())
                    .isInstanceOfSatisfying(
                            YouTubeApiException.class, e -> assertThat(e.credentials()).isTrue())
                    .hasMessageContaining("FLYWHEEL_YOUTUBE_REFRESH_TOKEN");
            assertThat(server.tokenRequests()).isZero();

            AccessTokens wrongClient =
                    new AccessTokens(
                            HttpClient.newHttpClient(),
                            server.base() + "/token",
                            Secret.of(YouTubeProtocolServer.CLIENT_ID),
                            Secret.of("not-the-secret"),
                            Secret.of(YouTubeProtocolServer.REFRESH_TOKEN),
                            Duration.ofSeconds(5),
                            clock(now));
            assertThatThrownBy(wrongClient::get)
                    .isInstanceOfSatisfying(
                            YouTubeApiException.class, e -> assertThat(e.credentials()).isTrue())
                    .hasMessageContaining("invalid_client")
                    .hasMessageContaining("FLYWHEEL_YOUTUBE_CLIENT_SECRET")
                    .hasMessageNotContaining("not-the-secret");
        }
    }

    private static AccessTokens tokens(
            YouTubeProtocolServer server, AtomicLong now, String refresh) {
        return new AccessTokens(
                HttpClient.newHttpClient(),
                server.base() + "/token",
                Secret.of(YouTubeProtocolServer.CLIENT_ID),
                Secret.of(YouTubeProtocolServer.CLIENT_SECRET),
                Secret.of(refresh),
                Duration.ofSeconds(5),
                clock(now));
    }

    /** A clock the test moves by hand. */
    private static Clock clock(AtomicLong now) {
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(now.get());
            }
        };
    }
}
