package io.flywheel.publishers.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.flywheel.config.ConfigLoader;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.config.Secret;
import io.flywheel.embedded.Ephemeral;
import io.flywheel.embedded.PostgresServer;
import io.flywheel.publishers.RateWindowLedger;
import io.flywheel.publishers.TokenVault;
import io.flywheel.publishers.youtube.QuotaLedger;
import io.flywheel.store.Database;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code accounts connect} end to end: the command prints the authorization URL, a "browser" (this
 * test) authorises at a local server that speaks each platform's token endpoint and follows the
 * loopback redirect with a real HTTP GET; the token is then found encrypted in PostgreSQL, where
 * the publishers' vault reads it. A wrong state or a wrong verifier stores nothing.
 */
class AccountsConnectTest {
    private static final String KEY =
            Base64.getEncoder()
                    .encodeToString(
                            "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    private static String database;
    private static HikariDataSource ds;
    private static Jdbi jdbi;
    private static OAuthProtocolServer platform;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir static Path home;

    @BeforeAll
    static void start() throws Exception {
        database = Ephemeral.database("accounts");
        Map<String, String> db = Ephemeral.jdbc(database);
        ds = Database.dataSource(db.get("url"), db.get("user"), db.get("password"), "acc-test");
        Database.migrate(ds);
        jdbi = Database.jdbi(ds);
        platform = new OAuthProtocolServer();
    }

    @AfterAll
    static void stop() {
        platform.close();
        ds.close();
    }

    @BeforeEach
    void noAccounts() {
        jdbi.useHandle(h -> h.execute("DELETE FROM platform_tokens"));
        platform.refusals.clear();
        platform.tokenRequests.clear();
    }

    private static FlywheelConfig config() {
        PostgresServer.Spec pg = Ephemeral.postgres().spec();
        Map<String, String> o = new HashMap<>();
        o.put("postgres.host", pg.host());
        o.put("postgres.port", Integer.toString(pg.port()));
        o.put("postgres.database", database);
        o.put("postgres.user", pg.user());
        o.put("youtube.token.url", platform.url() + "/token");
        o.put("youtube.api.url", platform.url() + "/youtube/v3");
        o.put("tiktok.api.url", platform.url());
        o.put("accounts.instagram.token.url", platform.url() + "/ig/oauth/access_token");
        o.put("accounts.instagram.exchange.url", platform.url() + "/ig/access_token");
        o.put("accounts.connect.timeout.s", "20");
        Map<String, String> env =
                Map.of(
                        "FLYWHEEL_POSTGRES_PASSWORD", pg.password().reveal(),
                        "FLYWHEEL_PUBLISH_TOKEN_KEY", KEY,
                        "FLYWHEEL_YOUTUBE_CLIENT_ID", OAuthProtocolServer.CLIENT_ID,
                        "FLYWHEEL_YOUTUBE_CLIENT_SECRET", OAuthProtocolServer.CLIENT_SECRET,
                        "FLYWHEEL_TIKTOK_CLIENT_KEY", OAuthProtocolServer.CLIENT_ID,
                        "FLYWHEEL_TIKTOK_CLIENT_SECRET", OAuthProtocolServer.CLIENT_SECRET,
                        "FLYWHEEL_ACCOUNTS_INSTAGRAM_APP_ID", OAuthProtocolServer.CLIENT_ID,
                        "FLYWHEEL_ACCOUNTS_INSTAGRAM_APP_SECRET",
                                OAuthProtocolServer.CLIENT_SECRET);
        return ConfigLoader.load(Optional.empty(), env, o, home);
    }

    /** What the command printed and returned, and what the browser saw. */
    private record Run(int exit, String out, String err, URI authUrl, HttpResponse<String> page) {}

    /** Runs {@code accounts connect} with a browser that does {@code user} with the URL. */
    private static Run connect(String which, UserAtTheBrowser user) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        var seen = new CopyOnWriteArrayList<Object>();
        Consumer<URI> browser =
                url -> {
                    seen.add(url);
                    // The browser runs beside the command, which is waiting for the redirect.
                    Thread t =
                            new Thread(
                                    () -> {
                                        try {
                                            seen.add(user.act(url));
                                        } catch (Exception e) {
                                            seen.add(e);
                                        }
                                    });
                    t.start();
                };
        int exit =
                AccountsMain.run(
                        new String[] {"connect", which},
                        config(),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        browser);
        long deadline = System.currentTimeMillis() + 5000;
        while (seen.size() < 2 && System.currentTimeMillis() < deadline) {
            Thread.onSpinWait();
        }
        @SuppressWarnings("unchecked")
        HttpResponse<String> page =
                seen.size() > 1 && seen.get(1) instanceof HttpResponse<?> r
                        ? (HttpResponse<String>) r
                        : null;
        return new Run(
                exit,
                out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8),
                seen.isEmpty() ? null : (URI) seen.get(0),
                page);
    }

    @FunctionalInterface
    private interface UserAtTheBrowser {
        HttpResponse<String> act(URI authorizationUrl) throws Exception;
    }

    /** Agrees at the authorization page and follows the redirect back with a real GET. */
    private static UserAtTheBrowser agrees(String encoding) {
        return url -> {
            Map<String, String> q = OAuthProtocolServer.query(url);
            String code = platform.issue(q.get("code_challenge"), encoding, q.get("redirect_uri"));
            return get(q.get("redirect_uri") + "?code=" + code + "&state=" + q.get("state"));
        };
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Optional<Secret> stored(String platformName) {
        return new TokenVault(jdbi, Secret.of(KEY)).forPlatform(platformName).load();
    }

    private static int rows() {
        return jdbi.withHandle(
                h ->
                        h.createQuery("SELECT count(*) FROM platform_tokens")
                                .mapTo(Integer.class)
                                .one());
    }

    @Test
    void tiktokConnectsWithClientKeyAndAHexChallengeAndStoresTheRefreshTokenEncrypted() {
        Run r = connect("tiktok", agrees("hex"));

        assertThat(r.exit()).as(r.err()).isZero();
        Map<String, String> q = OAuthProtocolServer.query(r.authUrl());
        assertThat(r.authUrl().toString()).startsWith("https://www.tiktok.com/v2/auth/authorize/?");
        assertThat(q.get("client_key")).isEqualTo(OAuthProtocolServer.CLIENT_ID);
        assertThat(q).doesNotContainKey("client_id");
        assertThat(q.get("code_challenge_method")).isEqualTo("S256");
        assertThat(q.get("code_challenge")).matches("[0-9a-f]{64}");
        assertThat(q.get("redirect_uri")).matches("http://127\\.0\\.0\\.1:\\d+/callback/");
        assertThat(q.get("state")).hasSize(43);
        assertThat(r.out()).contains(r.authUrl().toString());
        assertThat(r.page().statusCode()).isEqualTo(200);
        assertThat(platform.refusals).isEmpty();
        assertThat(platform.tokenRequests).hasSize(1);
        assertThat(platform.tokenRequests.get(0))
                .containsEntry("grant_type", "authorization_code")
                .containsEntry("client_key", OAuthProtocolServer.CLIENT_ID)
                .containsKey("code_verifier");

        assertThat(stored("TIKTOK")).map(Secret::reveal).contains("rft.tiktok");
        byte[] raw =
                jdbi.withHandle(
                        h ->
                                h.createQuery(
                                                "SELECT refresh_token FROM platform_tokens WHERE"
                                                        + " platform = 'TIKTOK'")
                                        .mapTo(byte[].class)
                                        .one());
        assertThat(new String(raw, StandardCharsets.ISO_8859_1)).doesNotContain("rft.tiktok");
        assertThat(r.err()).contains("connected TIKTOK account open-789 (Clip Studio)");
        assertThat(r.out() + r.err()).doesNotContain(OAuthProtocolServer.CLIENT_SECRET);

        // Today's use from the publishers' ledgers shows in the list.
        long now = System.currentTimeMillis();
        RateWindowLedger rates = new RateWindowLedger(jdbi);
        assertThat(rates.take("TIKTOK:init", now, Duration.ofMinutes(1), 6)).isTrue();
        assertThat(rates.take("TIKTOK:init", now, Duration.ofMinutes(1), 6)).isTrue();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit =
                AccountsMain.run(
                        new String[] {"list"},
                        config(),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(new ByteArrayOutputStream()),
                        u -> {});
        assertThat(exit).isZero();
        String listed = out.toString(StandardCharsets.UTF_8);
        assertThat(listed.lines()).hasSize(2);
        assertThat(listed)
                .contains("TIKTOK")
                .contains("open-789")
                .contains("Clip Studio")
                .contains("init=2");
        var account = new ConnectedAccounts(jdbi).list(java.time.Instant.now()).get(0);
        assertThat(Duration.between(account.connectedAt(), account.refreshExpiresAt()))
                .isEqualTo(Duration.ofSeconds(31_536_000));
    }

    @Test
    void youtubeAsksForOfflineAccessWithAnRfc7636ChallengeAndReadsTheChannel() {
        Run r = connect("youtube", agrees("base64url"));

        assertThat(r.exit()).as(r.err()).isZero();
        Map<String, String> q = OAuthProtocolServer.query(r.authUrl());
        assertThat(q.get("client_id")).isEqualTo(OAuthProtocolServer.CLIENT_ID);
        assertThat(q.get("code_challenge")).matches("[A-Za-z0-9_-]{43}");
        assertThat(q).containsEntry("access_type", "offline").containsEntry("prompt", "consent");
        assertThat(stored("YOUTUBE_SHORTS")).map(Secret::reveal).contains("1//google-refresh");
        assertThat(r.err()).contains("connected YOUTUBE_SHORTS account UCchannel (Shorts Lab)");

        new QuotaLedger(jdbi)
                .reserve("YOUTUBE_SHORTS", QuotaLedger.day(System.currentTimeMillis()), 1, 100);
        var accounts = new ConnectedAccounts(jdbi).list(java.time.Instant.now());
        assertThat(accounts).hasSize(1);
        assertThat(accounts.get(0).quotaToday()).containsEntry("units", 1);
    }

    @Test
    void instagramHasNoPkceAndKeepsTheLongLivedToken() {
        Run r = connect("instagram", agrees(null));

        assertThat(r.exit()).as(r.err()).isZero();
        Map<String, String> q = OAuthProtocolServer.query(r.authUrl());
        assertThat(q).doesNotContainKey("code_challenge");
        assertThat(stored("INSTAGRAM_REELS")).map(Secret::reveal).contains("IGlong");
        assertThat(r.err()).contains("account 17841400000000001 (reelmaker)");
    }

    @Test
    void aRedirectWithAWrongStateIsRefusedAndStoresNothing() {
        Run r =
                connect(
                        "tiktok",
                        url -> {
                            Map<String, String> q = OAuthProtocolServer.query(url);
                            String code =
                                    platform.issue(
                                            q.get("code_challenge"), "hex", q.get("redirect_uri"));
                            return get(q.get("redirect_uri") + "?code=" + code + "&state=forged");
                        });

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.page().statusCode()).isEqualTo(400);
        assertThat(r.page().body()).contains("the state does not match");
        assertThat(r.err())
                .contains("connecting tiktok failed")
                .contains("state does not match")
                .contains("nothing was stored");
        assertThat(platform.tokenRequests).isEmpty();
        assertThat(rows()).isZero();
    }

    @Test
    void aCodeRedeemedWithTheWrongVerifierIsRefusedByTheTokenEndpointAndStoresNothing() {
        Run r =
                connect(
                        "youtube",
                        url -> {
                            Map<String, String> q = OAuthProtocolServer.query(url);
                            // a code bound to someone else's challenge
                            String code =
                                    platform.issue(
                                            Pkce.challenge(
                                                    "another-verifier", Pkce.Encoding.BASE64URL),
                                            "base64url",
                                            q.get("redirect_uri"));
                            return get(
                                    q.get("redirect_uri")
                                            + "?code="
                                            + code
                                            + "&state="
                                            + q.get("state"));
                        });

        assertThat(r.exit()).isEqualTo(1);
        assertThat(platform.refusals).containsExactly("code_verifier");
        assertThat(r.err())
                .contains("refused the code (HTTP 400 invalid_grant: bad code_verifier)");
        assertThat(rows()).isZero();
    }

    @Test
    void anUnreachableTokenEndpointIsAClearErrorAndStoresNothing() throws Exception {
        int closedPort;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Map<String, String> o = new HashMap<>();
        PostgresServer.Spec pg = Ephemeral.postgres().spec();
        o.put("postgres.host", pg.host());
        o.put("postgres.port", Integer.toString(pg.port()));
        o.put("postgres.database", database);
        o.put("postgres.user", pg.user());
        o.put("tiktok.api.url", "http://127.0.0.1:" + closedPort);
        o.put("accounts.connect.timeout.s", "20");
        FlywheelConfig c =
                ConfigLoader.load(
                        Optional.empty(),
                        Map.of(
                                "FLYWHEEL_POSTGRES_PASSWORD",
                                pg.password().reveal(),
                                "FLYWHEEL_PUBLISH_TOKEN_KEY",
                                KEY,
                                "FLYWHEEL_TIKTOK_CLIENT_KEY",
                                OAuthProtocolServer.CLIENT_ID,
                                "FLYWHEEL_TIKTOK_CLIENT_SECRET",
                                OAuthProtocolServer.CLIENT_SECRET),
                        o,
                        home);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit =
                AccountsMain.run(
                        new String[] {"connect", "tiktok"},
                        c,
                        new PrintStream(new ByteArrayOutputStream()),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        url -> {
                            Map<String, String> q = OAuthProtocolServer.query(url);
                            new Thread(
                                            () -> {
                                                try {
                                                    get(
                                                            q.get("redirect_uri")
                                                                    + "?code=c&state="
                                                                    + q.get("state"));
                                                } catch (Exception ignored) {
                                                    // the command's answer is what is checked
                                                }
                                            })
                                    .start();
                        });
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("the token endpoint http://127.0.0.1:" + closedPort)
                .contains("could not be reached")
                .contains("nothing was stored")
                .doesNotContain(OAuthProtocolServer.CLIENT_SECRET);
        assertThat(rows()).isZero();
    }

    @Test
    void theS256ChallengeIsTheRfc7636Example() {
        // RFC 7636 appendix B
        assertThat(
                        Pkce.challenge(
                                "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
                                Pkce.Encoding.BASE64URL))
                .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }
}
