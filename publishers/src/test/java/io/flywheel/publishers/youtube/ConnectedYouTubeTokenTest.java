package io.flywheel.publishers.youtube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.config.Secret;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.publishers.RefreshTokenStore;
import io.flywheel.publishers.TokenVault;
import io.flywheel.store.Database;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The YouTube clients use the refresh token of the account connected with {@code flywheel accounts
 * connect youtube} (encrypted in PostgreSQL) before the environment's, and the environment's when
 * Google refuses the stored one.
 */
class ConnectedYouTubeTokenTest {
    private static final Secret KEY =
            Secret.of(
                    Base64.getEncoder()
                            .encodeToString(
                                    "0123456789abcdef0123456789abcdef"
                                            .getBytes(StandardCharsets.US_ASCII)));
    private static final String CONNECTED = "1//connected-account-token";
    private static HikariDataSource ds;
    private static Jdbi jdbi;

    @BeforeAll
    static void database() {
        Map<String, String> db = Ephemeral.jdbc(Ephemeral.database("ytconnected"));
        ds = Database.dataSource(db.get("url"), db.get("user"), db.get("password"), "ytc-test");
        Database.migrate(ds);
        jdbi = Database.jdbi(ds);
    }

    @AfterAll
    static void closeDatabase() {
        ds.close();
    }

    @Test
    void theConnectedAccountsTokenIsUsedBeforeTheEnvironmentsAndTheEnvironmentStillWorks()
            throws Exception {
        try (YouTubeProtocolServer server = new YouTubeProtocolServer()) {
            RefreshTokenStore vault = TokenVault.connectedAccount(jdbi, KEY, "YOUTUBE_SHORTS");
            vault.save(Secret.of(CONNECTED));
            // Google accepts only the connected account's token; the environment's is stale.
            server.acceptRefreshToken(CONNECTED);

            YouTubeClients connected =
                    new YouTubeClients(server.settings(6, 262_144), Clock.systemUTC(), vault);
            assertThat(connected.verifyChannel()).isNotEmpty();
            assertThat(connected.tokens().refreshes()).isEqualTo(1);
            assertThat(server.tokenRequests()).isEqualTo(1);

            // Without the vault only the environment's token is offered, and it is refused.
            assertThatThrownBy(
                            () ->
                                    new YouTubeClients(
                                                    server.settings(6, 262_144), Clock.systemUTC())
                                            .tokens()
                                            .get())
                    .isInstanceOf(YouTubeApiException.class)
                    .hasMessageContaining("invalid_grant")
                    .hasMessageContaining("flywheel accounts connect youtube")
                    .hasMessageNotContaining("1//");
            assertThat(server.tokenRequests()).isEqualTo(2);

            // The connected account is revoked and the environment holds a valid token again:
            // the stored one is refused once, then the environment's works.
            server.acceptRefreshToken(YouTubeProtocolServer.REFRESH_TOKEN);
            YouTubeClients fallback =
                    new YouTubeClients(
                            server.settings(6, 262_144),
                            Clock.systemUTC(),
                            TokenVault.connectedAccount(jdbi, KEY, "YOUTUBE_SHORTS"));
            assertThat(fallback.verifyChannel()).isNotEmpty();
            assertThat(server.tokenRequests()).isEqualTo(4);

            // No key configured: no vault is read, the environment's token alone is used.
            assertThat(
                            new YouTubeClients(
                                            server.settings(6, 262_144),
                                            Clock.systemUTC(),
                                            TokenVault.connectedAccount(
                                                    jdbi, Secret.of(""), "YOUTUBE_SHORTS"))
                                    .tokens()
                                    .get())
                    .startsWith("ya29.");
        }
    }
}
