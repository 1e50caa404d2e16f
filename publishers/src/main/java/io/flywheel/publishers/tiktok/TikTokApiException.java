package io.flywheel.publishers.tiktok;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A TikTok endpoint answered with an error. {@link #code()} is TikTok's {@code error.code} ({@code
 * spam_risk_too_many_posts}, {@code rate_limit_exceeded}, {@code access_token_invalid}, ...) or the
 * OAuth {@code error}. The message never contains a credential.
 */
public final class TikTokApiException extends Exception {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int status;
    private final String code;

    public TikTokApiException(String message, int status, String code) {
        super(message);
        this.status = status;
        this.code = code == null ? "" : code;
    }

    static TikTokApiException from(String what, int status, String body) {
        String code = "";
        String message = "";
        try {
            JsonNode n = JSON.readTree(body == null || body.isBlank() ? "{}" : body);
            JsonNode error = n.path("error");
            if (error.isTextual()) {
                code = error.asText();
                message = n.path("error_description").asText("");
            } else {
                code = error.path("code").asText("");
                message = error.path("message").asText("");
            }
        } catch (Exception notJson) {
            message = body.length() > 200 ? body.substring(0, 200) : body;
        }
        return new TikTokApiException(
                what
                        + " failed: HTTP "
                        + status
                        + (code.isEmpty() ? "" : " " + code)
                        + (message.isEmpty() ? "" : " (" + message + ")"),
                status,
                code);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The credentials are wrong, expired or missing: nothing works until they are fixed. */
    public boolean credentials() {
        return status == 401
                || code.equals("access_token_invalid")
                || code.equals("invalid_grant")
                || code.equals("invalid_client")
                || code.equals("missing_credentials")
                || code.equals("scope_not_authorized");
    }

    /** Too many posts today: TikTok refuses more until the next day. */
    public boolean tooManyPostsToday() {
        return code.equals("spam_risk_too_many_posts");
    }

    /** Too many requests per minute. */
    public boolean rateLimited() {
        return status == 429 || code.equals("rate_limit_exceeded");
    }
}
