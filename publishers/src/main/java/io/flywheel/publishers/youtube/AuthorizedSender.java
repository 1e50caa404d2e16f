package io.flywheel.publishers.youtube;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Sends the channel's requests to YouTube's APIs with its access token: a 401 (the token expired or
 * was revoked early) refreshes the token once and sends again. The Data API's uploads and
 * thumbnails and the Analytics reports all go through it.
 */
final class AuthorizedSender {
    private final HttpClient http;
    private final AccessTokens tokens;
    private final Duration timeout;

    /** Builds a request without its token and timeout (again for a retry: a body is read anew). */
    @FunctionalInterface
    interface Request {
        HttpRequest.Builder build() throws IOException;
    }

    AuthorizedSender(HttpClient http, AccessTokens tokens, Duration timeout) {
        this.http = http;
        this.tokens = tokens;
        this.timeout = timeout;
    }

    /**
     * The answer to the request {@code request} builds (built again for the retry), whatever its
     * status: the caller reads the protocol's own answers (308, 404, 5xx, ...).
     */
    HttpResponse<String> send(Request request)
            throws IOException, InterruptedException, YouTubeApiException {
        HttpResponse<String> r = once(request);
        if (r.statusCode() == 401) {
            tokens.invalidate();
            r = once(request);
        }
        return r;
    }

    /**
     * The body of a 200 answer to the request; any other answer is a {@link YouTubeApiException}
     * saying what failed ({@code what}, e.g. "setting the thumbnail of x"), with the API's reason.
     */
    String expectOk(String what, Request request)
            throws IOException, InterruptedException, YouTubeApiException {
        HttpResponse<String> r = send(request);
        if (r.statusCode() == 401) {
            YouTubeApiException e = YouTubeApiException.from(what, 401, r.body());
            throw new YouTubeApiException(
                    e.getMessage()
                            + "; a freshly refreshed access token was refused too: reconnect the"
                            + " channel (flywheel accounts connect youtube)",
                    401,
                    e.reason());
        }
        if (r.statusCode() != 200) {
            throw YouTubeApiException.from(what, r.statusCode(), r.body());
        }
        return r.body();
    }

    private HttpResponse<String> once(Request request)
            throws IOException, InterruptedException, YouTubeApiException {
        return http.send(
                request.build()
                        .timeout(timeout)
                        .header("Authorization", "Bearer " + tokens.get())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
