package io.flywheel.publishers.youtube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A YouTube or OAuth endpoint answered with an error. {@link #reason()} is the API's error reason
 * ({@code quotaExceeded}, {@code uploadLimitExceeded}, {@code invalid_grant}, ...) when it gave
 * one. The message never contains a credential.
 */
public final class YouTubeApiException extends Exception {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int status;
    private final String reason;

    public YouTubeApiException(String message, int status, String reason) {
        super(message);
        this.status = status;
        this.reason = reason == null ? "" : reason;
    }

    /** Builds the exception from an error response, reading Google's JSON error body if any. */
    static YouTubeApiException from(String what, int status, String body) {
        String reason = "";
        String message = "";
        try {
            JsonNode n = JSON.readTree(body == null || body.isBlank() ? "{}" : body);
            JsonNode error = n.path("error");
            if (error.isTextual()) {
                // OAuth token endpoint: {"error": "invalid_grant", "error_description": "..."}
                reason = error.asText();
                message = n.path("error_description").asText("");
            } else {
                message = error.path("message").asText("");
                reason = error.path("errors").path(0).path("reason").asText("");
                if (reason.isEmpty()) {
                    reason = error.path("status").asText("");
                }
            }
        } catch (Exception notJson) {
            message = body.length() > 200 ? body.substring(0, 200) : body;
        }
        return new YouTubeApiException(
                what
                        + " failed: HTTP "
                        + status
                        + (reason.isEmpty() ? "" : " " + reason)
                        + (message.isEmpty() ? "" : " (" + message + ")"),
                status,
                reason);
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    /** The credentials are wrong, expired or missing: nothing will work until they are fixed. */
    public boolean credentials() {
        return status == 401
                || reason.equals("invalid_grant")
                || reason.equals("invalid_client")
                || reason.equals("unauthorized_client")
                || reason.equals("missing_credentials")
                || reason.equals("authError");
    }

    /** The daily quota of the project is used up: wait for the next quota day. */
    public boolean quotaExceeded() {
        return status == 403
                && (reason.equals("quotaExceeded") || reason.equals("dailyLimitExceeded"));
    }

    /** Too many requests in a short time: wait minutes, not a day. */
    public boolean rateLimited() {
        return status == 429
                || (status == 403
                        && (reason.equals("rateLimitExceeded")
                                || reason.equals("userRateLimitExceeded")));
    }
}
