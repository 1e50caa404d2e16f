package io.flywheel.publishers.instagram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.config.InstagramSettings;
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
 * The Instagram client uses the long-lived token of the account connected with {@code flywheel
 * accounts connect instagram} before the environment's, and keeps the refreshed token in the vault
 * so a restarted process uses it.
 */
class ConnectedInstagramTokenTest {
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
        Map<String, String> db = Ephemeral.jdbc(Ephemeral.database("igconnected"));
        ds = Database.dataSource(db.get("url"), db.get("user"), db.get("password"), "igc-test");
        Database.migrate(ds);
        jdbi = Database.jdbi(ds);
    }

    @AfterAll
    static void closeDatabase() {
        ds.close();
    }

    @Test
    void theConnectedAccountsTokenIsUsedRefreshedAndKeptForTheNextStart() throws Exception {
        try (InstagramProtocolServer server = new InstagramProtocolServer()) {
            InstagramSettings stale = withToken(server.settings(1), "IGtoken-stale");
            RefreshTokenStore vault = TokenVault.connectedAccount(jdbi, KEY, "INSTAGRAM_REELS");

            // The environment's token alone is refused.
            assertThatThrownBy(
                            () ->
                                    new InstagramClients(stale, Clock.systemUTC())
                                            .client()
                                            .publishingLimit())
                    .isInstanceOf(InstagramApiException.class)
                    .hasMessageNotContaining("IGtoken");

            // `accounts connect instagram` stored the valid one: it is used and refreshed.
            vault.save(Secret.of(InstagramProtocolServer.TOKEN));
            InstagramClients connected = new InstagramClients(stale, Clock.systemUTC(), vault);
            assertThat(connected.client().publishingLimit().total()).isEqualTo(100);
            assertThat(
                            TokenVault.connectedAccount(jdbi, KEY, "INSTAGRAM_REELS")
                                    .load()
                                    .orElseThrow()
                                    .reveal())
                    .isEqualTo(InstagramProtocolServer.TOKEN + "-refreshed");

            // A restarted process reads the refreshed token (the original one no longer works).
            InstagramClients restarted =
                    new InstagramClients(
                            stale,
                            Clock.systemUTC(),
                            TokenVault.connectedAccount(jdbi, KEY, "INSTAGRAM_REELS"));
            assertThat(restarted.client().publishingLimit().total()).isEqualTo(100);
            assertThat(server.limitReads()).isEqualTo(2);

            // Without a stored token, the environment's valid token works as before.
            jdbi.useHandle(h -> h.execute("DELETE FROM platform_tokens"));
            InstagramSettings env =
                    withToken(server.settings(1), InstagramProtocolServer.TOKEN + "-refreshed");
            assertThat(
                            new InstagramClients(
                                            env,
                                            Clock.systemUTC(),
                                            TokenVault.connectedAccount(
                                                    jdbi, KEY, "INSTAGRAM_REELS"))
                                    .client()
                                    .publishingLimit()
                                    .total())
                    .isEqualTo(100);
        }
    }

    private static InstagramSettings withToken(InstagramSettings s, String token) {
        return new InstagramSettings(
                s.graphUrl(),
                s.refreshUrl(),
                s.userId(),
                Secret.of(token),
                s.mediaUrl(),
                s.mediaLinkKey(),
                s.statusPollSeconds(),
                s.statusPolls(),
                s.limitRetryMinutes(),
                s.maxDurationS(),
                s.pollMinutes(),
                s.lagHours(),
                s.timeoutS());
    }
}
