package io.flywheel.publishers.youtube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.flywheel.config.Secret;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * The one authorised sender of the YouTube clients, against a local API that answers from a script
 * (and the local OAuth token endpoint): a 401 refreshes the token once and retries.
 */
class AuthorizedSenderTest {
    static final String UNAUTHORIZED =
            "{\"error\":{\"code\":401,\"message\":\"Request had invalid authentication"
                    + " credentials.\",\"errors\":[{\"reason\":\"authError\"}]}}";

    /** A local API answering each request with the next status of its script (200 when none). */
    static final class ScriptedApi implements AutoCloseable {
        final HttpServer server;
        final ConcurrentLinkedQueue<Integer> script = new ConcurrentLinkedQueue<>();
        final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());

        ScriptedApi(Integer... statuses) throws Exception {
            script.addAll(List.of(statuses));
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext(
                    "/probe",
                    x -> {
                        authorizations.add(x.getRequestHeaders().getFirst("Authorization"));
                        Integer status = script.poll();
                        int s = status == null ? 200 : status;
                        byte[] body =
                                (s == 401 ? UNAUTHORIZED : "{\"ok\":true}")
                                        .getBytes(StandardCharsets.UTF_8);
                        x.getResponseHeaders().set("Content-Type", "application/json");
                        x.sendResponseHeaders(s, body.length);
                        x.getResponseBody().write(body);
                        x.close();
                    });
            server.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/probe");
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    void aRefusedTokenIsRefreshedOnceAndTheRequestSentAgain() throws Exception {
        try (YouTubeProtocolServer oauth = new YouTubeProtocolServer();
                ScriptedApi api = new ScriptedApi(401, 200)) {
            AuthorizedSender sender = sender(oauth);

            String body = sender.expectOk("probing", () -> HttpRequest.newBuilder(api.uri()).GET());

            assertThat(body).isEqualTo("{\"ok\":true}");
            assertThat(api.authorizations).hasSize(2);
            assertThat(api.authorizations.get(0)).startsWith("Bearer ya29.test-");
            assertThat(api.authorizations.get(1))
                    .startsWith("Bearer ya29.test-")
                    .as("the retry carries a new token")
                    .isNotEqualTo(api.authorizations.get(0));
            assertThat(oauth.tokenRequests()).isEqualTo(2);
        }
    }

    @Test
    void aSecond401IsAClearErrorAndNotAThirdTry() throws Exception {
        try (YouTubeProtocolServer oauth = new YouTubeProtocolServer();
                ScriptedApi api = new ScriptedApi(401, 401, 200)) {
            AuthorizedSender sender = sender(oauth);

            assertThatThrownBy(
                            () ->
                                    sender.expectOk(
                                            "probing", () -> HttpRequest.newBuilder(api.uri())))
                    .isInstanceOfSatisfying(
                            YouTubeApiException.class,
                            e -> {
                                assertThat(e.status()).isEqualTo(401);
                                assertThat(e.credentials()).isTrue();
                            })
                    .hasMessage(
                            "probing failed: HTTP 401 authError (Request had invalid"
                                    + " authentication credentials.); a freshly refreshed access"
                                    + " token was refused too: reconnect the channel (flywheel"
                                    + " accounts connect youtube)")
                    .hasMessageNotContaining("ya29");
            assertThat(api.authorizations).hasSize(2);
            assertThat(api.script).containsExactly(200);
            // send() hands the protocol's answer back as it is, here the second 401.
            api.script.clear();
            api.script.addAll(List.of(401, 401));
            assertThat(sender.send(() -> HttpRequest.newBuilder(api.uri())).statusCode())
                    .isEqualTo(401);
        }
    }

    @Test
    void otherErrorsAreNotRetriedAndSayWhatFailed() throws Exception {
        try (YouTubeProtocolServer oauth = new YouTubeProtocolServer();
                ScriptedApi api = new ScriptedApi(403)) {
            AuthorizedSender sender = sender(oauth);
            assertThatThrownBy(
                            () ->
                                    sender.expectOk(
                                            "probing", () -> HttpRequest.newBuilder(api.uri())))
                    .isInstanceOfSatisfying(
                            YouTubeApiException.class, e -> assertThat(e.status()).isEqualTo(403))
                    .hasMessageStartingWith("probing failed: HTTP 403");
            assertThat(api.authorizations).hasSize(1);
            assertThat(oauth.tokenRequests()).isEqualTo(1);
        }
    }

    /** A sender with tokens from the local OAuth endpoint. */
    private static AuthorizedSender sender(YouTubeProtocolServer oauth) {
        AccessTokens tokens =
                new AccessTokens(
                        HttpClient.newHttpClient(),
                        oauth.base() + "/token",
                        Secret.of(YouTubeProtocolServer.CLIENT_ID),
                        Secret.of(YouTubeProtocolServer.CLIENT_SECRET),
                        Secret.of(YouTubeProtocolServer.REFRESH_TOKEN),
                        Duration.ofSeconds(5),
                        Clock.systemUTC());
        return new AuthorizedSender(HttpClient.newHttpClient(), tokens, Duration.ofSeconds(5));
    }
}
