package io.flywheel.publishers.accounts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local server that speaks the token endpoints of Google ({@code /token}), TikTok ({@code
 * /v2/oauth/token/}) and Instagram ({@code /ig/oauth/access_token}, {@code /ig/access_token}) and
 * the identity reads after them. It issues a code for a challenge (as the authorization page would)
 * and redeems it only with the grant type, client id and secret, redirect URI and a code_verifier
 * whose SHA-256 gives the challenge, computed here independently of {@link Pkce}.
 */
final class OAuthProtocolServer implements AutoCloseable {
    static final String CLIENT_ID = "client-123";
    static final String CLIENT_SECRET = "secret-456";

    private record Issued(String challenge, String encoding, String redirectUri) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final Map<String, Issued> codes = new ConcurrentHashMap<>();
    final List<String> refusals = new CopyOnWriteArrayList<>();
    final List<Map<String, String>> tokenRequests = new CopyOnWriteArrayList<>();

    OAuthProtocolServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", ex -> token(ex, "client_id", "base64url", "youtube"));
        server.createContext("/v2/oauth/token/", ex -> token(ex, "client_key", "hex", "tiktok"));
        server.createContext("/ig/oauth/access_token", ex -> token(ex, "client_id", null, "ig"));
        server.createContext(
                "/ig/access_token",
                ex -> {
                    Map<String, String> q = form(ex.getRequestURI().getRawQuery());
                    if (!"ig_exchange_token".equals(q.get("grant_type"))
                            || !CLIENT_SECRET.equals(q.get("client_secret"))
                            || !"IGshort".equals(q.get("access_token"))) {
                        send(ex, 400, Map.of("error", Map.of("message", "bad exchange")));
                        return;
                    }
                    send(
                            ex,
                            200,
                            Map.of(
                                    "access_token",
                                    "IGlong",
                                    "token_type",
                                    "bearer",
                                    "expires_in",
                                    5_184_000));
                });
        server.createContext(
                "/ig/me",
                ex ->
                        bearer(
                                ex,
                                "IGlong",
                                Map.of("user_id", "17841400000000001", "username", "reelmaker")));
        server.createContext(
                "/v2/user/info/",
                ex ->
                        bearer(
                                ex,
                                "act.tiktok",
                                Map.of(
                                        "data",
                                        Map.of(
                                                "user",
                                                Map.of(
                                                        "open_id",
                                                        "open-789",
                                                        "display_name",
                                                        "Clip Studio")),
                                        "error",
                                        Map.of("code", "ok"))));
        server.createContext(
                "/youtube/v3/channels",
                ex ->
                        bearer(
                                ex,
                                "ya29.access",
                                Map.of(
                                        "items",
                                        List.of(
                                                Map.of(
                                                        "id",
                                                        "UCchannel",
                                                        "snippet",
                                                        Map.of("title", "Shorts Lab"))))));
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** What the authorization page does once the user agrees: a code bound to the request. */
    String issue(String challenge, String encoding, String redirectUri) {
        String code = "code-" + codes.size() + "-" + System.nanoTime();
        codes.put(code, new Issued(challenge, encoding, redirectUri));
        return code;
    }

    private void token(HttpExchange ex, String idParam, String encoding, String kind)
            throws IOException {
        Map<String, String> f =
                form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        tokenRequests.add(f);
        Issued issued = codes.remove(f.getOrDefault("code", ""));
        String refusal = null;
        if (!"POST".equals(ex.getRequestMethod())) {
            refusal = "method";
        } else if (!"authorization_code".equals(f.get("grant_type"))) {
            refusal = "grant_type";
        } else if (!CLIENT_ID.equals(f.get(idParam))
                || !CLIENT_SECRET.equals(f.get("client_secret"))) {
            refusal = "client";
        } else if (issued == null) {
            refusal = "code";
        } else if (!issued.redirectUri().equals(f.get("redirect_uri"))) {
            refusal = "redirect_uri";
        } else if (encoding != null
                && (f.get("code_verifier") == null
                        || !challengeOf(f.get("code_verifier"), encoding)
                                .equals(issued.challenge()))) {
            refusal = "code_verifier";
        }
        if (refusal != null) {
            refusals.add(refusal);
            send(ex, 400, Map.of("error", "invalid_grant", "error_description", "bad " + refusal));
            return;
        }
        switch (kind) {
            case "youtube" ->
                    send(
                            ex,
                            200,
                            Map.of(
                                    "access_token", "ya29.access",
                                    "expires_in", 3599,
                                    "refresh_token", "1//google-refresh",
                                    "scope", "https://www.googleapis.com/auth/youtube.upload",
                                    "token_type", "Bearer"));
            case "tiktok" ->
                    send(
                            ex,
                            200,
                            Map.of(
                                    "open_id", "open-789",
                                    "scope", "user.info.basic,video.publish",
                                    "access_token", "act.tiktok",
                                    "expires_in", 86400,
                                    "refresh_token", "rft.tiktok",
                                    "refresh_expires_in", 31536000,
                                    "token_type", "Bearer"));
            default ->
                    send(
                            ex,
                            200,
                            Map.of(
                                    "data",
                                    List.of(
                                            Map.of(
                                                    "access_token", "IGshort",
                                                    "user_id", "17841400000000001",
                                                    "permissions",
                                                            List.of(
                                                                    "instagram_business_basic",
                                                                    "instagram_business_content_publish")))));
        }
    }

    /** SHA-256 of the verifier, encoded as the platform expects (RFC 7636 or TikTok's hex). */
    private static String challengeOf(String verifier, String encoding) {
        try {
            byte[] d =
                    MessageDigest.getInstance("SHA-256")
                            .digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return encoding.equals("hex")
                    ? HexFormat.of().formatHex(d)
                    : Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void bearer(HttpExchange ex, String token, Object answer) throws IOException {
        if (!("Bearer " + token).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            send(ex, 401, Map.of("error", Map.of("code", "access_token_invalid")));
            return;
        }
        send(ex, 200, answer);
    }

    static Map<String, String> form(String raw) {
        Map<String, String> out = new java.util.HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            out.put(
                    URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    static Map<String, String> query(URI uri) {
        return form(uri.getRawQuery());
    }

    private static void send(HttpExchange ex, int status, Object body) throws IOException {
        byte[] b = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
