package io.flywheel.publishers.accounts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flywheel.config.Secret;
import io.flywheel.publishers.CachedAccessToken;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exchanges an authorization code at the platform's token endpoint ({@code
 * grant_type=authorization_code} with the {@code redirect_uri} and, where the platform takes PKCE,
 * the {@code code_verifier}), then reads who the account is. Instagram answers with a short-lived
 * token, which is exchanged for the long-lived one ({@code ig_exchange_token}). No token or secret
 * is ever logged or put in a message.
 */
public final class CodeExchange {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What the platform granted.
     *
     * @param storedToken the token to keep: the refresh token (Instagram: the long-lived access
     *     token, it has no refresh tokens)
     * @param accessExpiresInS the access token's lifetime
     * @param storedExpiresInS the stored token's lifetime, 0 if the platform does not say
     */
    public record Grant(
            Secret accessToken,
            Secret storedToken,
            long accessExpiresInS,
            long storedExpiresInS,
            String scopes,
            String accountId,
            String accountName) {
        @Override
        public String toString() {
            return "Grant[account=" + accountId + "]";
        }
    }

    private final HttpClient http;
    private final Duration timeout;

    public CodeExchange(HttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    public Grant exchange(OAuthClient client, String code, String redirectUri, Pkce pkce)
            throws IOException, InterruptedException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put(client.clientIdParam(), client.clientId().reveal());
        form.put("client_secret", client.clientSecret().reveal());
        form.put("code", code);
        form.put("grant_type", "authorization_code");
        form.put("redirect_uri", redirectUri);
        if (pkce != null) {
            form.put("code_verifier", pkce.verifier());
        }
        HttpResponse<String> r =
                CachedAccessToken.postForm(http, URI.create(client.tokenUrl()), timeout, form);
        JsonNode n = parse(r.body());
        if (n.has("data") && n.get("data").isArray() && !n.get("data").isEmpty()) {
            n = n.get("data").get(0); // Instagram's newer answer wraps the grant in data[]
        }
        String access = n.path("access_token").asText("");
        if (r.statusCode() != 200 || access.isEmpty()) {
            throw new AuthorizationException(
                    "the "
                            + client.command()
                            + " token endpoint refused the code (HTTP "
                            + r.statusCode()
                            + errorOf(n)
                            + "); nothing was stored");
        }
        return switch (client.command()) {
            case "youtube" -> youtube(client, n);
            case "tiktok" -> tiktok(client, n);
            default -> instagram(client, n);
        };
    }

    private Grant youtube(OAuthClient client, JsonNode n) throws IOException, InterruptedException {
        String refresh = n.path("refresh_token").asText("");
        if (refresh.isEmpty()) {
            throw new AuthorizationException(
                    "Google answered without a refresh token (the URL asks for access_type=offline"
                            + " and prompt=consent); nothing was stored");
        }
        String access = n.path("access_token").asText();
        JsonNode me =
                get(
                        client.apiUrl() + "/channels?part=snippet&mine=true",
                        access,
                        "reading the YouTube channel");
        JsonNode item = me.path("items").path(0);
        return new Grant(
                Secret.of(access),
                Secret.of(refresh),
                n.path("expires_in").asLong(3600),
                0,
                n.path("scope").asText(""),
                item.path("id").asText(""),
                item.path("snippet").path("title").asText(""));
    }

    private Grant tiktok(OAuthClient client, JsonNode n) throws IOException, InterruptedException {
        String refresh = n.path("refresh_token").asText("");
        if (refresh.isEmpty()) {
            throw new AuthorizationException(
                    "TikTok answered without a refresh token; nothing was stored");
        }
        String access = n.path("access_token").asText();
        JsonNode me =
                get(
                        client.apiUrl() + "v2/user/info/?fields=open_id,display_name",
                        access,
                        "reading the TikTok user");
        JsonNode user = me.path("data").path("user");
        return new Grant(
                Secret.of(access),
                Secret.of(refresh),
                n.path("expires_in").asLong(86_400),
                n.path("refresh_expires_in").asLong(0),
                n.path("scope").asText(""),
                n.path("open_id").asText(user.path("open_id").asText("")),
                user.path("display_name").asText(""));
    }

    private Grant instagram(OAuthClient client, JsonNode n)
            throws IOException, InterruptedException {
        String shortLived = n.path("access_token").asText();
        String userId = n.path("user_id").asText("");
        String permissions =
                n.path("permissions").isArray()
                        ? String.join(",", JSON.convertValue(n.path("permissions"), String[].class))
                        : n.path("permissions").asText("");
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                client.apiUrl()
                                                        + "?grant_type=ig_exchange_token"
                                                        + "&client_secret="
                                                        + enc(client.clientSecret().reveal())
                                                        + "&access_token="
                                                        + enc(shortLived)))
                                .timeout(timeout)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        JsonNode l = parse(r.body());
        String longLived = l.path("access_token").asText("");
        if (r.statusCode() != 200 || longLived.isEmpty()) {
            throw new AuthorizationException(
                    "Instagram refused to exchange the short-lived token for a long-lived one (HTTP "
                            + r.statusCode()
                            + errorOf(l)
                            + "); nothing was stored");
        }
        String base = client.apiUrl().substring(0, client.apiUrl().lastIndexOf('/'));
        JsonNode me = get(base + "/me?fields=user_id,username", longLived, "reading the account");
        long expires = l.path("expires_in").asLong(60L * 86_400);
        return new Grant(
                Secret.of(longLived),
                Secret.of(longLived),
                expires,
                expires,
                permissions,
                me.path("user_id").asText(userId),
                me.path("username").asText(""));
    }

    private JsonNode get(String url, String accessToken, String what)
            throws IOException, InterruptedException {
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(timeout)
                                .header("Authorization", "Bearer " + accessToken)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        JsonNode n = parse(r.body());
        if (r.statusCode() != 200) {
            throw new AuthorizationException(
                    what
                            + " failed (HTTP "
                            + r.statusCode()
                            + errorOf(n)
                            + "); the scopes granted may not include it; nothing was stored");
        }
        return n;
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (IOException notJson) {
            return JSON.createObjectNode();
        }
    }

    /** The platform's error code and description, never a token. */
    private static String errorOf(JsonNode n) {
        JsonNode e = n.path("error");
        String code =
                e.isObject()
                        ? e.path("code").asText(e.path("type").asText(""))
                        : e.asText(n.path("error_type").asText(""));
        String text =
                e.isObject()
                        ? e.path("message").asText("")
                        : n.path("error_description").asText(n.path("error_message").asText(""));
        return (code.isEmpty() ? "" : " " + code) + (text.isEmpty() ? "" : ": " + text);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
