package io.flywheel.publishers.tiktok;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.config.Secret;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.publishers.RefreshTokenStore;
import io.flywheel.publishers.TokenVault;
import io.flywheel.store.Database;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TikTok rotates refresh tokens: the newest one is kept encrypted in PostgreSQL, so a restarted
 * process refreshes with it; without it, the environment's old token is refused.
 */
class TikTokTokensTest {
    private static final Secret KEY =
            Secret.of(
                    Base64.getEncoder()
                            .encodeToString(
                                    "0123456789abcdef0123456789abcdef"
                                            .getBytes(StandardCharsets.US_ASCII)));
    private static HikariDataSource ds;
    private static Jdbi jdbi;

    @BeforeAll
    static void database() {
        Map<String, String> db = Ephemeral.jdbc(Ephemeral.database("tttokens"));
        ds = Database.dataSource(db.get("url"), db.get("user"), db.get("password"), "ttt-test");
        Database.migrate(ds);
        jdbi = Database.jdbi(ds);
    }

    @AfterAll
    static void closeDatabase() {
        ds.close();
    }

    @Test
    void theRotatedRefreshTokenIsKeptEncryptedAndUsedAfterARestart() throws Exception {
        try (TikTokProtocolServer server = new TikTokProtocolServer()) {
            RefreshTokenStore vault = new TokenVault(jdbi, KEY).forPlatform("TIKTOK");
            assertThat(tokens(server, vault).get()).isEqualTo("act.1");
            byte[] stored =
                    jdbi.withHandle(
                            h ->
                                    h.createQuery(
                                                    "SELECT refresh_token FROM platform_tokens WHERE platform = 'TIKTOK'")
                                            .mapTo(byte[].class)
                                            .one());
            assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("rft.");

            // A restarted process refreshes with the rotated token, not the environment's.
            assertThat(tokens(server, new TokenVault(jdbi, KEY).forPlatform("TIKTOK")).get())
                    .isEqualTo("act.2");
            assertThat(server.refreshTokensSeen())
                    .containsExactly(TikTokProtocolServer.REFRESH_TOKEN, "rft.1");

            // Kept in memory only, a restart offers the environment's token, which was rotated.
            assertThatThrownBy(() -> tokens(server, RefreshTokenStore.inMemory()).get())
                    .isInstanceOf(TikTokApiException.class)
                    .hasMessageContaining("invalid_grant")
                    .hasMessageContaining("FLYWHEEL_TIKTOK_REFRESH_TOKEN")
                    .hasMessageNotContaining("rft.")
                    .satisfies(e -> assertThat(((TikTokApiException) e).credentials()).isTrue());

            // Another key cannot read the stored token, and says what to do.
            Secret other = Secret.of(Base64.getEncoder().encodeToString(new byte[32]));
            assertThatThrownBy(() -> new TokenVault(jdbi, other).forPlatform("TIKTOK").load())
                    .hasMessageContaining("FLYWHEEL_PUBLISH_TOKEN_KEY");
        }
    }

    private static TikTokTokens tokens(TikTokProtocolServer server, RefreshTokenStore store) {
        return new TikTokTokens(
                HttpClient.newHttpClient(),
                server.url(),
                Secret.of(TikTokProtocolServer.CLIENT_KEY),
                Secret.of(TikTokProtocolServer.CLIENT_SECRET),
                Secret.of(TikTokProtocolServer.REFRESH_TOKEN),
                store,
                Duration.ofSeconds(10),
                Clock.systemUTC());
    }
}
