package io.flywheel.publishers.accounts;

import io.flywheel.publishers.TokenVault;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects one platform account: the OAuth 2.0 authorization-code flow with PKCE (RFC 7636, S256)
 * on a loopback redirect (RFC 8252). It makes a fresh verifier and {@code state}, listens on
 * 127.0.0.1, hands the authorization URL to {@code show} (the command prints it, and opens a
 * browser only where there is one), waits for the redirect, exchanges the code and stores the token
 * encrypted. A wrong state, a refusal or a failed exchange stores nothing.
 */
public final class AccountConnection {
    private static final Logger LOG = LoggerFactory.getLogger(AccountConnection.class);

    private final CodeExchange exchange;
    private final ConnectedAccounts accounts;
    private final TokenVault vault;
    private final SecureRandom random;
    private final Clock clock;

    public AccountConnection(
            CodeExchange exchange,
            ConnectedAccounts accounts,
            TokenVault vault,
            SecureRandom random,
            Clock clock) {
        this.exchange = exchange;
        this.accounts = accounts;
        this.vault = vault;
        this.random = random;
        this.clock = clock;
    }

    public CodeExchange.Grant connect(OAuthClient client, Duration timeout, Consumer<URI> show)
            throws IOException, InterruptedException {
        if (!client.hasCredentials()) {
            throw new AuthorizationException(
                    "connecting "
                            + client.command()
                            + " needs "
                            + OAuthClients.credentialVariables(client.command()));
        }
        byte[] s = new byte[32];
        random.nextBytes(s);
        String state = Base64.getUrlEncoder().withoutPadding().encodeToString(s);
        Pkce pkce = client.pkce() == null ? null : Pkce.create(random, client.pkce());
        try (LoopbackRedirect redirect = new LoopbackRedirect(state)) {
            show.accept(authorizationUrl(client, redirect.redirectUri(), state, pkce));
            String code = redirect.await(timeout);
            CodeExchange.Grant g = exchange.exchange(client, code, redirect.redirectUri(), pkce);
            accounts.save(vault, client.platform(), g, clock.instant());
            LOG.info(
                    "connected {} account {} ({})",
                    client.platform(),
                    g.accountId(),
                    g.accountName());
            return g;
        }
    }

    /** The URL the user opens to authorise: client id, redirect, scopes, state and challenge. */
    static URI authorizationUrl(OAuthClient client, String redirectUri, String state, Pkce pkce) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put(client.clientIdParam(), client.clientId().reveal());
        q.put("redirect_uri", redirectUri);
        q.put("response_type", "code");
        q.put("scope", client.scopes());
        q.put("state", state);
        if (pkce != null) {
            q.put("code_challenge", pkce.challenge());
            q.put("code_challenge_method", "S256");
        }
        q.putAll(client.extraAuthParams());
        return URI.create(
                client.authUrl()
                        + (client.authUrl().contains("?") ? "&" : "?")
                        + q.entrySet().stream()
                                .map(
                                        e ->
                                                e.getKey()
                                                        + "="
                                                        + URLEncoder.encode(
                                                                e.getValue(),
                                                                StandardCharsets.UTF_8))
                                .collect(Collectors.joining("&")));
    }
}
