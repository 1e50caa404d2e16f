package io.flywheel.publishers.accounts;

import io.flywheel.config.ConfigLoader;
import io.flywheel.config.FlywheelConfig;
import io.flywheel.publishers.TokenVault;
import io.flywheel.store.Database;
import java.awt.Desktop;
import java.awt.GraphicsEnvironment;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code flywheel accounts connect youtube|tiktok|instagram} and {@code accounts list}, as a
 * process the CLI starts on the publisher's classpath. The authorization URL and the account list
 * go to standard output, everything else to standard error; a wrong or missing argument prints the
 * usage and exits 2, a failed connection exits 1 with its reason.
 */
@Command(
        name = "accounts",
        mixinStandardHelpOptions = true,
        description = "Connect platform accounts (OAuth with PKCE) and list them.",
        subcommands = {AccountsMain.Connect.class, AccountsMain.ListAccounts.class})
public final class AccountsMain implements Callable<Integer> {
    private final FlywheelConfig config;
    private final PrintStream out;
    private final PrintStream err;
    private final Consumer<URI> browser;

    AccountsMain(FlywheelConfig config, PrintStream out, PrintStream err, Consumer<URI> browser) {
        this.config = config;
        this.out = out;
        this.err = err;
        this.browser = browser;
    }

    public static void main(String[] args) {
        System.exit(
                run(
                        args,
                        ConfigLoader.fromEnvironment(Map.of()),
                        System.out,
                        System.err,
                        AccountsMain::openIfThereIsABrowser));
    }

    /**
     * @param browser what to do with the authorization URL besides printing it
     */
    public static int run(
            String[] args,
            FlywheelConfig config,
            PrintStream out,
            PrintStream err,
            Consumer<URI> browser) {
        return new CommandLine(new AccountsMain(config, out, err, browser))
                .setOut(new PrintWriter(err, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }

    /** Opens a browser where the desktop has one; on a server it does nothing. */
    static void openIfThereIsABrowser(URI url) {
        try {
            if (!GraphicsEnvironment.isHeadless()
                    && Desktop.isDesktopSupported()
                    && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
                Desktop.getDesktop().browse(url);
            }
        } catch (Exception | LinkageError noBrowser) {
            // the URL is printed; the user opens it
        }
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(err);
        return 2;
    }

    @Command(
            name = "connect",
            mixinStandardHelpOptions = true,
            description = "Authorise an account and store its token encrypted.")
    static final class Connect implements Callable<Integer> {
        @ParentCommand AccountsMain accounts;

        @Parameters(paramLabel = "youtube|tiktok|instagram", description = "The platform.")
        String platform;

        @Option(
                names = "--no-browser",
                description = "Only print the authorization URL, never open a browser.")
        boolean noBrowser;

        @Override
        public Integer call() throws Exception {
            FlywheelConfig c = accounts.config;
            if (!OAuthClients.COMMANDS.contains(platform)) {
                accounts.err.println(
                        "the platform must be youtube, tiktok or instagram, not '"
                                + platform
                                + "'");
                return 2;
            }
            if (c.publish().tokenKey().isEmpty()) {
                accounts.err.println(
                        "set FLYWHEEL_PUBLISH_TOKEN_KEY (32 random bytes in base64, e.g. `openssl"
                                + " rand -base64 32`): tokens are stored encrypted with it");
                return 1;
            }
            OAuthClient client = OAuthClients.of(c, platform);
            try (var ds = Database.dataSource(c.postgres(), "accounts")) {
                Database.migrate(ds);
                Jdbi jdbi = Database.jdbi(ds);
                AccountConnection connection =
                        new AccountConnection(
                                new CodeExchange(
                                        HttpClient.newBuilder()
                                                .connectTimeout(Duration.ofSeconds(30))
                                                .build(),
                                        Duration.ofSeconds(60)),
                                new ConnectedAccounts(jdbi),
                                new TokenVault(jdbi, c.publish().tokenKey()),
                                new SecureRandom(),
                                Clock.systemUTC());
                CodeExchange.Grant g =
                        connection.connect(
                                client,
                                Duration.ofSeconds(c.accounts().connectTimeoutS()),
                                url -> {
                                    accounts.err.println(
                                            "Open this URL in a browser and authorise Flywheel"
                                                    + " (waiting up to "
                                                    + c.accounts().connectTimeoutS()
                                                    + " s):");
                                    accounts.out.println(url);
                                    accounts.out.flush();
                                    if (!noBrowser) {
                                        accounts.browser.accept(url);
                                    }
                                });
                accounts.err.println(
                        "connected "
                                + client.platform()
                                + " account "
                                + g.accountId()
                                + (g.accountName().isEmpty() ? "" : " (" + g.accountName() + ")"));
                return 0;
            } catch (AuthorizationException e) {
                accounts.err.println("connecting " + platform + " failed: " + e.getMessage());
                return 1;
            } catch (java.io.IOException e) {
                accounts.err.println(
                        "connecting "
                                + platform
                                + " failed: the token endpoint "
                                + client.tokenUrl()
                                + " could not be reached ("
                                + e.getClass().getSimpleName()
                                + (e.getMessage() == null ? "" : ": " + e.getMessage())
                                + "); nothing was stored");
                return 1;
            }
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List connected accounts with token expiry and today's quota use.")
    static final class ListAccounts implements Callable<Integer> {
        @ParentCommand AccountsMain accounts;

        @Override
        public Integer call() {
            try (var ds = Database.dataSource(accounts.config.postgres(), "accounts")) {
                Database.migrate(ds);
                var list = new ConnectedAccounts(Database.jdbi(ds)).list(Instant.now());
                PrintStream out = accounts.out;
                out.printf(
                        "%-16s %-24s %-20s %-20s %-20s %-20s %s%n",
                        "PLATFORM",
                        "ACCOUNT",
                        "NAME",
                        "CONNECTED",
                        "ACCESS EXPIRES",
                        "TOKEN EXPIRES",
                        "QUOTA TODAY");
                for (var a : list) {
                    out.printf(
                            "%-16s %-24s %-20s %-20s %-20s %-20s %s%n",
                            a.platform(),
                            dash(a.accountId()),
                            dash(a.accountName()),
                            time(a.connectedAt()),
                            time(a.accessExpiresAt()),
                            time(a.refreshExpiresAt()),
                            a.quotaToday().isEmpty()
                                    ? "-"
                                    : a.quotaToday().entrySet().stream()
                                            .map(e -> e.getKey() + "=" + e.getValue())
                                            .collect(Collectors.joining(" ")));
                }
                if (list.isEmpty()) {
                    accounts.err.println(
                            "no account connected: `flywheel accounts connect"
                                    + " youtube|tiktok|instagram`");
                }
                return 0;
            }
        }

        private static String dash(String s) {
            return s == null || s.isEmpty() ? "-" : s;
        }

        private static String time(Instant t) {
            return t == null
                    ? "-"
                    : t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        }
    }
}
